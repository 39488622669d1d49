// Booking rules for 预约办事, shared by the app (shown before the tap) and the server (the authority): the booking
// window (minimum notice, 7 working days ahead), slot generation from a hall's opening rules on the working-day
// calendar, the cancellation cut-off, the check-in window, no-shows and the block they cause, queue numbers.
import { addCalendarDays, dayKind, nextWorkingDays, shanghaiDate, shanghaiTime } from './calendar'

const MINUTE = 60_000
const DAY = 86_400_000

export interface BookingRules {
  /** A slot must start at least this long after the booking (minutes). */
  minNoticeMinutes: number
  /** The last bookable day is this many working days after today. */
  windowWorkingDays: number
  /** Cancel (and reschedule away) until this long before the start (minutes). */
  cancelCutoffMinutes: number
  /** Check-in opens this long before the start (minutes). */
  checkinOpensMinutes: number
  /** Not checked in by this long after the start (minutes) → no-show; check-in closes then too. */
  noShowAfterMinutes: number
  /** Active (booked, not yet served) bookings a resident may hold at once. */
  maxActive: number
  /** This many no-shows … */
  noShowLimit: number
  /** … within this many days … */
  noShowWindowDays: number
  /** … block new bookings for this many days. */
  blockDays: number
}

export const DEFAULT_BOOKING_RULES: BookingRules = {
  minNoticeMinutes: 120,
  windowWorkingDays: 7,
  cancelCutoffMinutes: 120,
  checkinOpensMinutes: 30,
  noShowAfterMinutes: 15,
  maxActive: 3,
  noShowLimit: 3,
  noShowWindowDays: 90,
  blockDays: 30,
}

/** 'HH:MM' from–to, Asia/Shanghai. */
export type Period = [string, string]

/** When a hall takes bookings. */
export interface OpeningRules {
  /** Periods on every working day (weekdays and 调休 make-up days), e.g. [['09:00','12:00'],['14:00','17:30']]. */
  periods: Period[]
  /** Length of one slot in minutes (e.g. 30). */
  slotMinutes: number
  /** Periods on ordinary Saturdays (not holidays, not make-up days); absent → closed. */
  saturday?: Period[]
}

export interface SlotTime {
  start: Date
  end: Date
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number)
  return h * 60 + m
}

function hhmmOf(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
}

/** The periods a hall is open on `date`: working days use `periods`; plain Saturdays `saturday`; holidays nothing. */
export function openPeriods(date: string, opening: OpeningRules): Period[] {
  const kind = dayKind(date)
  if (kind.working) return opening.periods
  const saturday = new Date(`${date}T00:00:00Z`).getUTCDay() === 6
  if (saturday && kind.label === '休息日' && opening.saturday) return opening.saturday
  return []
}

/** The slots of one day from the opening rules (none on statutory holidays; make-up working days are open). */
export function slotsForDate(date: string, opening: OpeningRules): SlotTime[] {
  const out: SlotTime[] = []
  for (const [from, to] of openPeriods(date, opening)) {
    for (let m = minutesOf(from); m + opening.slotMinutes <= minutesOf(to); m += opening.slotMinutes) {
      out.push({ start: shanghaiTime(date, hhmmOf(m)), end: shanghaiTime(date, hhmmOf(m + opening.slotMinutes)) })
    }
  }
  return out
}

/** The last bookable date: the `windowWorkingDays`-th working day after today (Asia/Shanghai). */
export function lastBookableDate(now: Date, rules: BookingRules = DEFAULT_BOOKING_RULES): string {
  const days = nextWorkingDays(shanghaiDate(now), rules.windowWorkingDays)
  return days[days.length - 1]
}

export interface StripDay {
  date: string
  /** 11-24 style label and the weekday, e.g. 周二. */
  weekday: string
  /** Whether the hall is open that day (working day, or an open Saturday). */
  open: boolean
  /** A working day on the calendar (weekday or 调休 make-up day). */
  working: boolean
  /** 工作日 / 调休上班 / 休息日 / the holiday's name (e.g. 国庆节). */
  label: string
}

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六']

/** Every calendar day from today to the last bookable date, with whether the hall opens and why not. */
export function dateStrip(now: Date, opening: OpeningRules, rules: BookingRules = DEFAULT_BOOKING_RULES): StripDay[] {
  const out: StripDay[] = []
  const last = lastBookableDate(now, rules)
  for (let d = shanghaiDate(now); d <= last; d = addCalendarDays(d, 1)) {
    const kind = dayKind(d)
    const open = openPeriods(d, opening).length > 0
    out.push({ date: d, weekday: WEEKDAYS[new Date(`${d}T00:00:00Z`).getUTCDay()], open, working: kind.working, label: kind.label })
  }
  return out
}

