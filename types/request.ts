// API contract for 12345 有呼必应 requests (工单): filing, the resident's list/detail/actions, and the staff workbench.
//
// Resident (Authorization: Bearer <resident token>; 401 UNAUTHORIZED without one):
//   POST /api/requests                      body FileRequestBody, header Idempotency-Key → 201 FiledRequest
//                                           (the same key again → 200 with the first answer; never a second request)
//   GET  /api/requests?page=&pageSize=      → RequestList (own requests, newest first)
//   GET  /api/requests/:id                  → RequestDetail (someone else's or unknown id → 404 NOT_FOUND)
//   POST /api/requests/:id/supplement       body SupplementBody → RequestDetail   (补充)
//   POST /api/requests/:id/urge             body {}             → RequestDetail   (催办, only once the deadline has passed)
//   POST /api/requests/:id/rate             body RateBody       → RequestDetail   (评价 + 问题是否解决, within 7 days of closing)
//   POST /api/requests/:id/reopen           body ReopenBody     → RequestDetail   (重办, once, after 不满意/非常不满意)
//   GET  /api/request-categories            → CategoryTree (the classification tree; also in domain/request-categories)
//
// Staff (Authorization: Bearer <staff token>; dispatcher/admin see everything, dept_staff only their department's):
//   GET  /api/staff/requests?queue=&status=&overdue=&page=&pageSize=   → StaffRequestPage (sorted by deadline)
//   GET  /api/staff/requests/:id            → StaffRequestDetail (contact masked; another department's → 404)
//   POST /api/staff/requests/:id/contact    body {} → RevealedContact (audited; anonymous → 403 for departments)
//   POST /api/staff/requests/:id/actions    body StaffActionBody → StaffRequestDetail
//                                           (illegal for the state or role → 409 ILLEGAL_TRANSITION, nothing changed)
//   GET  /api/staff/requests/:id/suggest-department → DepartmentSuggestion (from category + district rules)
//
// Photos: POST /api/uploads first (types/upload.ts), then pass the upload ids in `photos`.
// State names, action names and their Chinese labels: domain/workorder.ts (STATUS_LABEL, ACTION_LABEL, TYPE_LABEL).
import { Type, type Static } from '@sinclair/typebox'
import { MAX_PAGE, Page } from './common'

export const RequestType = Type.Union(
  [Type.Literal('consult'), Type.Literal('help'), Type.Literal('complaint'), Type.Literal('report'), Type.Literal('suggestion')],
  { description: '咨询 consult / 求助 help / 投诉 complaint / 举报 report / 建议 suggestion' },
)
export type RequestType = Static<typeof RequestType>

export const RequestStatus = Type.Union([
  Type.Literal('submitted'), // 已提交
  Type.Literal('accepted'), // 已受理
  Type.Literal('rejected'), // 不予受理 (final)
  Type.Literal('dispatched'), // 已派单
  Type.Literal('signed'), // 已签收
  Type.Literal('processing'), // 办理中 (after 退回重办 by the hotline, or the resident's 重办)
  Type.Literal('replied'), // 已答复 (awaiting the hotline's review)
  Type.Literal('returned'), // 已退单 (the department returned it; the hotline re-dispatches or rules)
  Type.Literal('closed'), // 已办结
  Type.Literal('rated'), // 已评价 / 已回访 (rated in the app, or by phone through the hotline's 回访)
  Type.Literal('merged'), // 已并案 (follows another request)
])
export type RequestStatus = Static<typeof RequestStatus>

/** The steps a clerk takes: the actions of POST /api/staff/requests/:id/actions, in the order of the timeline's steps. */
const STAFF_ACTION_LITERALS = [
  Type.Literal('accept'),
  Type.Literal('refuse'),
  Type.Literal('answer'),
  Type.Literal('dispatch'),
  Type.Literal('sign'),
  Type.Literal('reply'),
  Type.Literal('return'),
  Type.Literal('request-extension'),
  Type.Literal('approve-extension'),
  Type.Literal('deny-extension'),
  Type.Literal('close'),
  Type.Literal('send-back'),
  Type.Literal('supervise'),
  Type.Literal('merge'),
  Type.Literal('revisit'), // 回访: the hotline records the resident's rating given by phone
]

