// API contract for the signed-in resident's own profile, real-name declaration and PIPL rights.
import { Type, type Static } from '@sinclair/typebox'

/** 1: signed in. 2: real name declared and checked (GB 11643 ID number). */
export const Level = Type.Union([Type.Literal(1), Type.Literal(2)])
export type Level = Static<typeof Level>

/** The resident as every response shows them: personal fields are always masked. */
export const Me = Type.Object(
  {
    id: Type.String(),
    level: Level,
    /** Masked, e.g. 138****5678. */
    phone: Type.Optional(Type.String()),
    realName: Type.Optional(
      Type.Object(
        {
          /** Masked, e.g. 张*明 / 李*. */
          name: Type.String(),
          /** Masked, e.g. 440***********123X. */
          idNumber: Type.String(),
        },
        { additionalProperties: false },
      ),
    ),
    /** Sign-in methods linked to this resident. */
    providers: Type.Array(Type.Union([Type.Literal('wechat'), Type.Literal('alipay'), Type.Literal('sms')])),
  },
  { additionalProperties: false },
)
export type Me = Static<typeof Me>

export const RealNameBody = Type.Object(
  {
    name: Type.String({ minLength: 2, maxLength: 30, description: '姓名' }),
    idNumber: Type.String({ minLength: 18, maxLength: 18, description: '18 位居民身份证号码' }),
  },
  { additionalProperties: false },
)
export type RealNameBody = Static<typeof RealNameBody>

/** One signed-in device of the resident (GET /api/me/sessions). */
export const SessionInfo = Type.Object(
  {
    id: Type.String(),
    provider: Type.Union([Type.Literal('wechat'), Type.Literal('alipay'), Type.Literal('sms')]),
    createdAt: Type.String({ format: 'date-time' }),
    lastSeenAt: Type.String({ format: 'date-time' }),
    expiresAt: Type.String({ format: 'date-time' }),
    /** The session making this request. */
    current: Type.Boolean(),
  },
  { additionalProperties: false },
)
export type SessionInfo = Static<typeof SessionInfo>

export const SessionList = Type.Object({ items: Type.Array(SessionInfo) }, { additionalProperties: false })
export type SessionList = Static<typeof SessionList>

/**
 * GET /api/me/export: everything held about the resident, unmasked (it is their own data; each export is audited).
 * Served as an attachment (onestop-my-data.json).
 */
export const MeExport = Type.Object(
  {
    exportedAt: Type.String({ format: 'date-time' }),
    account: Type.Object(
      {
        id: Type.String(),
        level: Level,
        createdAt: Type.String({ format: 'date-time' }),
        phone: Type.Optional(Type.String()),
        realName: Type.Optional(
          Type.Object(
            { name: Type.String(), idNumber: Type.String(), declaredAt: Type.String({ format: 'date-time' }) },
            { additionalProperties: false },
          ),
        ),
      },
      { additionalProperties: false },
    ),
    identities: Type.Array(
      Type.Object(
        {
          provider: Type.Union([Type.Literal('wechat'), Type.Literal('alipay'), Type.Literal('sms')]),
          /** The platform's id for the resident (openid/unionid, Alipay user id, phone). */
          subject: Type.String(),
          linkedAt: Type.String({ format: 'date-time' }),
          lastLoginAt: Type.String({ format: 'date-time' }),
        },
        { additionalProperties: false },
      ),
    ),
    sessions: Type.Array(SessionInfo),
    smsCodes: Type.Array(
      Type.Object(
        { sentAt: Type.String({ format: 'date-time' }), expiresAt: Type.String({ format: 'date-time' }), used: Type.Boolean() },
        { additionalProperties: false },
      ),
    ),
    /** What the service did with the account (sign-ins are not logged; exports, real-name changes are). */
    activity: Type.Array(
      Type.Object({ at: Type.String({ format: 'date-time' }), action: Type.String() }, { additionalProperties: false }),
    ),
    /** What the other services hold about the resident, by section (收藏, 预约, 诉求…). */
    records: Type.Record(Type.String(), Type.Unknown()),
  },
  { additionalProperties: false },
)
export type MeExport = Static<typeof MeExport>