/**
 * Every code the resident's booking endpoints (book, reschedule, cancel, check-in) refuse with, one list for the
 * domain, the server (both the PL/pgSQL fast path and the transactional path) and the app's wording. 409 unless noted
 * in types/appointment.ts. A missing booking, slot or hall is the generic 404 NOT_FOUND, not a refusal.
 */
export const BOOKING_REFUSALS = [
  'SLOT_FULL',
  'ALREADY_BOOKED',
  'LIMIT_REACHED',
  'BLOCKED_UNTIL',
  'REALNAME_REQUIRED',
  'TOO_SOON',
  'TOO_FAR',
  'PAST',
  'SLOT_CLOSED',
  'CANCEL_CLOSED',
  'CHECKIN_NOT_OPEN',
  'CHECKIN_CLOSED',
  'NOT_ACTIVE',
  'IDEMPOTENCY_KEY_REUSED',
] as const
export type BookingRefusal = (typeof BOOKING_REFUSALS)[number]

/**
 * What the hall desk (staff) refuses with besides the booking refusals it shares (NOT_ACTIVE, CHECKIN_*): marking a
 * no-show before the slot has started, closing (停办) a day already past. 409.
 */
export const HALL_DESK_REFUSALS = ['NOT_STARTED', 'DATE_PAST'] as const
export type HallDeskRefusal = (typeof HALL_DESK_REFUSALS)[number]

/** The refusals that depend on the slot's time alone. */
export type BookRefusal = Extract<BookingRefusal, 'TOO_SOON' | 'TOO_FAR' | 'PAST'>

/**
 * The slot starts a booking made at `now` may take: from `notBefore` (the minimum notice) to before `notAfter`
 * (midnight, Asia/Shanghai, after the last bookable date). Both booking paths pass these to the database.
 */
export function bookingWindow(now: Date, rules: BookingRules = DEFAULT_BOOKING_RULES): { notBefore: Date; notAfter: Date } {
  return { notBefore: earliestStart(now, rules), notAfter: shanghaiTime(addCalendarDays(lastBookableDate(now, rules), 1)) }
}

/** The earliest start a booking made at `now` may take (the minimum notice): bookingWindow's `notBefore`. */
export function earliestStart(now: Date, rules: BookingRules = DEFAULT_BOOKING_RULES): Date {
  return new Date(now.getTime() + rules.minNoticeMinutes * MINUTE)
}

/** Can a slot starting at `start` be booked at `now`? null when yes. */
export function bookingRefusal(start: Date, now: Date, rules: BookingRules = DEFAULT_BOOKING_RULES): BookRefusal | null {
  if (start.getTime() <= now.getTime()) return 'PAST'
  const window = bookingWindow(now, rules)
  if (start.getTime() < window.notBefore.getTime()) return 'TOO_SOON'
  if (start.getTime() >= window.notAfter.getTime()) return 'TOO_FAR'
  return null
}

/** The refusals that depend on the slot itself: closed (停办) or its time. A full slot is what is left when the seat
 * cannot be taken (SLOT_FULL): capacity is checked by the statement that takes the seat. */
export type SlotRefusal = Extract<BookingRefusal, 'SLOT_CLOSED'> | BookRefusal

/** Why a slot cannot be booked (or moved to) at `now`, in the order the resident is told; null when it can. */
export function slotRefusal(slot: { starts_at: Date; closed: boolean }, now: Date, rules: BookingRules = DEFAULT_BOOKING_RULES): SlotRefusal | null {
  if (slot.closed) return 'SLOT_CLOSED'
  return bookingRefusal(slot.starts_at, now, rules)
}

/** The refusals that depend on the resident: blocked by no-shows, the same service already booked, too many active. */
export type ResidentRefusal = Extract<BookingRefusal, 'BLOCKED_UNTIL' | 'ALREADY_BOOKED' | 'LIMIT_REACHED'>

/**
 * May a resident who holds active bookings for `activeServices` and has these no-shows (since noShowLookback) book
 * `service` at `now`? null when yes. book_appointment() (migration 013) declines a superset of these cases.
 */
export function residentRefusal(
  activeServices: readonly string[],
  noShows: readonly Date[],
  service: string,
  now: Date,
  rules: BookingRules = DEFAULT_BOOKING_RULES,
): ResidentRefusal | null {
  if (blockedUntil(noShows, now, rules)) return 'BLOCKED_UNTIL'
  if (activeServices.includes(service)) return 'ALREADY_BOOKED'
  if (activeServices.length >= rules.maxActive) return 'LIMIT_REACHED'
  return null
}

