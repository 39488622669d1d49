// API contract for 好差评 beyond the 12345 request's own rating (types/request.ts RateBody): 一次一评 of a hall visit,
// the 整改 order a 差评 opens, 申诉复核, and the public figures. Rules and labels: domain/ratings.ts.
//
// Resident (Authorization: Bearer <resident token>):
//   POST /api/appointments/:id/rate          body HallRateBody → 201 AppointmentRating
//                                            (second rating → 409 ALREADY_RATED; someone else's or unknown → 404
//                                            NOT_FOUND; not checked in, or more than 7 days after the visit → 409
//                                            RATING_CLOSED)
//   GET  /api/appointments/:id/rating        → AppointmentRating (whether it may be rated, the rating, its 整改)
//   POST /api/applications/:id/rate          body OnlineRateBody → 201 ApplicationRating (一事一评 of a 办件 once it
//                                            ended — approved, rejected or denied — for 7 days after decidedAt; the
//                                            same 409 ALREADY_RATED / 404 NOT_FOUND / 409 RATING_CLOSED)
//   GET  /api/applications/:id/rating        → ApplicationRating
//   GET  /api/requests/:id/rectification     → SubjectRectification (the 整改 of a 12345 request's 差评, or null)
//   POST /api/rectifications/:id/verdict     body VerdictBody → Rectification (满意/不满意 with the 整改, once, after
//                                            it is done; not the caller's → 404)
// Staff (Authorization: Bearer <staff token>):
//   GET  /api/staff/rectifications?status=   → RectificationList (dept_staff: their department's; hall_staff: their
//                                            hall's; dispatcher/admin: all), soonest deadline first
//   POST /api/staff/rectifications/:id/record body RecordBody → StaffRectification (回访 + 整改 result; once)
//   POST /api/staff/rectifications/:id/appeal body AppealBody → StaffRectification (申诉复核; one pending at a time)
//   GET  /api/staff/rating-appeals?status=   → AppealList (dispatcher/admin)
//   POST /api/staff/rating-appeals/:id/decide body DecideBody → Appeal (dispatcher/admin; upheld excludes the
//                                            rating from the figures, the record stays)
// Public (no sign-in):
//   GET  /api/public/ratings                 → PublicRatings (last 12 months, per department and per hall)
import { Type, type Static } from '@sinclair/typebox'
import { Photo, RatingLevel } from './request'

const Instant = Type.String({ format: 'date-time' })
const Score = Type.Integer({ minimum: 1, maximum: 5 })

export const HallIndicators = Type.Object(
  { overall: Score, speed: Score, service: Score, attitude: Score },
  { additionalProperties: false, description: '总体评价、办事效率、服务质量、服务态度（各 1–5）' },
)
export type HallIndicators = Static<typeof HallIndicators>

/** The national indicators of online service (一事一评 of a 办件). */
export const OnlineIndicators = Type.Object(
  { overall: Score, speed: Score, guide: Score, convenience: Score },
  { additionalProperties: false, description: '总体评价、办事效率、指南准确、便捷程度（各 1–5）' },
)
export type OnlineIndicators = Static<typeof OnlineIndicators>

/** The indicators of any rating, as shown: a hall visit's or a 办件's. */
export const RatingIndicators = Type.Union([HallIndicators, OnlineIndicators])
export type RatingIndicators = Static<typeof RatingIndicators>

/** The request's RateBody plus the hall indicators and one optional photo (an upload id from POST /api/uploads). */
export const HallRateBody = Type.Object(
  {
    level: RatingLevel,
    comment: Type.Optional(Type.String({ maxLength: 500 })),
    resolved: Type.Optional(Type.Boolean({ description: '问题是否解决' })),
    indicators: HallIndicators,
    photo: Type.Optional(Type.String({ format: 'uuid' })),
  },
  { additionalProperties: false },
)
export type HallRateBody = Static<typeof HallRateBody>

/** The same body with the online indicators, for a 办件. */
export const OnlineRateBody = Type.Object(
  {
    level: RatingLevel,
    comment: Type.Optional(Type.String({ maxLength: 500 })),
    resolved: Type.Optional(Type.Boolean({ description: '问题是否解决' })),
    indicators: OnlineIndicators,
    photo: Type.Optional(Type.String({ format: 'uuid' })),
  },
  { additionalProperties: false },
)
export type OnlineRateBody = Static<typeof OnlineRateBody>

export const RectificationStatus = Type.Union([Type.Literal('open'), Type.Literal('done')])
export type RectificationStatus = Static<typeof RectificationStatus>
export const ContactMethod = Type.Union([Type.Literal('phone'), Type.Literal('sms'), Type.Literal('visit'), Type.Literal('other')])
export type ContactMethod = Static<typeof ContactMethod>
export const Verdict = Type.Union([Type.Literal('satisfied'), Type.Literal('unsatisfied')])
export type Verdict = Static<typeof Verdict>

