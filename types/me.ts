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