/** Every step that can appear in a timeline. Staff actions use the same names in POST …/actions. */
export const RequestAction = Type.Union([
  Type.Literal('file'), // 提交诉求 (resident)
  ...STAFF_ACTION_LITERALS,
  Type.Literal('supplement'), // resident
  Type.Literal('urge'), // resident
  Type.Literal('rate'), // resident
  Type.Literal('reopen'), // resident (重办)
  Type.Literal('warn'), // system: 80 % of the time used (staff only)
])
export type RequestAction = Static<typeof RequestAction>

/** The actions a clerk may post to POST /api/staff/requests/:id/actions. */
export const StaffAction = Type.Union(STAFF_ACTION_LITERALS)
export type StaffAction = Static<typeof StaffAction>

/** 非常满意 5 / 满意 4 / 基本满意 3 / 不满意 2 / 非常不满意 1. */
export const RatingLevel = Type.Integer({ minimum: 1, maximum: 5, description: '5 非常满意 … 1 非常不满意' })
export type RatingLevel = Static<typeof RatingLevel>

export const RequestLocation = Type.Object(
  {
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    lng: Type.Number({ minimum: -180, maximum: 180 }),
    address: Type.String({ minLength: 1, maxLength: 200, description: '地址' }),
    /** District (区), e.g. 天河区. */
    district: Type.String({ minLength: 1, maxLength: 30 }),
    /** Street/town (街道/镇), optional. */
    street: Type.Optional(Type.String({ maxLength: 50 })),
  },
  { additionalProperties: false },
)
export type RequestLocation = Static<typeof RequestLocation>

/** Upload ids from POST /api/uploads (uuid). */
export const PhotoIds = Type.Array(Type.String({ format: 'uuid' }), { maxItems: 9, uniqueItems: true })

