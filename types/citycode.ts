// API contract for the city code (一码通城): public keys, rotating and offline codes, printed elder codes, family delegation, verification and the usage log.
import { Type, type Static } from '@sinclair/typebox'
import { CITY_SCENES, REFUSAL_REASONS } from '@domain/citycode-scenes'

export const CityScene = Type.Union(CITY_SCENES.map((s) => Type.Literal(s)))
export const RefusalReason = Type.Union(REFUSAL_REASONS.map((r) => Type.Literal(r)))
const DateTime = Type.String({ format: 'date-time' })

/** GET /api/citycode/keys: every key a verifier may meet, current and retired. Public, cacheable for 5 minutes. */
export const CityKeyList = Type.Object(
  {
    keys: Type.Array(
      Type.Object(
        {
          kid: Type.String({ description: '8 位十六进制密钥编号，码内携带' }),
          alg: Type.Literal('Ed25519'),
          /** Raw 32-byte public key, base64url. */
          publicKey: Type.String(),
          status: Type.Union([Type.Literal('active'), Type.Literal('retired')]),
          /** When it stopped signing; codes it signed before stay valid until they expire. */
          retiredAt: Type.Union([DateTime, Type.Null()]),
        },
        { additionalProperties: false },
      ),
    ),
    /** Allowed verifier clock difference. */
    skewSeconds: Type.Integer(),
    maxRotatingSeconds: Type.Integer(),
    maxPrintedDays: Type.Integer(),
  },
  { additionalProperties: false },
)
export type CityKeyList = Static<typeof CityKeyList>

export const SceneQuery = Type.Object({ scene: CityScene }, { additionalProperties: false })
export const OptionalSceneQuery = Type.Object({ scene: Type.Optional(CityScene) }, { additionalProperties: false })

/** One signed code with its window. */
export const SignedCode = Type.Object(
  { code: Type.String(), scene: CityScene, validFrom: DateTime, validUntil: DateTime },
  { additionalProperties: false },
)
export type SignedCode = Static<typeof SignedCode>

/** GET /api/citycode/code?scene=: the code to show now (valid 60 s, show a new one every refreshSeconds). */
export const CurrentCode = Type.Object(
  { code: Type.String(), scene: CityScene, validFrom: DateTime, validUntil: DateTime, refreshSeconds: Type.Integer(), serverTime: DateTime },
  { additionalProperties: false },
)
export type CurrentCode = Static<typeof CurrentCode>

/** GET /api/citycode/batch: pre-signed codes, 30 s apart, each valid 60 s, covering ≥ 10 minutes without network. */
export const CodeBatch = Type.Object(
  { codes: Type.Array(SignedCode), offlineUntil: DateTime, serverTime: DateTime },
  { additionalProperties: false },
)
export type CodeBatch = Static<typeof CodeBatch>

/** A printed elder code (长者打印码). `code` is shown only to its holder and their family agents. */
export const PrintedCode = Type.Object(
  {
    id: Type.String(),
    scene: CityScene,
    /** Whose code it is: 'self' or a person the caller acts for (masked name). */
    holder: Type.String(),
    holderId: Type.String(),
    code: Type.String(),
    issuedAt: DateTime,
    expiresAt: DateTime,
    revokedAt: Type.Union([DateTime, Type.Null()]),
    /** 'self' when the holder issued it, 'family' when an agent did. */
    issuedBy: Type.Union([Type.Literal('self'), Type.Literal('family')]),
    status: Type.Union([Type.Literal('active'), Type.Literal('expired'), Type.Literal('revoked')]),
  },
  { additionalProperties: false },
)
export type PrintedCode = Static<typeof PrintedCode>

export const PrintedCodeList = Type.Object({ items: Type.Array(PrintedCode) }, { additionalProperties: false })
export type PrintedCodeList = Static<typeof PrintedCodeList>

