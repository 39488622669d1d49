// API contract for 通知公告: notices admins publish for a period to an audience (everyone, residents or staff).
// Public: GET /api/announcements (those in force for the caller), GET /api/announcements/:id.
// Admin: GET|POST /api/admin/announcements, PUT /api/admin/announcements/:id, POST /api/admin/announcements/:id/withdraw.
import { Type, type Static } from '@sinclair/typebox'

const Instant = Type.String({ format: 'date-time' })

export const AnnouncementAudience = Type.Union([Type.Literal('all'), Type.Literal('residents'), Type.Literal('staff')])
export type AnnouncementAudience = Static<typeof AnnouncementAudience>

/** 'scheduled' before its period, 'active' in it, 'ended' after it, 'withdrawn' once an admin withdrew it. */
export const AnnouncementState = Type.Union([Type.Literal('scheduled'), Type.Literal('active'), Type.Literal('ended'), Type.Literal('withdrawn')])
export type AnnouncementState = Static<typeof AnnouncementState>

export const Announcement = Type.Object(
  {
    id: Type.String(),
    title: Type.String(),
    body: Type.String(),
    /** Shown from this instant on. */
    startsAt: Instant,
    /** Shown until this instant (exclusive); absent = until withdrawn. */
    endsAt: Type.Optional(Instant),
    audience: AnnouncementAudience,
    publishedAt: Instant,
  },
  { additionalProperties: false },
)
export type Announcement = Static<typeof Announcement>

export const AnnouncementList = Type.Object({ items: Type.Array(Announcement) }, { additionalProperties: false })
export type AnnouncementList = Static<typeof AnnouncementList>

/** What admins see: the notice with its state and who last changed it. */
export const AdminAnnouncement = Type.Intersect([
  Announcement,
  Type.Object({ state: AnnouncementState, updatedAt: Instant, updatedBy: Type.String(), withdrawnAt: Type.Optional(Instant) }),
])
export type AdminAnnouncement = Static<typeof AdminAnnouncement>

export const AdminAnnouncementList = Type.Object({ items: Type.Array(AdminAnnouncement) }, { additionalProperties: false })
export type AdminAnnouncementList = Static<typeof AdminAnnouncementList>

export const AnnouncementBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 80 }),
    body: Type.String({ minLength: 1, maxLength: 5000 }),
    startsAt: Instant,
    endsAt: Type.Optional(Instant),
    audience: AnnouncementAudience,
  },
  { additionalProperties: false },
)
export type AnnouncementBody = Static<typeof AnnouncementBody>

export const AnnouncementParams = Type.Object({ id: Type.String({ format: 'uuid' }) })
export type AnnouncementParams = Static<typeof AnnouncementParams>

export const AnnouncementQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })) },
  { additionalProperties: false },
)
export type AnnouncementQuery = Static<typeof AnnouncementQuery>

export const AnnouncementErrorCode = {
  /** 404: no such notice, or not in force for the caller. */
  ANNOUNCEMENT_NOT_FOUND: 'ANNOUNCEMENT_NOT_FOUND',
  /** 400: the period ends before it starts, or a time is not a real instant. */
  ANNOUNCEMENT_BAD_PERIOD: 'ANNOUNCEMENT_BAD_PERIOD',
  /** 409: already withdrawn (a withdrawn notice is not edited). */
  ANNOUNCEMENT_WITHDRAWN: 'ANNOUNCEMENT_WITHDRAWN',
} as const
export type AnnouncementErrorCode = (typeof AnnouncementErrorCode)[keyof typeof AnnouncementErrorCode]