/** The last instant a booking for a slot starting at `start` may be cancelled or moved. */
export function cancelDeadline(start: Date, rules: BookingRules = DEFAULT_BOOKING_RULES): Date {
  return new Date(start.getTime() - rules.cancelCutoffMinutes * MINUTE)
}

export function canCancel(start: Date, now: Date, rules: BookingRules = DEFAULT_BOOKING_RULES): boolean {
  return now.getTime() <= cancelDeadline(start, rules).getTime()
}

/** Check-in is open from `opens` (30 min before the start) to `closes` (15 min after, when it becomes a no-show). */
export function checkinWindow(start: Date, rules: BookingRules = DEFAULT_BOOKING_RULES): { opens: Date; closes: Date } {
  return {
    opens: new Date(start.getTime() - rules.checkinOpensMinutes * MINUTE),
    closes: new Date(start.getTime() + rules.noShowAfterMinutes * MINUTE),
  }
}

export type CheckinRefusal = 'CHECKIN_NOT_OPEN' | 'CHECKIN_CLOSED'

export function checkinRefusal(start: Date, now: Date, rules: BookingRules = DEFAULT_BOOKING_RULES): CheckinRefusal | null {
  const w = checkinWindow(start, rules)
  if (now.getTime() < w.opens.getTime()) return 'CHECKIN_NOT_OPEN'
  if (now.getTime() >= w.closes.getTime()) return 'CHECKIN_CLOSED'
  return null
}

/** Bookings still 'booked' that start at or before this instant are no-shows at `now` (their check-in has closed). */
export function noShowCutoff(now: Date, rules: BookingRules = DEFAULT_BOOKING_RULES): Date {
  return new Date(now.getTime() - rules.noShowAfterMinutes * MINUTE)
}

/** A booking still 'booked' at `now` becomes a no-show once the check-in window has closed. */
export function isNoShowDue(start: Date, now: Date, rules: BookingRules = DEFAULT_BOOKING_RULES): boolean {
  return start.getTime() <= noShowCutoff(now, rules).getTime()
}

/** No-shows before this instant can no longer block a booking at `now` (the window plus the block). */
export function noShowLookback(now: Date, rules: BookingRules = DEFAULT_BOOKING_RULES): Date {
  return new Date(now.getTime() - (rules.noShowWindowDays + rules.blockDays) * DAY)
}

/**
 * Until when new bookings are blocked, given the instants of the resident's no-shows: every no-show that
 * makes `noShowLimit` within `noShowWindowDays` starts a block of `blockDays`. null when not blocked at `now`.
 */
export function blockedUntil(noShows: readonly Date[], now: Date, rules: BookingRules = DEFAULT_BOOKING_RULES): Date | null {
  const times = noShows.map((d) => d.getTime()).sort((a, b) => a - b)
  let until = 0
  for (let i = rules.noShowLimit - 1; i < times.length; i++) {
    if (times[i] - times[i - rules.noShowLimit + 1] <= rules.noShowWindowDays * DAY) {
      until = Math.max(until, times[i] + rules.blockDays * DAY)
    }
  }
  return until > now.getTime() ? new Date(until) : null
}

/** The queue number shown after check-in: A001, A012, … (per hall and day). */
export function queueLabel(n: number, prefix = 'A'): string {
  return `${prefix}${String(n).padStart(3, '0')}`
}

/** Booking codes use digits and capitals without look-alikes (no 0/O, 1/I/L). */
export const BOOKING_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'
export const BOOKING_CODE_LENGTH = 8
export const BOOKING_CODE = /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/

/** A booking code from random bytes (the caller supplies them: crypto on the server). */
export function bookingCodeFrom(bytes: ArrayLike<number>): string {
  let out = ''
  for (let i = 0; i < BOOKING_CODE_LENGTH; i++) out += BOOKING_CODE_ALPHABET[bytes[i] % BOOKING_CODE_ALPHABET.length]
  return out
}

/** '2026-10-08 09:30' in Asia/Shanghai. */
export function formatSlotTime(at: Date): string {
  const local = new Date(at.getTime() + 8 * 3600_000).toISOString()
  return `${local.slice(0, 10)} ${local.slice(11, 16)}`
}

/** '09:30' in Asia/Shanghai. */
export function formatClock(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(11, 16)
}

/** '10月8日' from YYYY-MM-DD. */
export function formatMonthDay(date: string): string {
  return `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`
}

