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