export const FileRequestBody = Type.Object(
  {
    type: RequestType,
    /** Category code from the classification tree (leaf or top level), e.g. `traffic.parking`. */
    category: Type.Optional(Type.String({ maxLength: 60 })),
    /** 10–2,000 characters after trimming (checked by validateRequestInput, Chinese message). */
    content: Type.String({ maxLength: 4000 }),
    location: Type.Optional(RequestLocation),
    photos: Type.Optional(PhotoIds),
    /** Defaults to the account's phone when left out. */
    contactPhone: Type.Optional(Type.String({ pattern: '^1[3-9][0-9]{9}$', description: '11 位手机号' })),
    contactName: Type.Optional(Type.String({ maxLength: 30 })),
    /** The department never sees who filed it, nor the contact. Default false. */
    anonymous: Type.Optional(Type.Boolean()),
    /** May the content be shown publicly (e.g. to similar-request search)? Default false. */
    public: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)
export type FileRequestBody = Static<typeof FileRequestBody>

/** `Idempotency-Key` header for POST /api/requests: 8–128 characters of A–Z a–z 0–9 _ - (a uuid is fine). */
export const IdempotencyKeyHeader = Type.Object({
  'idempotency-key': Type.String({ pattern: '^[A-Za-z0-9_-]{8,128}$', description: '幂等键，重试时保持不变' }),
})

export const FiledRequest = Type.Object(
  {
    id: Type.String(),
    /** 12345-style number: city prefix + date + 5-digit sequence, e.g. GZ2026112400001. */
    number: Type.String(),
    status: RequestStatus,
    /** Deadline to close (date-time, end of a working day, Asia/Shanghai). */
    deadline: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
)
export type FiledRequest = Static<typeof FiledRequest>

export const Photo = Type.Object(
  {
    id: Type.String(),
    /** Short-lived signed address (about an hour): usable directly as <Image src>. */
    url: Type.String(),
  },
  { additionalProperties: false },
)
export type Photo = Static<typeof Photo>

/** Who did a step, as the reader may see it: a department or the hotline, never a clerk's name. */
export const TimelineActor = Type.Object(
  {
    kind: Type.Union([Type.Literal('resident'), Type.Literal('hotline'), Type.Literal('department'), Type.Literal('system')]),
    /** 我 / 市民 / 12345热线 / the department's short name / 系统. */
    name: Type.String(),
  },
  { additionalProperties: false },
)
export type TimelineActor = Static<typeof TimelineActor>

export const TimelineItem = Type.Object(
  {
    id: Type.String(),
    action: RequestAction,
    /** e.g. 已派单, 催办, 评价. */
    actionLabel: Type.String(),
    /** Status before and after (equal for steps that do not move it: 补充, 催办, 督办, 延期…). */
    fromStatus: Type.Union([RequestStatus, Type.Null()]),
    toStatus: RequestStatus,
    actor: TimelineActor,
    at: Type.String({ format: 'date-time' }),
    /** The reply, reason or supplement text as written for the resident. */
    note: Type.Optional(Type.String()),
    photos: Type.Optional(Type.Array(Photo)),
    /** For 评价: the level (1–5). For 延期: the extra working days. */
    level: Type.Optional(RatingLevel),
    /** For 评价 and 回访: 问题是否解决, when it was answered. */
    resolved: Type.Optional(Type.Boolean()),
    days: Type.Optional(Type.Integer()),
    /** For 派单: the department's name. For 并案: the other request's number. */
    departmentName: Type.Optional(Type.String()),
    relatedNumber: Type.Optional(Type.String()),
    /** Set on steps that happened on the request this one was merged into (并案). */
    viaNumber: Type.Optional(Type.String()),
    /** Staff views only: whether the resident sees this step. */
    visibleToResident: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)
export type TimelineItem = Static<typeof TimelineItem>

export const Rating = Type.Object(
  {
    level: RatingLevel,
    comment: Type.Optional(Type.String()),
    /** 问题是否解决, when the rating answered it. */
    resolved: Type.Optional(Type.Boolean()),
    at: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
)
export type Rating = Static<typeof Rating>

/** What the resident may do now (the server decides; the buttons follow). */
export const ResidentCan = Type.Object(
  {
    supplement: Type.Boolean(),
    urge: Type.Boolean(),
    rate: Type.Boolean(),
    reopen: Type.Boolean(),
  },
  { additionalProperties: false },
)
export type ResidentCan = Static<typeof ResidentCan>

export const RequestSummary = Type.Object(
  {
    id: Type.String(),
    number: Type.String(),
    type: RequestType,
    /** 咨询 / 求助 / 投诉 / 举报 / 建议. */
    typeLabel: Type.String(),
    category: Type.Union([Type.String(), Type.Null()]),
    categoryLabel: Type.Union([Type.String(), Type.Null()]),
    /** The first ~60 characters of the content. */
    summary: Type.String(),
    status: RequestStatus,
    statusLabel: Type.String(),
    filedAt: Type.String({ format: 'date-time' }),
    deadline: Type.String({ format: 'date-time' }),
    overdue: Type.Boolean(),
  },
  { additionalProperties: false },
)
export type RequestSummary = Static<typeof RequestSummary>

export const RequestList = Page(RequestSummary)
export type RequestList = Static<typeof RequestList>

/** The request this one was merged into (并案): it follows that one. */
export const MergedInto = Type.Object(
  {
    number: Type.String(),
    status: RequestStatus,
    statusLabel: Type.String(),
    deadline: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
)

export const RequestDetail = Type.Object(
  {
    ...RequestSummary.properties,
    content: Type.String(),
    location: Type.Union([RequestLocation, Type.Null()]),
    photos: Type.Array(Photo),
    anonymous: Type.Boolean(),
    public: Type.Boolean(),
    /** The masked contact phone given when filing. */
    contactPhone: Type.Union([Type.String(), Type.Null()]),
    /** The department handling it (short name), once dispatched. */
    departmentName: Type.Union([Type.String(), Type.Null()]),
    closedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    /** Until when a rating is accepted (closedAt + 7 days), when closed. */
    rateUntil: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    rating: Type.Union([Rating, Type.Null()]),
    /** 重办 already used. */
    reopened: Type.Boolean(),
    mergedInto: Type.Union([MergedInto, Type.Null()]),
    /** Resident-visible steps, oldest first. */
    timeline: Type.Array(TimelineItem),
    can: ResidentCan,
  },
  { additionalProperties: false },
)
export type RequestDetail = Static<typeof RequestDetail>

export const SupplementBody = Type.Object(
  {
    note: Type.String({ minLength: 1, maxLength: 1000, description: '补充内容' }),
    photos: Type.Optional(PhotoIds),
  },
  { additionalProperties: false },
)
export type SupplementBody = Static<typeof SupplementBody>

export const UrgeBody = Type.Object({ note: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false })
export type UrgeBody = Static<typeof UrgeBody>

export const RateBody = Type.Object(
  {
    level: RatingLevel,
    comment: Type.Optional(Type.String({ maxLength: 500 })),
    /** 问题是否解决: yes / no; may be left out (解决率 counts only ratings that answer it). */
    resolved: Type.Optional(Type.Boolean({ description: '问题是否解决' })),
  },
  { additionalProperties: false },
)
export type RateBody = Static<typeof RateBody>

export const ReopenBody = Type.Object(
  { note: Type.String({ minLength: 1, maxLength: 500, description: '重办理由' }) },
  { additionalProperties: false },
)
export type ReopenBody = Static<typeof ReopenBody>

// ---------------------------------------------------------------- staff

/**
 * Queues: `dispatch` (hotline: new, accepted, returned, replies to review, pending extensions),
 * `department` (the clerk's department: dispatched, signed, processing), `all` (everything in scope).
 * dept_staff always see only their own department, whatever the queue.
 */
export const StaffQueue = Type.Union([Type.Literal('dispatch'), Type.Literal('department'), Type.Literal('all')])
export type StaffQueue = Static<typeof StaffQueue>

export const StaffRequestQuery = Type.Object(
  {
    /** Default: `dispatch` for dispatcher/admin, `department` for dept_staff. */
    queue: Type.Optional(StaffQueue),
    /** One status or a comma-separated list, e.g. `replied` or `submitted,accepted`. */
    status: Type.Optional(Type.String({ pattern: '^[a-z]+(,[a-z]+)*$' })),
    /** true: only past their deadline. */
    overdue: Type.Optional(Type.Boolean()),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  },
  { additionalProperties: false },
)
export type StaffRequestQuery = Static<typeof StaffRequestQuery>

export const QueueItem = Type.Object(
  {
    ...RequestSummary.properties,
    district: Type.Union([Type.String(), Type.Null()]),
    departmentCode: Type.Union([Type.String(), Type.Null()]),
    departmentName: Type.Union([Type.String(), Type.Null()]),
    /** Deadline to dispatch (1 working day from filing by default). */
    dispatchDeadline: Type.String({ format: 'date-time' }),
    /** 80 % of the working time to the deadline has passed. */
    warning: Type.Boolean(),
    /** 督办 raised (by the deadline job or a dispatcher). */
    supervised: Type.Boolean(),
    /** A 延期 request awaits the hotline's decision: the extra working days asked for. */
    extensionDays: Type.Union([Type.Integer(), Type.Null()]),
    urgeCount: Type.Integer(),
    anonymous: Type.Boolean(),
  },
  { additionalProperties: false },
)
export type QueueItem = Static<typeof QueueItem>

export const StaffRequestPage = Page(QueueItem)
export type StaffRequestPage = Static<typeof StaffRequestPage>

/** The reporter as staff see it: masked, and nothing at all for an anonymous request seen by a department. */
export const StaffContact = Type.Object(
  {
    anonymous: Type.Boolean(),
    /** Masked (张*明) or null. */
    name: Type.Union([Type.String(), Type.Null()]),
    /** Masked (138****5678) or null. */
    phone: Type.Union([Type.String(), Type.Null()]),
    /** Whether POST …/contact would reveal it to this clerk. */
    revealable: Type.Boolean(),
  },
  { additionalProperties: false },
)
export type StaffContact = Static<typeof StaffContact>

export const RevealedContact = Type.Object(
  { name: Type.Union([Type.String(), Type.Null()]), phone: Type.Union([Type.String(), Type.Null()]) },
  { additionalProperties: false },
)
export type RevealedContact = Static<typeof RevealedContact>

export const StaffRequestDetail = Type.Object(
  {
    ...QueueItem.properties,
    content: Type.String(),
    location: Type.Union([RequestLocation, Type.Null()]),
    photos: Type.Array(Photo),
    public: Type.Boolean(),
    contact: StaffContact,
    closedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    rating: Type.Union([Rating, Type.Null()]),
    reopened: Type.Boolean(),
    mergedInto: Type.Union([Type.Object({ id: Type.String(), number: Type.String() }, { additionalProperties: false }), Type.Null()]),
    /** Requests merged into this one. */
    merged: Type.Array(Type.Object({ id: Type.String(), number: Type.String() }, { additionalProperties: false })),
    /** Every step, including internal ones (visibleToResident false). */
    timeline: Type.Array(TimelineItem),
    /** The staff actions this clerk may take now (the buttons to show). */
    actions: Type.Array(StaffAction),
  },
  { additionalProperties: false },
)
export type StaffRequestDetail = Static<typeof StaffRequestDetail>

export const StaffActionBody = Type.Object(
  {
    action: StaffAction,
    /** dispatch: the department's code. */
    departmentCode: Type.Optional(Type.String({ maxLength: 60 })),
    /** Required for refuse, answer, reply, return, request-extension, send-back, deny-extension; shown to the resident where the step is visible. */
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    /** request-extension: extra working days (1–30). */
    days: Type.Optional(Type.Integer({ minimum: 1, maximum: 30 })),
    /** merge: the id of the request this one joins. */
    targetId: Type.Optional(Type.String({ format: 'uuid' })),
    /** revisit (回访): the rating the resident gave on the phone, 1–5. */
    level: Type.Optional(RatingLevel),
    /** revisit (回访): the resident's answer to 问题是否解决, when asked. */
    resolved: Type.Optional(Type.Boolean({ description: '问题是否解决' })),
    /** reply: photos uploaded by the clerk (POST /api/uploads). */
    photos: Type.Optional(PhotoIds),
  },
  { additionalProperties: false },
)
export type StaffActionBody = Static<typeof StaffActionBody>

export const DepartmentSuggestion = Type.Object(
  {
    /** Best first; empty when no rule matches. */
    items: Type.Array(
      Type.Object({ code: Type.String(), name: Type.String(), reason: Type.String() }, { additionalProperties: false }),
    ),
  },
  { additionalProperties: false },
)
export type DepartmentSuggestion = Static<typeof DepartmentSuggestion>

// ---------------------------------------------------------------- categories

export interface CategoryNode {
  code: string
  label: string
  children?: CategoryNode[]
}
export const CategoryNodeSchema = Type.Recursive((Self) =>
  Type.Object(
    { code: Type.String(), label: Type.String(), children: Type.Optional(Type.Array(Self)) },
    { additionalProperties: false },
  ),
)
export const CategoryTree = Type.Object({ items: Type.Array(CategoryNodeSchema) }, { additionalProperties: false })
export type CategoryTree = { items: CategoryNode[] }

/** Every error code the request API answers with (its own and the common ones it uses), with their HTTP status. */
export const RequestErrorCode = {
  /** 404: no such request, or not the caller's (a resident's own; a department's dispatched ones). */
  NOT_FOUND: 'NOT_FOUND',
  /** 400: a query parameter is not understood (e.g. an unknown status in the staff queue filter). */
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  /** 409: the action is not allowed in this state or for this role; nothing changed. */
  ILLEGAL_TRANSITION: 'ILLEGAL_TRANSITION',
  /** 400: the Idempotency-Key header is missing or malformed. */
  IDEMPOTENCY_KEY_REQUIRED: 'IDEMPOTENCY_KEY_REQUIRED',
  /** 422: the same Idempotency-Key was used with a different body. */
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  /** 400: content/category/location do not pass validateRequestInput (message says which). */
  INVALID_REQUEST: 'INVALID_REQUEST',
  /** 400: a photo id is unknown, not the caller's, or already attached. */
  PHOTO_INVALID: 'PHOTO_INVALID',
  /** 400: note/departmentCode/days/targetId missing for the action. */
  ACTION_INCOMPLETE: 'ACTION_INCOMPLETE',
  /** 400: departmentCode is not a known department. */
  DEPARTMENT_UNKNOWN: 'DEPARTMENT_UNKNOWN',
  /** 409: merge target unknown, itself, closed or merged. */
  MERGE_TARGET_INVALID: 'MERGE_TARGET_INVALID',
  /** 409: 催办 before the deadline, or again within 24 hours. */
  URGE_NOT_ALLOWED: 'URGE_NOT_ALLOWED',
  /** 409: rating outside the 7 days after closing, or already rated. */
  RATE_NOT_ALLOWED: 'RATE_NOT_ALLOWED',
  /** 409: 重办 needs an unsatisfied rating and is allowed once. */
  REOPEN_NOT_ALLOWED: 'REOPEN_NOT_ALLOWED',
  /** 403: an anonymous reporter's contact is never shown to a department. */
  ANONYMOUS_CONTACT_HIDDEN: 'ANONYMOUS_CONTACT_HIDDEN',
} as const
export type RequestErrorCode = (typeof RequestErrorCode)[keyof typeof RequestErrorCode]