/** A 整改 as the resident sees it. */
export const Rectification = Type.Object(
  {
    id: Type.String(),
    status: RectificationStatus,
    /** The department that must rectify. */
    departmentName: Type.String(),
    openedAt: Instant,
    deadline: Instant,
    /** 回访: when, how and what was said. */
    contact: Type.Union([
      Type.Object({ at: Instant, method: ContactMethod, methodLabel: Type.String(), summary: Type.String() }, { additionalProperties: false }),
      Type.Null(),
    ]),
    /** 整改 result. */
    result: Type.Union([Type.String(), Type.Null()]),
    doneAt: Type.Union([Instant, Type.Null()]),
    /** The resident's 满意/不满意 with the 整改. */
    verdict: Type.Union([Verdict, Type.Null()]),
    verdictAt: Type.Union([Instant, Type.Null()]),
  },
  { additionalProperties: false },
)
export type Rectification = Static<typeof Rectification>

/** A rating as its rater sees it: of a hall visit (hall indicators) or of a 办件 (online indicators). */
export const VisitRating = Type.Object(
  {
    level: RatingLevel,
    levelLabel: Type.String(),
    indicators: Type.Union([HallIndicators, OnlineIndicators, Type.Null()]),
    comment: Type.Union([Type.String(), Type.Null()]),
    resolved: Type.Union([Type.Boolean(), Type.Null()]),
    photo: Type.Union([Photo, Type.Null()]),
    /** Given by the system when nobody rated within 7 days (基本满意). */
    isDefault: Type.Boolean(),
    at: Instant,
  },
  { additionalProperties: false },
)
export type VisitRating = Static<typeof VisitRating>

export const AppointmentRating = Type.Object(
  {
    appointmentId: Type.String(),
    /** Whether the resident may rate now; when not and no rating exists, `refusal` says why. */
    rateable: Type.Boolean(),
    refusal: Type.Union([Type.String(), Type.Null()]),
    /** The last moment to rate (7 days after the visit's slot ended); null when not checked in. */
    closesAt: Type.Union([Instant, Type.Null()]),
    rating: Type.Union([VisitRating, Type.Null()]),
    rectification: Type.Union([Rectification, Type.Null()]),
  },
  { additionalProperties: false },
)
export type AppointmentRating = Static<typeof AppointmentRating>

export const ApplicationRating = Type.Object(
  {
    applicationId: Type.String(),
    /** Whether the resident may rate now; when not and no rating exists, `refusal` says why. */
    rateable: Type.Boolean(),
    refusal: Type.Union([Type.String(), Type.Null()]),
    /** The last moment to rate (7 days after the decision); null while the 办件 has not ended. */
    closesAt: Type.Union([Instant, Type.Null()]),
    rating: Type.Union([VisitRating, Type.Null()]),
    rectification: Type.Union([Rectification, Type.Null()]),
  },
  { additionalProperties: false },
)
export type ApplicationRating = Static<typeof ApplicationRating>

export const SubjectRectification = Type.Object({ rectification: Type.Union([Rectification, Type.Null()]) }, { additionalProperties: false })
export type SubjectRectification = Static<typeof SubjectRectification>

export const VerdictBody = Type.Object({ verdict: Verdict }, { additionalProperties: false })
export type VerdictBody = Static<typeof VerdictBody>

// ---------------------------------------------------------------- staff

export const AppealStatus = Type.Union([Type.Literal('pending'), Type.Literal('upheld'), Type.Literal('rejected')])
export type AppealStatus = Static<typeof AppealStatus>

export const SubjectKind = Type.Union([Type.Literal('appointment'), Type.Literal('request'), Type.Literal('application')])
export type SubjectKind = Static<typeof SubjectKind>

const Subject = Type.Object(
  {
    kind: SubjectKind,
    id: Type.String(),
    /** e.g. 居民身份证换领 · 天河区政务服务中心, 社会保障卡申领 · SQ20261102000001 (a 办件), or the request's number. */
    label: Type.String(),
  },
  { additionalProperties: false },
)

const AppealSummary = Type.Object(
  { id: Type.String(), status: AppealStatus, reason: Type.String(), note: Type.Union([Type.String(), Type.Null()]) },
  { additionalProperties: false },
)

/** A 整改 order in a staff queue: never the rater's name or phone. */
export const StaffRectification = Type.Object(
  {
    ...Rectification.properties,
    subject: Subject,
    departmentCode: Type.String(),
    hallName: Type.Union([Type.String(), Type.Null()]),
    level: RatingLevel,
    levelLabel: Type.String(),
    comment: Type.Union([Type.String(), Type.Null()]),
    indicators: Type.Union([HallIndicators, OnlineIndicators, Type.Null()]),
    ratedAt: Instant,
    /** 临期 (within a day of the deadline) / 超期, for an open order. */
    urgency: Type.Union([Type.Literal('normal'), Type.Literal('due-soon'), Type.Literal('overdue')]),
    urgencyLabel: Type.String(),
    appeal: Type.Union([AppealSummary, Type.Null()]),
    /** Whether the rating is excluded from the figures (upheld appeal). */
    excluded: Type.Boolean(),
  },
  { additionalProperties: false },
)
export type StaffRectification = Static<typeof StaffRectification>

