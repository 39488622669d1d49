// API contract for 预约办事: halls, slots, a resident's bookings, and the hall staff's day list, check-in and closures.
import { Type, type Static } from '@sinclair/typebox'
import type { BookingRefusal, HallDeskRefusal } from '@domain/appointment'

const Ymd = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: '日期 YYYY-MM-DD（北京时间）' })
const Instant = Type.String({ format: 'date-time', description: 'ISO 8601 时刻' })

export const Hall = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    district: Type.String(),
    address: Type.String(),
    lat: Type.Number(),
    lng: Type.Number(),
    phone: Type.String(),
    /** Opening hours in words, e.g. 工作日 9:00-12:00、14:00-17:30. */
    hours: Type.String(),
  },
  { additionalProperties: false },
)
export type Hall = Static<typeof Hall>

export const HallQuery = Type.Object(
  { service: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$', maxLength: 100 })) },
  { additionalProperties: false },
)
export type HallQuery = Static<typeof HallQuery>

export const HallList = Type.Object({ items: Type.Array(Hall) }, { additionalProperties: false })
export type HallList = Static<typeof HallList>

export const HallParams = Type.Object({ id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$', maxLength: 64 }) }, { additionalProperties: false })
export type HallParams = Static<typeof HallParams>

export const SlotQuery = Type.Object(
  {
    service: Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$', maxLength: 100 }),
    from: Type.Optional(Ymd),
    to: Type.Optional(Ymd),
  },
  { additionalProperties: false },
)
export type SlotQuery = Static<typeof SlotQuery>

export const Slot = Type.Object(
  {
    id: Type.Integer(),
    start: Instant,
    end: Instant,
    capacity: Type.Integer({ minimum: 0 }),
    remaining: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
)
export type Slot = Static<typeof Slot>

export const SlotList = Type.Object(
  {
    items: Type.Array(Slot),
    /** Days the hall's staff closed (停办), with the reason shown to residents. */
    closures: Type.Array(Type.Object({ date: Ymd, reason: Type.String() }, { additionalProperties: false })),
  },
  { additionalProperties: false },
)
export type SlotList = Static<typeof SlotList>

export const AppointmentStatus = Type.Union([
  Type.Literal('booked'),
  Type.Literal('checked_in'),
  Type.Literal('cancelled'),
  Type.Literal('closed'),
  Type.Literal('no_show'),
])
export type AppointmentStatus = Static<typeof AppointmentStatus>

export const Appointment = Type.Object(
  {
    id: Type.String(),
    /** Short code shown and encoded in the check-in QR. */
    code: Type.String(),
    status: AppointmentStatus,
    slot: Type.Object({ id: Type.Integer(), start: Instant, end: Instant }, { additionalProperties: false }),
    hall: Type.Object(
      { id: Type.String(), name: Type.String(), address: Type.String(), phone: Type.String() },
      { additionalProperties: false },
    ),
    service: Type.Object({ code: Type.String(), name: Type.String() }, { additionalProperties: false }),
    /** 取号 after check-in, e.g. A012. */
    queueNumber: Type.Union([Type.String(), Type.Null()]),
    createdAt: Instant,
    checkedInAt: Type.Union([Instant, Type.Null()]),
    cancelledAt: Type.Union([Instant, Type.Null()]),
    /** Why it was cancelled or closed (e.g. the hall's closure reason). */
    reason: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
)
export type Appointment = Static<typeof Appointment>

export const AppointmentList = Type.Object(
  {
    items: Type.Array(Appointment),
    /** New bookings are refused until then (no-shows); null when not blocked. */
    blockedUntil: Type.Union([Instant, Type.Null()]),
  },
  { additionalProperties: false },
)
export type AppointmentList = Static<typeof AppointmentList>

export const BookBody = Type.Object(
  { slotId: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }), serviceCode: Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$', maxLength: 100 }) },
  { additionalProperties: false },
)
export type BookBody = Static<typeof BookBody>

export const RescheduleBody = Type.Object({ slotId: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) }, { additionalProperties: false })
export type RescheduleBody = Static<typeof RescheduleBody>

export const AppointmentParams = Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false })
export type AppointmentParams = Static<typeof AppointmentParams>

export const IdempotencyHeaders = Type.Object(
  { 'idempotency-key': Type.Optional(Type.String({ minLength: 8, maxLength: 128, pattern: '^[A-Za-z0-9_.:-]+$' })) },
)
export type IdempotencyHeaders = Static<typeof IdempotencyHeaders>

/**
 * GET /api/appointments/rules: the booking rules in force on this deployment (NO_SHOW_* and the rest come from the
 * server's configuration). The app builds every rule text it shows from this answer, never from literals.
 */
export const BookingRulesDto = Type.Object(
  {
    /** A slot must start at least this long after the booking (minutes). */
    minNoticeMinutes: Type.Integer({ minimum: 0 }),
    /** The last bookable day is this many working days after today. */
    windowWorkingDays: Type.Integer({ minimum: 1 }),
    /** Cancel (and reschedule away) until this long before the start (minutes). */
    cancelCutoffMinutes: Type.Integer({ minimum: 0 }),
    /** Check-in opens this long before the start (minutes). */
    checkinOpensMinutes: Type.Integer({ minimum: 0 }),
    /** Not checked in by this long after the start (minutes): a no-show. */
    noShowAfterMinutes: Type.Integer({ minimum: 0 }),
    /** Active bookings a resident may hold at once. */
    maxActive: Type.Integer({ minimum: 1 }),
    /** This many no-shows within noShowWindowDays block new bookings for blockDays. */
    noShowLimit: Type.Integer({ minimum: 1 }),
    noShowWindowDays: Type.Integer({ minimum: 1 }),
    blockDays: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
)
export type BookingRulesDto = Static<typeof BookingRulesDto>

/**
 * Refusal codes of the resident's booking endpoints (409 unless noted): exactly BOOKING_REFUSALS of
 * domain/appointment.ts (a missing or extra key here is a type error).
 */
export const AppointmentErrorCode = {
  SLOT_FULL: 'SLOT_FULL',
  ALREADY_BOOKED: 'ALREADY_BOOKED',
  LIMIT_REACHED: 'LIMIT_REACHED',
  /** The message says until when. */
  BLOCKED_UNTIL: 'BLOCKED_UNTIL',
  /** 403 */
  REALNAME_REQUIRED: 'REALNAME_REQUIRED',
  TOO_SOON: 'TOO_SOON',
  TOO_FAR: 'TOO_FAR',
  /** The slot has already started. */
  PAST: 'PAST',
  SLOT_CLOSED: 'SLOT_CLOSED',
  CANCEL_CLOSED: 'CANCEL_CLOSED',
  CHECKIN_NOT_OPEN: 'CHECKIN_NOT_OPEN',
  CHECKIN_CLOSED: 'CHECKIN_CLOSED',
  /** The booking is no longer 'booked'; the message names its status. */
  NOT_ACTIVE: 'NOT_ACTIVE',
  /** 422: the same Idempotency-Key was used with a different request. */
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
} as const satisfies { [K in BookingRefusal]: K }
export type AppointmentErrorCode = (typeof AppointmentErrorCode)[keyof typeof AppointmentErrorCode]

/** What the hall desk refuses with besides NOT_ACTIVE and CHECKIN_* (409): HALL_DESK_REFUSALS of domain/appointment.ts. */
export const HallDeskErrorCode = {
  /** A no-show cannot be marked before the slot starts. */
  NOT_STARTED: 'NOT_STARTED',
  /** 停办 of a day already past. */
  DATE_PAST: 'DATE_PAST',
} as const satisfies { [K in HallDeskRefusal]: K }
export type HallDeskErrorCode = (typeof HallDeskErrorCode)[keyof typeof HallDeskErrorCode]

/** Every code the appointments module answers with: the refusals above and 404 NOT_FOUND (booking, slot or hall). */
export type AppointmentErrorCodeName = AppointmentErrorCode | HallDeskErrorCode | 'NOT_FOUND'

// --- staff (hall_staff of the hall, or admin) ---

export const HallDayQuery = Type.Object({ date: Type.Optional(Ymd) }, { additionalProperties: false })
export type HallDayQuery = Static<typeof HallDayQuery>

export const HallDayItem = Type.Object(
  {
    id: Type.String(),
    code: Type.String(),
    status: AppointmentStatus,
    start: Instant,
    end: Instant,
    service: Type.Object({ code: Type.String(), name: Type.String() }, { additionalProperties: false }),
    /** Masked, e.g. 张*明. */
    name: Type.String(),
    queueNumber: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
)
export type HallDayItem = Static<typeof HallDayItem>

export const HallDay = Type.Object(
  {
    hall: Type.Object({ id: Type.String(), name: Type.String() }, { additionalProperties: false }),
    date: Ymd,
    closed: Type.Union([Type.Object({ reason: Type.String() }, { additionalProperties: false }), Type.Null()]),
    items: Type.Array(HallDayItem),
  },
  { additionalProperties: false },
)
export type HallDay = Static<typeof HallDay>

export const StaffCheckinBody = Type.Object({ code: Type.String({ minLength: 4, maxLength: 16 }) }, { additionalProperties: false })
export type StaffCheckinBody = Static<typeof StaffCheckinBody>

export const HallItemParams = Type.Object(
  { id: HallParams.properties.id, appointmentId: Type.String({ format: 'uuid' }) },
  { additionalProperties: false },
)
export type HallItemParams = Static<typeof HallItemParams>

export const ClosureBody = Type.Object(
  { date: Ymd, reason: Type.String({ minLength: 2, maxLength: 100 }) },
  { additionalProperties: false },
)
export type ClosureBody = Static<typeof ClosureBody>

export const ClosureResult = Type.Object(
  { date: Ymd, cancelled: Type.Integer({ minimum: 0 }), notified: Type.Integer({ minimum: 0 }) },
  { additionalProperties: false },
)
export type ClosureResult = Static<typeof ClosureResult>