export const IssuePrintedBody = Type.Object(
  {
    scene: CityScene,
    days: Type.Integer({ minimum: 1, maximum: 180, description: '有效天数，最长 180 天' }),
    /** Issue for someone the caller acts for (GET /api/citycode/principals); omitted: for oneself. */
    forUserId: Type.Optional(Type.String({ format: 'uuid' })),
  },
  { additionalProperties: false },
)
export type IssuePrintedBody = Static<typeof IssuePrintedBody>

/** A family link: `agent` may issue, list and revoke printed codes for `principal`. */
export const Delegation = Type.Object(
  {
    userId: Type.String(),
    /** Masked name (or masked phone when no real name). */
    name: Type.String(),
    createdAt: DateTime,
  },
  { additionalProperties: false },
)
export type Delegation = Static<typeof Delegation>

export const DelegationList = Type.Object(
  {
    /** People I allowed to act for me. */
    agents: Type.Array(Delegation),
    /** People who allowed me to act for them. */
    principals: Type.Array(Delegation),
  },
  { additionalProperties: false },
)
export type DelegationList = Static<typeof DelegationList>

export const AddAgentBody = Type.Object({ phone: Type.String({ pattern: '^1\\d{10}$', description: '家人的手机号（须已注册并实名）' }) }, { additionalProperties: false })
export type AddAgentBody = Static<typeof AddAgentBody>

export const VerifyBody = Type.Object({ code: Type.String({ minLength: 1, maxLength: 400 }), scene: CityScene }, { additionalProperties: false })
export type VerifyBody = Static<typeof VerifyBody>

/** POST /api/citycode/verify: always 200 for a well-formed request; `ok` says whether to let the person through. */
export const VerifyResponse = Type.Union([
  Type.Object(
    {
      ok: Type.Literal(true),
      scene: CityScene,
      /** The per-scene pseudonym: stable for one person in this scene, unrelated across scenes. */
      subject: Type.String(),
      /** 2: real-name verified. */
      level: Type.Integer(),
      kind: Type.Union([Type.Literal('rotating'), Type.Literal('printed')]),
      validUntil: DateTime,
      checkedAt: DateTime,
    },
    { additionalProperties: false },
  ),
  Type.Object(
    { ok: Type.Literal(false), reason: RefusalReason, message: Type.String(), checkedAt: DateTime },
    { additionalProperties: false },
  ),
])
export type VerifyResponse = Static<typeof VerifyResponse>

/** One verification of one of my codes (我的 → 码使用记录). */
export const CodeUse = Type.Object(
  {
    id: Type.String(),
    scene: CityScene,
    kind: Type.Union([Type.Literal('rotating'), Type.Literal('printed')]),
    ok: Type.Boolean(),
    reason: Type.Union([RefusalReason, Type.Null()]),
    /** Who checked it: the partner's or staff member's name. */
    verifier: Type.String(),
    at: DateTime,
  },
  { additionalProperties: false },
)
export type CodeUse = Static<typeof CodeUse>

export const CodeUseList = Type.Object({ items: Type.Array(CodeUse) }, { additionalProperties: false })
export type CodeUseList = Static<typeof CodeUseList>

/** Error codes of the city-code API besides the common ones (NOT_FOUND, FORBIDDEN, REALNAME_REQUIRED …). */
export const CitycodeErrorCode = {
  /** 403: the holder has not authorised this family member to act for them. */
  NOT_DELEGATED: 'NOT_DELEGATED',
  /** 404: no resident account with the family member's phone. */
  AGENT_NOT_FOUND: 'AGENT_NOT_FOUND',
  /** 400: a resident cannot authorise themselves. */
  SELF_DELEGATION: 'SELF_DELEGATION',
  /** 401: the partner's API key is unknown, revoked or not for this scene. */
  API_KEY_INVALID: 'API_KEY_INVALID',
} as const
export type CitycodeErrorCode = (typeof CitycodeErrorCode)[keyof typeof CitycodeErrorCode]