export const RectificationQuery = Type.Object(
  { status: Type.Optional(Type.Union([RectificationStatus, Type.Literal('all')])) },
  { additionalProperties: false },
)
export type RectificationQuery = Static<typeof RectificationQuery>

export const RectificationList = Type.Object({ items: Type.Array(StaffRectification) }, { additionalProperties: false })
export type RectificationList = Static<typeof RectificationList>

export const RecordBody = Type.Object(
  {
    contactedAt: Instant,
    contactMethod: ContactMethod,
    contactSummary: Type.String({ maxLength: 500, description: '回访情况' }),
    result: Type.String({ maxLength: 1000, description: '整改结果' }),
  },
  { additionalProperties: false },
)
export type RecordBody = Static<typeof RecordBody>

export const AppealBody = Type.Object({ reason: Type.String({ maxLength: 500, description: '申诉理由' }) }, { additionalProperties: false })
export type AppealBody = Static<typeof AppealBody>

export const Appeal = Type.Object(
  {
    id: Type.String(),
    rectificationId: Type.String(),
    subject: Subject,
    departmentCode: Type.String(),
    departmentName: Type.String(),
    level: RatingLevel,
    levelLabel: Type.String(),
    comment: Type.Union([Type.String(), Type.Null()]),
    reason: Type.String(),
    status: AppealStatus,
    filedAt: Instant,
    decidedAt: Type.Union([Instant, Type.Null()]),
    note: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
)
export type Appeal = Static<typeof Appeal>

export const AppealQuery = Type.Object({ status: Type.Optional(Type.Union([AppealStatus, Type.Literal('all')])) }, { additionalProperties: false })
export type AppealQuery = Static<typeof AppealQuery>

export const AppealList = Type.Object({ items: Type.Array(Appeal) }, { additionalProperties: false })
export type AppealList = Static<typeof AppealList>

export const DecideBody = Type.Object(
  { upheld: Type.Boolean({ description: 'true: 申诉成立，该评价不计入统计' }), note: Type.String({ maxLength: 500, description: '复核意见' }) },
  { additionalProperties: false },
)
export type DecideBody = Static<typeof DecideBody>

// ---------------------------------------------------------------- public

export const RatingFigures = Type.Object(
  {
    /** Counted ratings by level (upheld appeals left out), level 5 first. */
    byLevel: Type.Array(Type.Object({ level: RatingLevel, label: Type.String(), count: Type.Integer() }, { additionalProperties: false })),
    total: Type.Integer(),
    /** How many of `total` are 7-day defaults (基本满意). */
    defaults: Type.Integer(),
    /** (levels 5–3) ÷ total; null when nothing was rated. */
    satisfaction: Type.Union([Type.Number(), Type.Null()]),
    /** 差评 (levels 1–2) counted. */
    bad: Type.Integer(),
    /** 差评 whose 整改 is done. */
    rectified: Type.Integer(),
    /** rectified ÷ bad; null when there was no 差评. */
    rectifyRate: Type.Union([Type.Number(), Type.Null()]),
  },
  { additionalProperties: false },
)
export type RatingFigures = Static<typeof RatingFigures>

export const PublicRatings = Type.Object(
  {
    /** The period: the last 12 months up to today (Asia/Shanghai dates, inclusive). */
    from: Type.String(),
    to: Type.String(),
    /** Hall visits (by the department of the service), 办件 (by the deciding department) and 12345 requests (by the
     *  handling department). */
    departments: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), figures: RatingFigures }, { additionalProperties: false })),
    /** Hall visits by hall. */
    halls: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), district: Type.String(), figures: RatingFigures }, { additionalProperties: false })),
  },
  { additionalProperties: false },
)
export type PublicRatings = Static<typeof PublicRatings>

export const RatingErrorCode = {
  /** 409: the item already has a rating (one rating per item). */
  ALREADY_RATED: 'ALREADY_RATED',
  /** 409: not (yet) rateable: not checked in / 办件 not ended, or past the 7-day window. */
  RATING_CLOSED: 'RATING_CLOSED',
  /** 400: the photo id is unknown, not the caller's, or already used. */
  PHOTO_INVALID: 'PHOTO_INVALID',
  /** 400: a required text is empty after trimming, or the contact time is in the future. */
  RECTIFY_INCOMPLETE: 'RECTIFY_INCOMPLETE',
  /** 409: the 整改 is already recorded / not yet done (verdict) / the verdict was given. */
  RECTIFICATION_STATE: 'RECTIFICATION_STATE',
  /** 409: an appeal is pending or was decided already. */
  APPEAL_STATE: 'APPEAL_STATE',
} as const
export type RatingErrorCode = (typeof RatingErrorCode)[keyof typeof RatingErrorCode]
