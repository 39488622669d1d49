// API contract for signing in and out: residents (WeChat, Alipay, SMS) and staff, and the session they get.
import { Type, type Static } from '@sinclair/typebox'
import { Me } from './me'

/** Mainland mobile number, 11 digits starting 1[3-9]. */
export const Phone = Type.String({ pattern: '^1[3-9][0-9]{9}$', description: '11 位手机号' })

export const WechatLoginBody = Type.Object(
  { code: Type.String({ minLength: 1, maxLength: 128, description: 'Taro.login() 返回的 code' }) },
  { additionalProperties: false },
)
export type WechatLoginBody = Static<typeof WechatLoginBody>

export const AlipayLoginBody = Type.Object(
  { authCode: Type.String({ minLength: 1, maxLength: 128, description: 'my.getAuthCode() 返回的 authCode' }) },
  { additionalProperties: false },
)
export type AlipayLoginBody = Static<typeof AlipayLoginBody>

export const SmsSendBody = Type.Object({ phone: Phone }, { additionalProperties: false })
export type SmsSendBody = Static<typeof SmsSendBody>

export const SmsSendResponse = Type.Object(
  {
    /** Seconds until another code may be requested for this phone. */
    cooldownSeconds: Type.Integer({ minimum: 0 }),
    /** Seconds the code stays valid. */
    expiresInSeconds: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
)
export type SmsSendResponse = Static<typeof SmsSendResponse>

export const SmsVerifyBody = Type.Object(
  { phone: Phone, code: Type.String({ pattern: '^[0-9]{6}$', description: '6 位短信验证码' }) },
  { additionalProperties: false },
)
export type SmsVerifyBody = Static<typeof SmsVerifyBody>

/** What every resident sign-in returns. The token goes in `Authorization: Bearer <token>`. */
export const SessionResponse = Type.Object(
  {
    token: Type.String(),
    expiresAt: Type.String({ format: 'date-time' }),
    user: Me,
  },
  { additionalProperties: false },
)
export type SessionResponse = Static<typeof SessionResponse>

export const StaffRole = Type.Union([
  Type.Literal('dispatcher'),
  Type.Literal('dept_staff'),
  Type.Literal('hall_staff'),
  Type.Literal('admin'),
])
export type StaffRole = Static<typeof StaffRole>

export const StaffProfile = Type.Object(
  {
    id: Type.String(),
    username: Type.String(),
    displayName: Type.String(),
    role: StaffRole,
    /** Set for dept_staff. */
    departmentCode: Type.Optional(Type.String()),
    /** Set for hall_staff. */
    hallId: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
)
export type StaffProfile = Static<typeof StaffProfile>

export const StaffLoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
)
export type StaffLoginBody = Static<typeof StaffLoginBody>

export const StaffSessionResponse = Type.Object(
  { token: Type.String(), expiresAt: Type.String({ format: 'date-time' }), staff: StaffProfile },
  { additionalProperties: false },
)
export type StaffSessionResponse = Static<typeof StaffSessionResponse>

/** Error codes of sign-in, sessions, real name and staff access (each answer is `{ code, message }` in Chinese). */
export const AuthErrorCode = {
  /** 401: wx.login code invalid or used (WeChat 40029/40163). */
  WECHAT_CODE_INVALID: 'WECHAT_CODE_INVALID',
  /** 401: Alipay authCode invalid or used. */
  ALIPAY_CODE_INVALID: 'ALIPAY_CODE_INVALID',
  /** 502: Alipay's answer failed its signature check and was refused. */
  ALIPAY_SIGNATURE_INVALID: 'ALIPAY_SIGNATURE_INVALID',
  /** 429 + Retry-After: WeChat said slow down (45011). */
  UPSTREAM_RATE_LIMITED: 'UPSTREAM_RATE_LIMITED',
  /** 503 + Retry-After: WeChat/Alipay/SMS gateway busy, unreachable or slow. */
  UPSTREAM_BUSY: 'UPSTREAM_BUSY',
  /** 503: this sign-in method is not configured on the server. */
  LOGIN_METHOD_UNAVAILABLE: 'LOGIN_METHOD_UNAVAILABLE',
  /** 429 + Retry-After: one code a minute per phone; the message says how many seconds are left. */
  SMS_COOLDOWN: 'SMS_COOLDOWN',
  /** 429: 10 codes a day per phone, or too many from this address. */
  SMS_DAILY_LIMIT: 'SMS_DAILY_LIMIT',
  /** 400: wrong code; the message says how many tries are left. */
  SMS_CODE_INVALID: 'SMS_CODE_INVALID',
  /** 400: the code is older than 5 minutes or was already used. */
  SMS_CODE_EXPIRED: 'SMS_CODE_EXPIRED',
  /** 429: 5 wrong tries; request a new code. */
  SMS_TOO_MANY_TRIES: 'SMS_TOO_MANY_TRIES',
  /** 409: the phone belongs to another resident with a different real name; accounts not merged. */
  ACCOUNT_MERGE_CONFLICT: 'ACCOUNT_MERGE_CONFLICT',
  /** 401: no token ("请先登录") or an expired/revoked one ("登录已失效，请重新登录"). */
  UNAUTHORIZED: 'UNAUTHORIZED',
  /** 403: signed in, but not allowed (wrong role or scope). */
  FORBIDDEN: 'FORBIDDEN',
  /** 403: the feature needs level 2 (real name). */
  REALNAME_REQUIRED: 'REALNAME_REQUIRED',
  /** 400: the message comes from checkIdNumber (domain/idcard) or the name check. */
  REALNAME_INVALID: 'REALNAME_INVALID',
  /** 409: that ID number is already declared by another account. */
  REALNAME_ID_TAKEN: 'REALNAME_ID_TAKEN',
  /** 401: wrong username or password (the same answer for unknown usernames). */
  STAFF_LOGIN_FAILED: 'STAFF_LOGIN_FAILED',
  /** 423 + Retry-After: 5 failures lock the username for 15 minutes; the message says until when. */
  STAFF_LOCKED: 'STAFF_LOCKED',
  /** 429: too many requests from this address (every route; stricter on /api/auth/*). */
  RATE_LIMITED: 'RATE_LIMITED',
} as const
export type AuthErrorCode = (typeof AuthErrorCode)[keyof typeof AuthErrorCode]
