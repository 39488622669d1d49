// API contract for similar requests (已有类似诉求), the entities requests name (涉事单位, 地址, 电话, 车牌) and hotspots, for residents and the dispatcher.
import { Type, type Static } from '@sinclair/typebox'
import { RequestType } from './request'

/** What the resident has typed so far; the lookup narrows by type, district and distance when given. */
export const SimilarQuery = Type.Object(
  {
    content: Type.String({ minLength: 1, maxLength: 2000, description: '诉求内容（可以是正在输入的草稿）' }),
    type: Type.Optional(RequestType),
    /** District name as the location picker gives it, e.g. 天河区. */
    district: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
  },
  { additionalProperties: false },
)
export type SimilarQuery = Static<typeof SimilarQuery>

/** How every similar view names a request (resident list, related panel, entity links). */
const listedRequest = {
  id: Type.String(),
  /** The work-order number residents quote, e.g. 20261124000123. */
  number: Type.String(),
  /** The request's status code (types/request.ts). */
  status: Type.String(),
  /** Chinese label of the status, e.g. 办理中. */
  statusLabel: Type.String(),
  /** When it was filed. */
  createdAt: Type.String({ format: 'date-time' }),
}

/** One similar request as a resident may see it: public, or the resident's own; the summary carries no personal data. */
export const SimilarItem = Type.Object(
  {
    ...listedRequest,
    /** Up to 80 characters of the content with phones, ID numbers, plates and names masked. */
    summary: Type.String(),
    /** Metres from the given lat/lng, when both have a location. */
    distanceMeters: Type.Optional(Type.Integer({ minimum: 0 })),
    /** Similarity in [0, 1], best first: `items` at or above the documented cut, `related` below it. */
    score: Type.Number({ minimum: 0, maximum: 1 }),
    /** True when it is the resident's own request. */
    mine: Type.Boolean(),
  },
  { additionalProperties: false },
)
export type SimilarItem = Static<typeof SimilarItem>

export const SimilarResult = Type.Object(
  {
    /** 已有类似诉求: at or above the cut (likely the same problem), best first, at most 5. */
    items: Type.Array(SimilarItem),
    /**
     * 附近或相关的诉求: the best 3 below the cut (score ≥ 0.02) — requests nearby or sharing words, told apart from `items`
     * because they may be another problem; as a resident sees them the way FixMyStreet shows nearby reports while one is filed.
     */
    related: Type.Array(SimilarItem),
  },
  { additionalProperties: false },
)
export type SimilarResult = Static<typeof SimilarResult>

/** company = …有限公司/…店/…厂, address = road + number or estate + building, phone, plate = licence-plate-like string. */
export const EntityKind = Type.Union([Type.Literal('company'), Type.Literal('address'), Type.Literal('phone'), Type.Literal('plate')])
export type EntityKind = Static<typeof EntityKind>

