// API contract of 导出我的数据 (PIPL right of access): the masked summary the page shows, and the full file that is
// handed out only after the resident re-verifies with an SMS code sent to the account's phone.
import { Type, type Static } from '@sinclair/typebox'
import { Level } from './me'

/** One line of a summary section: what it is, a short detail, and when (an instant; the app shows it in Beijing time). */
export const ExportSummaryItem = Type.Object(
  {
    title: Type.String(),
    detail: Type.Optional(Type.String()),
    at: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
)
export type ExportSummaryItem = Static<typeof ExportSummaryItem>

/** A section of the summary (预约, 12345 诉求, 办件, 证照, 收藏…): how many records, the latest few, and any retention note. */
export const ExportSummarySection = Type.Object(
  {
    /** Stable key: appointments, requests, applications, licences, favourites, recent, citycode, ratings, or a module's own name. */
    key: Type.String(),
    title: Type.String(),
    count: Type.Integer({ minimum: 0 }),
    /** Newest first, at most EXPORT_SUMMARY_ITEMS_MAX. */
    items: Type.Array(ExportSummaryItem),
    /** Why some of it is kept after erasure, when the module says so. */
    note: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
)
export type ExportSummarySection = Static<typeof ExportSummarySection>

export const EXPORT_SUMMARY_ITEMS_MAX = 5

/**
 * GET /api/me/export/summary: what is held about the resident, readable and masked (the phone as 138****5678, the ID
 * number as 440***********123X). Nothing in it is more than the masked profile already shows.
 */
export const MeExportSummary = Type.Object(
  {
    generatedAt: Type.String({ format: 'date-time' }),
    account: Type.Object(
      {
        level: Level,
        createdAt: Type.String({ format: 'date-time' }),
        /** Masked. */
        phone: Type.Optional(Type.String()),
        /** Masked name and ID number, and when they were declared. */
        realName: Type.Optional(
          Type.Object({ name: Type.String(), idNumber: Type.String(), declaredAt: Type.String({ format: 'date-time' }) }, { additionalProperties: false }),
        ),
        providers: Type.Array(Type.Union([Type.Literal('wechat'), Type.Literal('alipay'), Type.Literal('sms')])),
        /** Devices signed in now. */
        activeSessions: Type.Integer({ minimum: 0 }),
      },
      { additionalProperties: false },
    ),
    sections: Type.Array(ExportSummarySection),
    /** Whether the full file can be asked for: it needs a phone on the account to send the code to. */
    fullExport: Type.Object({ available: Type.Boolean() }, { additionalProperties: false }),
  },
  { additionalProperties: false },
)
export type MeExportSummary = Static<typeof MeExportSummary>

/** POST /api/me/export/code: a code was sent to the account's phone (shown masked). */
export const ExportCodeResponse = Type.Object(
  {
    phone: Type.String(),
    cooldownSeconds: Type.Integer({ minimum: 0 }),
    expiresInSeconds: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
)
export type ExportCodeResponse = Static<typeof ExportCodeResponse>

/** POST /api/me/export/full: the code just received; the answer is the full, unmasked MeExport (audited). */
export const FullExportBody = Type.Object(
  { code: Type.String({ pattern: '^[0-9]{6}$', description: '6 位短信验证码' }) },
  { additionalProperties: false },
)
export type FullExportBody = Static<typeof FullExportBody>

/** Error codes of the export (wrong, expired or exhausted codes answer with the SMS codes of types/auth.ts). */
export const MeExportErrorCode = {
  /** 409: the account has no phone to send the verification code to (a WeChat/Alipay account that never linked one). */
  EXPORT_NEEDS_PHONE: 'EXPORT_NEEDS_PHONE',
} as const
export type MeExportErrorCode = (typeof MeExportErrorCode)[keyof typeof MeExportErrorCode]