/** Great-circle distance in metres (for "nearest hall first"). */
export function distanceMetres(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const r = 6_371_000
  const rad = Math.PI / 180
  const dLat = (b.lat - a.lat) * rad
  const dLng = (b.lng - a.lng) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2
  return 2 * r * Math.asin(Math.sqrt(h))
}

/** '850 米' / '3.2 公里'. */
export function formatDistance(m: number): string {
  return m < 1000 ? `${Math.round(m / 10) * 10} 米` : `${(m / 1000).toFixed(1)} 公里`
}

/** Every refusal of the appointments module: the resident's booking endpoints and the hall desk. */
export type AppointmentRefusal = BookingRefusal | HallDeskRefusal

/** The rules a refusal's wording names (BookingRules on the server, the answer of GET /api/appointments/rules in the app). */
export type WordedRules = Pick<BookingRules, 'maxActive' | 'minNoticeMinutes' | 'windowWorkingDays' | 'cancelCutoffMinutes' | 'checkinOpensMinutes'>

/** 120 → '2 小时', 90 → '90 分钟'. */
export function durationText(minutes: number): string {
  return minutes % 60 === 0 ? `${minutes / 60} 小时` : `${minutes} 分钟`
}

/**
 * What each refusal means to the resident (or the clerk), worded from the rules in force; the server's messages are
 * these (BLOCKED_UNTIL adds the date: blockedMessage; NOT_ACTIVE names the status: notActiveMessage).
 */
export function appointmentErrorText(rules: WordedRules = DEFAULT_BOOKING_RULES): Record<AppointmentRefusal, string> {
  return {
    SLOT_FULL: '该时段已约满，请选择其他时段',
    ALREADY_BOOKED: '您已预约过该事项，请先办理或取消原预约',
    LIMIT_REACHED: `您同时最多可持有 ${rules.maxActive} 个有效预约，请先办理或取消其中一个`,
    BLOCKED_UNTIL: '因多次预约未到场，暂时不能预约',
    REALNAME_REQUIRED: '预约办事需要先完成实名认证',
    TOO_SOON: `需至少提前 ${durationText(rules.minNoticeMinutes)}预约`,
    TOO_FAR: `只能预约 ${rules.windowWorkingDays} 个工作日内的时段`,
    PAST: '该时段已过',
    SLOT_CLOSED: '该时段大厅暂停办理，请选择其他时段',
    CANCEL_CLOSED: `开始前 ${durationText(rules.cancelCutoffMinutes)}内不能取消或改约`,
    CHECKIN_NOT_OPEN: `签到在开始前 ${rules.checkinOpensMinutes} 分钟开放`,
    CHECKIN_CLOSED: '已超过签到时间',
    NOT_ACTIVE: '该预约当前不能执行此操作',
    IDEMPOTENCY_KEY_REUSED: '该请求标识（Idempotency-Key）已用于另一个请求，请勿重复使用',
    NOT_STARTED: '预约时段尚未开始，不能标记爽约',
    DATE_PAST: '不能停办已经过去的日期',
  }
}

/** The wording of appointmentErrorText under the default rules, for a code the app received (any string). */
export const APPOINTMENT_ERROR_TEXT: Record<string, string> = appointmentErrorText()

/** A booking's status as every page and message names it. */
export type AppointmentState = 'booked' | 'checked_in' | 'cancelled' | 'closed' | 'no_show'

export const APPOINTMENT_STATUS_LABEL: Record<AppointmentState, string> = {
  booked: '待签到',
  checked_in: '已签到',
  cancelled: '已取消',
  closed: '大厅停办',
  no_show: '未到场',
}

/** Why a booking in `status` can no longer be cancelled, moved, checked in or marked (the NOT_ACTIVE message). */
export function notActiveMessage(status: AppointmentState): string {
  const label = APPOINTMENT_STATUS_LABEL[status]
  switch (status) {
    case 'checked_in':
    case 'cancelled':
      return `该预约${label}`
    case 'closed':
      return `该预约因${label}已取消`
    case 'no_show':
      return `该预约已过期（${label}）`
    default:
      return appointmentErrorText().NOT_ACTIVE
  }
}

/** '您因多次预约未到场，2026年12月24日前不能预约' */
export function blockedMessage(until: Date, rules: Pick<BookingRules, 'noShowWindowDays' | 'noShowLimit'> = DEFAULT_BOOKING_RULES): string {
  const d = shanghaiDate(until)
  return `因 ${rules.noShowWindowDays} 天内 ${rules.noShowLimit} 次预约未到场，${Number(d.slice(0, 4))}年${formatMonthDay(d)} ${formatClock(until)} 前不能预约`
}