export const DepartmentCount = Type.Object(
  {
    code: Type.String(),
    name: Type.String(),
    /** How many of the other requests naming the entity went to this department. */
    count: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
)
export type DepartmentCount = Static<typeof DepartmentCount>

/** A request in the dispatcher's related panel. */
export const RelatedRequest = Type.Object(
  {
    ...listedRequest,
    /** Content summary for staff: phones and ID numbers masked. */
    summary: Type.String(),
    category: Type.Union([Type.String(), Type.Null()]),
    /** The department it is (or was last) dispatched to, if any. */
    department: Type.Union([Type.Object({ code: Type.String(), name: Type.String() }, { additionalProperties: false }), Type.Null()]),
    distanceMeters: Type.Optional(Type.Integer({ minimum: 0 })),
    /** Text-and-place similarity in [0, 1]. */
    score: Type.Number({ minimum: 0, maximum: 1 }),
    /** Display forms of the entities both requests name (phones masked). */
    sharedEntities: Type.Array(Type.String()),
  },
  { additionalProperties: false },
)
export type RelatedRequest = Static<typeof RelatedRequest>

/** An entity this request names, with what the other requests naming it tell the dispatcher. */
export const EntityLink = Type.Object(
  {
    /** The entity's id: GET /api/staff/entities/:id is its 涉事单位 page. */
    id: Type.String(),
    kind: EntityKind,
    /** As it appears in the text (phones and plates masked). */
    text: Type.String(),
    /** N other requests name this entity (at least 1: an entity that links nothing else is not listed). */
    otherRequests: Type.Integer({ minimum: 1 }),
    /** Departments those requests went to, most frequent first. */
    departments: Type.Array(DepartmentCount),
    /** The most recent of them (up to 5). */
    recent: Type.Array(
      Type.Object(listedRequest, { additionalProperties: false }),
    ),
  },
  { additionalProperties: false },
)
export type EntityLink = Static<typeof EntityLink>

/** ≥ 5 requests of one category within 500 m in 7 days: one problem to solve at its root. */
export const Hotspot = Type.Object(
  {
    category: Type.String(),
    categoryName: Type.String(),
    /** Requests in the cluster, this one included. */
    count: Type.Integer({ minimum: 1 }),
    radiusMeters: Type.Integer({ minimum: 1 }),
    days: Type.Integer({ minimum: 1 }),
    center: Type.Object({ lat: Type.Number(), lng: Type.Number() }, { additionalProperties: false }),
    /** Chinese sentence for the banner, e.g. 7 天内 500 米范围内已有 6 件同类诉求（道路积水）。 */
    message: Type.String(),
    requests: Type.Array(Type.Object({ id: Type.String(), number: Type.String(), status: Type.String() }, { additionalProperties: false })),
  },
  { additionalProperties: false },
)
export type Hotspot = Static<typeof Hotspot>

/** The department the entity history points to, for the dispatch suggestion. */
export const EntityDepartmentHint = Type.Object(
  {
    departmentCode: Type.String(),
    departmentName: Type.String(),
    /** How many earlier requests naming the same entities went there. */
    count: Type.Integer({ minimum: 1 }),
    /** Chinese reason, e.g. 此前 3 件涉及"某某餐饮店"的诉求由市市场监管局办理. */
    reason: Type.String(),
  },
  { additionalProperties: false },
)
export type EntityDepartmentHint = Static<typeof EntityDepartmentHint>

/** GET /api/staff/requests/:id/related: what the dispatcher needs beside one request. */
export const RelatedResult = Type.Object(
  {
    id: Type.String(),
    /** Score at or above the similarity cut: very likely the same incident (candidates for 并案). */
    duplicates: Type.Array(RelatedRequest),
    /** Below the cut but close in text, or naming the same entity. */
    related: Type.Array(RelatedRequest),
    entities: Type.Array(EntityLink),
    hotspot: Type.Union([Hotspot, Type.Null()]),
    departmentHint: Type.Union([EntityDepartmentHint, Type.Null()]),
  },
  { additionalProperties: false },
)
export type RelatedResult = Static<typeof RelatedResult>

/** GET /api/staff/hotspots: the clusters of the last 7 days (one per place and category), largest first. */
export const HotspotList = Type.Object({ items: Type.Array(Hotspot) }, { additionalProperties: false })
export type HotspotList = Static<typeof HotspotList>

/** How a 联系涉事单位 attempt was made and how it ended. */
export const ContactMethod = Type.Union([Type.Literal('phone'), Type.Literal('visit'), Type.Literal('sms'), Type.Literal('letter'), Type.Literal('other')])
export type ContactMethod = Static<typeof ContactMethod>
export const ContactResult = Type.Union([Type.Literal('reached'), Type.Literal('unreachable'), Type.Literal('refused'), Type.Literal('promised')])
export type ContactResult = Static<typeof ContactResult>

/** POST /api/staff/entities/:id/contacts. */
export const EntityContactBody = Type.Object(
  {
    method: ContactMethod,
    result: ContactResult,
    /** What was said or agreed, e.g. 负责人承诺三日内退款. */
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
)
export type EntityContactBody = Static<typeof EntityContactBody>

export const EntityContact = Type.Object(
  {
    id: Type.String(),
    /** Who tried (the staff member's display name). */
    staffName: Type.String(),
    method: ContactMethod,
    result: ContactResult,
    /** Chinese label of the result, e.g. 已联系上. */
    resultLabel: Type.String(),
    note: Type.String(),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
)
export type EntityContact = Static<typeof EntityContact>

/** A request naming the entity, as the dossier lists it. */
export const DossierRequest = Type.Object(
  {
    ...listedRequest,
    summary: Type.String(),
    type: Type.String(),
    category: Type.Union([Type.String(), Type.Null()]),
    district: Type.Union([Type.String(), Type.Null()]),
    department: Type.Union([Type.Object({ code: Type.String(), name: Type.String() }, { additionalProperties: false }), Type.Null()]),
    /** How the entity was written in this request. */
    nameAsWritten: Type.String(),
  },
  { additionalProperties: false },
)
export type DossierRequest = Static<typeof DossierRequest>

/** GET /api/staff/entities/:id: the 涉事单位 dossier. */
export const EntityDossier = Type.Object(
  {
    id: Type.String(),
    kind: EntityKind,
    /** The fullest name residents used. */
    name: Type.String(),
    /** Every way residents wrote it (鑫达贸易有限公司, 鑫达公司 …). */
    variants: Type.Array(Type.String()),
    /** Every request naming it, across districts and types, newest first. */
    requests: Type.Array(DossierRequest),
    districts: Type.Array(Type.String()),
    /** Addresses residents gave in those requests. */
    addresses: Type.Array(Type.String()),
    /** Phones residents gave in those requests (masked). */
    phones: Type.Array(Type.String()),
    /** Departments that handled those requests and how they ended. */
    departments: Type.Array(
      Type.Object(
        {
          code: Type.String(),
          name: Type.String(),
          count: Type.Integer({ minimum: 1 }),
          outcomes: Type.Array(Type.Object({ status: Type.String(), statusLabel: Type.String(), count: Type.Integer({ minimum: 1 }) }, { additionalProperties: false })),
        },
        { additionalProperties: false },
      ),
    ),
    /** true: the last attempt reached it; false: attempts were made and none reached it; null: never tried. */
    reachable: Type.Union([Type.Boolean(), Type.Null()]),
    contacts: Type.Array(EntityContact),
    /** Requests filed, dispatched and closed, and contact attempts, oldest first. */
    timeline: Type.Array(
      Type.Object(
        {
          at: Type.String({ format: 'date-time' }),
          kind: Type.Union([Type.Literal('filed'), Type.Literal('dispatched'), Type.Literal('closed'), Type.Literal('contact')]),
          text: Type.String(),
          requestId: Type.Optional(Type.String()),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
)
export type EntityDossier = Static<typeof EntityDossier>

/** Every error code the similar-request API answers with (the common ones it uses). */
export const SimilarErrorCode = {
  /** 404: the request of GET /api/staff/requests/:id/related, or the entity of GET /api/staff/entities/:id, does not exist. */
  NOT_FOUND: 'NOT_FOUND',
} as const
export type SimilarErrorCode = (typeof SimilarErrorCode)[keyof typeof SimilarErrorCode]
