// Booking rules as the server enforces them (domain/appointment.ts holds the rules themselves): slots generated on
// demand, booking / cancel / reschedule / check-in in one transaction each, per-resident lock, idempotency keys,
// hall staff's day list, check-in by code, no-shows and day closures with notices through the outbox.
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import type { Appointment, AppointmentList, ClosureResult, Hall, HallDay, SlotList } from '@contract/appointment'
import {
  APPOINTMENT_ERROR_TEXT,
  DEFAULT_BOOKING_RULES,
  blockedMessage,
  blockedUntil,
  bookingCodeFrom,
  bookingRefusal,
  canCancel,
  checkinRefusal,
  formatSlotTime,
  lastBookableDate,
  queueLabel,
  slotsForDate,
  type BookingRules,
} from '@domain/appointment'
import { addCalendarDays, shanghaiDate, shanghaiTime } from '@domain/calendar'
import { maskName } from '@domain/mask'
import { audit, type StaffPrincipal } from '../../auth'
import type { DataCrypto } from '../../crypto'
import type { Db, Queryable } from '../../db'
import { AppError } from '../../errors'
import { cancelNotice, enqueueNotice } from '../outbox'
import { reminderKey, type AppointmentRow, type AppointmentsRepo, type HallRow, type SlotRow, type StoredAnswer } from './repo'

const DAY_MS = 86_400_000

const refuse = (code: string, status = 409, message?: string) => new AppError(status, code, message ?? APPOINTMENT_ERROR_TEXT[code] ?? '操作未能完成')
const notFound = (what = '找不到该预约') => new AppError(404, 'NOT_FOUND', what)

type SlotFacts = Pick<SlotRow, 'id' | 'hall_id' | 'service_code' | 'starts_at' | 'ends_at'>

function requestHash(request: unknown): string {
  return createHash('sha256').update(JSON.stringify(request)).digest('hex')
}

/** The first answer for a retried Idempotency-Key; the key reused for another request is refused. */
function storedAnswer<T>(stored: StoredAnswer, hash: string): PostResult<T> {
  if (stored.request_hash !== hash) {
    throw new AppError(422, 'IDEMPOTENCY_KEY_REUSED', '该请求标识（Idempotency-Key）已用于另一个请求，请勿重复使用')
  }
  return { status: stored.status, body: stored.body as T, replayed: true }
}

export function toAppointment(row: AppointmentRow): Appointment {
  return {
    id: row.id,
    code: row.code,
    status: row.status,
    slot: { id: row.slot_id, start: row.starts_at.toISOString(), end: row.ends_at.toISOString() },
    hall: { id: row.hall_id, name: row.hall_name, address: row.hall_address, phone: row.hall_phone },
    service: { code: row.service_code, name: row.service_name },
    queueNumber: row.queue_number,
    createdAt: row.created_at.toISOString(),
    checkedInAt: row.checked_in_at?.toISOString() ?? null,
    cancelledAt: row.cancelled_at?.toISOString() ?? null,
    reason: row.reason,
  }
}

function toHall(h: HallRow): Hall {
  return { id: h.id, name: h.name, district: h.district, address: h.address, lat: h.lat, lng: h.lng, phone: h.phone, hours: h.hours }
}

/** A POST's answer: the status and body, replayed as they are for a retried Idempotency-Key. */
export interface PostResult<T> {
  status: number
  body: T
  replayed: boolean
}

export interface IdempotencyInput {
  key: string | undefined
  /** Method, route and body of the request: a reused key with a different request is refused. */
  request: unknown
}

export interface AppointmentsServiceDeps {
  db: Db
  repo: AppointmentsRepo
  crypto: DataCrypto
  clock: () => Date
  log: FastifyBaseLogger
  rules?: Partial<BookingRules>
}

const DETAIL_PAGE = 'packages/appointment/pages/detail/index'

export function createAppointmentsService({ db, repo, crypto, clock, rules: override }: AppointmentsServiceDeps) {
  const rules: BookingRules = { ...DEFAULT_BOOKING_RULES, ...override }
  /** Hall cards and service names for booking answers (reference data: loaded at start, cached per node). */
  const hallCards = new Map<string, { hall_name: string; hall_address: string; hall_phone: string }>()
  const serviceNames = new Map<string, string>()
  async function names(hallId: string, service: string, q: Queryable) {
    let hall = hallCards.get(hallId)
    if (!hall) {
      const h = await repo.hallCard(hallId, q)
      if (!h) throw notFound('找不到该办事大厅')
      hall = { hall_name: h.name, hall_address: h.address, hall_phone: h.phone }
      hallCards.set(hallId, hall)
    }
    let name = serviceNames.get(service)
    if (name === undefined) {
      name = (await repo.serviceName(service, q)) ?? service
      serviceNames.set(service, name)
    }
    return { ...hall, service_name: name }
  }

  /** hall|service|date already generated on this node (slots are never deleted, so the memo stays true). */
  const generated = new Set<string>()

  async function ensureSlots(hall: HallRow, service: string, capacity: number, dates: string[]): Promise<void> {
    const missing = dates.filter((d) => !generated.has(`${hall.id}|${service}|${d}`))
    if (missing.length === 0) return
    const closed = new Set((await repo.closures(hall.id, missing[0], missing[missing.length - 1])).map((c) => c.date))
    const times = missing.filter((d) => !closed.has(d)).flatMap((d) => slotsForDate(d, hall.opening))
    await repo.insertSlots(hall.id, service, capacity, times)
    for (const d of missing) generated.add(`${hall.id}|${service}|${d}`)
  }

  /** Runs `fn` once per (resident, key): a retry with the same key and request answers the stored result. */
  async function once<T>(
    tx: Queryable,
    userId: string,
    idem: IdempotencyInput,
    status: number,
    fn: () => Promise<T>,
    now: Date,
    /** The stored answer when the caller already looked it up (booking reads it with the resident's data). */
    prefetched?: StoredAnswer | null,
  ): Promise<PostResult<T>> {
    if (!idem.key) return { status, body: await fn(), replayed: false }
    const hash = requestHash(idem.request)
    const stored = prefetched !== undefined ? prefetched : await repo.idempotent(userId, idem.key, tx)
    if (stored) return storedAnswer<T>(stored, hash)
    const body = await fn()
    await repo.saveIdempotent(userId, idem.key, hash, status, body, now, tx)
    return { status, body, replayed: false }
  }

  async function blockedFor(userId: string, now: Date, q: Queryable): Promise<Date | null> {
    const since = new Date(now.getTime() - (rules.noShowWindowDays + rules.blockDays) * DAY_MS)
    return blockedUntil(await repo.noShows(userId, since, q), now, rules)
  }

  /** When a booking's reminder is due: 18:00 (Asia/Shanghai) the evening before its day. */
  function reminderInstant(day: string): Date {
    return shanghaiTime(addCalendarDays(day, -1), '18:00')
  }

  /** The reminder notice of a booking, sent as soon as it is queued. */
  function reminderNotice(row: AppointmentRow, now: Date) {
    return {
      userId: row.user_id,
      template: 'appointment_reminder' as const,
      data: { service: row.service_name, hall: row.hall_name, time: formatSlotTime(row.starts_at), code: row.code, note: '请携带申请材料，提前 10 分钟到场签到取号' },
      page: `${DETAIL_PAGE}?id=${row.id}`,
      dedupeKey: reminderKey(row),
      now,
    }
  }

  /** Slot id → the slot's fixed facts (hall, service, times never change after generation), cached per node. */
  const slotFacts = new Map<number, SlotFacts>()
  function remember(s: SlotFacts): void {
    if (slotFacts.size >= 200_000) slotFacts.clear()
    slotFacts.set(s.id, { id: s.id, hall_id: s.hall_id, service_code: s.service_code, starts_at: s.starts_at, ends_at: s.ends_at })
  }
  /** A booking just made, as the answer shows it. */
  async function bookedRow(
    id: string,
    code: string,
    userId: string,
    now: Date,
    slot: { id: number; starts_at: Date; ends_at: Date; hall_id: string; service_code: string },
    q: Queryable,
  ): Promise<AppointmentRow> {
    return {
      id,
      code,
      user_id: userId,
      status: 'booked',
      queue_number: null,
      reason: null,
      created_at: now,
      checked_in_at: null,
      cancelled_at: null,
      slot_id: slot.id,
      starts_at: slot.starts_at,
      ends_at: slot.ends_at,
      hall_id: slot.hall_id,
      ...(await names(slot.hall_id, slot.service_code, q)),
      service_code: slot.service_code,
    }
  }

  async function factsOf(slotId: number): Promise<SlotFacts | null> {
    const known = slotFacts.get(slotId)
    if (known) return known
    const slot = await repo.slot(slotId)
    if (slot) remember(slot)
    return slot
  }

  /** The end of the booking window (the day after the last bookable date, Asia/Shanghai), worked out once per day. */
  let windowMemo = { day: '', end: new Date(0) }
  function windowEnd(now: Date): Date {
    const day = shanghaiDate(now)
    if (windowMemo.day !== day) windowMemo = { day, end: shanghaiTime(addCalendarDays(lastBookableDate(now, rules), 1)) }
    return windowMemo.end
  }

  /**
   * The common booking in one round trip (book_appointment(), migrations 010 and 013): books only when every rule plainly
   * holds and otherwise changes nothing and answers null, so the caller runs the ordinary transaction, which says why.
   */
  async function bookFast(userId: string, body: { slotId: number; serviceCode: string }, idem: IdempotencyInput): Promise<PostResult<Appointment> | null> {
    const now = clock()
    const slot = await factsOf(body.slotId)
    if (!slot || slot.service_code !== body.serviceCode) return null
    const id = randomUUID()
    const code = bookingCodeFrom(randomBytes(8))
    const row = await bookedRow(id, code, userId, now, slot, db)
    const answer = toAppointment(row)
    const hash = idem.key ? requestHash(idem.request) : null
    const r = await repo.bookInOne(
      {
        userId,
        slotId: slot.id,
        service: slot.service_code,
        notBefore: new Date(now.getTime() + rules.minNoticeMinutes * 60_000),
        notAfter: windowEnd(now),
        id,
        code,
        now,
        noShowSince: new Date(now.getTime() - (rules.noShowWindowDays + rules.blockDays) * DAY_MS),
        maxActive: rules.maxActive,
        idempotencyKey: idem.key ?? null,
        requestHash: hash,
        body: answer,
      },
      db,
    )
    if (!r) return null
    if (r.outcome === 'stored') return storedAnswer<Appointment>(r.stored, hash!)
    return { status: 201, body: answer, replayed: false }
  }

  async function bookableSlot(slotId: number, service: string, now: Date, q: Queryable): Promise<SlotRow> {
    const slot = await repo.slot(slotId, q)
    if (!slot || slot.service_code !== service) throw notFound('找不到该时段，请刷新后重新选择')
    if (slot.closed) throw refuse('SLOT_CLOSED')
    const refusal = bookingRefusal(slot.starts_at, now, rules)
    if (refusal) throw refuse(refusal)
    return slot
  }

  async function mustOwn(id: string, userId: string, q: Queryable): Promise<AppointmentRow> {
    const row = await repo.appointment(id, q, true)
    if (!row || row.user_id !== userId) throw notFound()
    return row
  }

  async function checkIn(tx: Queryable, row: AppointmentRow, now: Date): Promise<AppointmentRow> {
    if (row.status !== 'booked') throw refuse('NOT_ACTIVE', 409, statusText(row.status))
    const refusal = checkinRefusal(row.starts_at, now, rules)
    if (refusal) throw refuse(refusal)
    const n = await repo.nextQueueNumber(row.hall_id, shanghaiDate(row.starts_at), tx)
    await repo.setStatus(row.id, 'booked', 'checked_in', { now, queueNumber: queueLabel(n) }, tx)
    return (await repo.appointment(row.id, tx)) as AppointmentRow
  }

  return {
    rules,

    async halls(service?: string): Promise<{ items: Hall[] }> {
      return { items: (await repo.halls(service)).map(toHall) }
    },

    async slots(hallId: string, service: string, from?: string, to?: string): Promise<SlotList> {
      const now = clock()
      const hall = await repo.hall(hallId)
      if (!hall) throw notFound('找不到该办事大厅')
      const capacity = await repo.hallCapacity(hallId, service)
      if (capacity === null) throw notFound('该大厅不办理此事项')
      const today = shanghaiDate(now)
      const last = lastBookableDate(now, rules)
      const start = from && from > today ? from : today
      const end = to && to < last ? to : last
      if (start > end) return { items: [], closures: [] }
      const dates: string[] = []
      for (let d = start; d <= end; d = addCalendarDays(d, 1)) dates.push(d)
      await ensureSlots(hall, service, capacity, dates)
      const rows = await repo.slots(hallId, service, shanghaiTime(start), shanghaiTime(addCalendarDays(end, 1)))
      for (const r of rows) remember(r)
      return {
        items: rows
          .filter((s) => s.starts_at.getTime() > now.getTime())
          .map((s) => ({ id: s.id, start: s.starts_at.toISOString(), end: s.ends_at.toISOString(), capacity: s.capacity, remaining: s.capacity - s.booked })),
        closures: await repo.closures(hallId, start, end),
      }
    },

    async list(userId: string): Promise<AppointmentList> {
      const now = clock()
      const rows = await repo.appointmentsOf(userId)
      const until = await blockedFor(userId, now, db)
      return { items: rows.map(toAppointment), blockedUntil: until?.toISOString() ?? null }
    },

    async get(userId: string, id: string): Promise<Appointment> {
      const row = await repo.appointment(id)
      if (!row || row.user_id !== userId) throw notFound()
      return toAppointment(row)
    },

    async book(userId: string, body: { slotId: number; serviceCode: string }, idem: IdempotencyInput): Promise<PostResult<Appointment>> {
      const fast = await bookFast(userId, body, idem)
      if (fast) return fast
      const now = clock()
      return db.transaction(async (tx) => {
        const since = new Date(now.getTime() - (rules.noShowWindowDays + rules.blockDays) * DAY_MS)
        const { active, noShows, stored } = await repo.lockAndLoad(userId, since, idem.key, tx)
        return once(tx, userId, idem, 201, async () => {
          const until = blockedUntil(noShows, now, rules)
          if (until) throw refuse('BLOCKED_UNTIL', 409, blockedMessage(until, rules))
          if (active.includes(body.serviceCode)) throw refuse('ALREADY_BOOKED')
          if (active.length >= rules.maxActive) throw refuse('LIMIT_REACHED')
          // Happy path: one statement checks the service, the window, closure and capacity, takes the seat and books it.
          const notBefore = new Date(now.getTime() + rules.minNoticeMinutes * 60_000)
          const notAfter = shanghaiTime(addCalendarDays(lastBookableDate(now, rules), 1))
          const id = randomUUID()
          const code = bookingCodeFrom(randomBytes(8))
          const { slot, inserted } = await repo.takeSeatAndBook(
            { id, code, userId, slotId: body.slotId, service: body.serviceCode, notBefore, notAfter, now },
            tx,
          )
          if (!slot) {
            // Say why: missing, closed, outside the window, or full.
            await bookableSlot(body.slotId, body.serviceCode, now, tx)
            throw refuse('SLOT_FULL')
          }
          // The unique index is the backstop of the per-resident lock; throwing rolls the seat back too.
          if (!inserted) throw refuse('ALREADY_BOOKED')
          return toAppointment(await bookedRow(id, code, userId, now, slot, tx))
        }, now, stored)
      })
    },

    async cancel(userId: string, id: string, idem: IdempotencyInput): Promise<PostResult<Appointment>> {
      const now = clock()
      return db.transaction(async (tx) => {
        await repo.lockUser(userId, tx)
        return once(tx, userId, idem, 200, async () => {
          const row = await mustOwn(id, userId, tx)
          if (row.status !== 'booked') throw refuse('NOT_ACTIVE', 409, statusText(row.status))
          if (!canCancel(row.starts_at, now, rules)) throw refuse('CANCEL_CLOSED')
          await repo.setStatus(id, 'booked', 'cancelled', { now, reason: '本人取消' }, tx)
          await repo.releaseSeat(row.slot_id, tx)
          await cancelNotice(tx, reminderKey(row))
          await enqueueNotice(tx, {
            userId,
            template: 'appointment_cancelled',
            data: { service: row.service_name, hall: row.hall_name, time: formatSlotTime(row.starts_at), reason: '您已取消本次预约' },
            page: `${DETAIL_PAGE}?id=${row.id}`,
            dedupeKey: `appointment-cancelled:${row.id}`,
            now,
          })
          return toAppointment((await repo.appointment(id, tx)) as AppointmentRow)
        }, now)
      })
    },

    /** One transaction: the new seat is taken and the old one released together, or nothing changes. */
    async reschedule(userId: string, id: string, slotId: number, idem: IdempotencyInput): Promise<PostResult<Appointment>> {
      const now = clock()
      return db.transaction(async (tx) => {
        await repo.lockUser(userId, tx)
        return once(tx, userId, idem, 200, async () => {
          const row = await mustOwn(id, userId, tx)
          if (row.status !== 'booked') throw refuse('NOT_ACTIVE', 409, statusText(row.status))
          if (!canCancel(row.starts_at, now, rules)) throw refuse('CANCEL_CLOSED')
          const slot = await bookableSlot(slotId, row.service_code, now, tx)
          if (slot.id === row.slot_id) return toAppointment(row)
          // Seats are changed in slot-id order so two residents swapping slots cannot deadlock.
          if (slot.id < row.slot_id) {
            if (!(await repo.takeSeat(slot.id, tx))) throw refuse('SLOT_FULL')
            await repo.releaseSeat(row.slot_id, tx)
          } else {
            await repo.releaseSeat(row.slot_id, tx)
            if (!(await repo.takeSeat(slot.id, tx))) throw refuse('SLOT_FULL')
          }
          await repo.moveTo(id, slot, tx)
          // A reminder already queued for the old slot is withdrawn; the reminder job queues the new one when it is due.
          await cancelNotice(tx, reminderKey(row))
          return toAppointment((await repo.appointment(id, tx)) as AppointmentRow)
        }, now)
      })
    },

    async checkinByResident(userId: string, id: string, idem: IdempotencyInput): Promise<PostResult<Appointment>> {
      const now = clock()
      return db.transaction(async (tx) => {
        await repo.lockUser(userId, tx)
        return once(tx, userId, idem, 200, async () => toAppointment(await checkIn(tx, await mustOwn(id, userId, tx), now)), now)
      })
    },

    // --- hall staff ---

    async hallDay(hallId: string, date?: string): Promise<HallDay> {
      const hall = await repo.hall(hallId)
      if (!hall) throw notFound('找不到该办事大厅')
      const day = date ?? shanghaiDate(clock())
      const rows = await repo.hallDay(hallId, shanghaiTime(day), shanghaiTime(addCalendarDays(day, 1)))
      const closure = (await repo.closures(hallId, day, day))[0]
      return {
        hall: { id: hall.id, name: hall.name },
        date: day,
        closed: closure ? { reason: closure.reason } : null,
        items: rows.map((r) => ({
          id: r.id,
          code: r.code,
          status: r.status,
          start: r.starts_at.toISOString(),
          end: r.ends_at.toISOString(),
          service: { code: r.service_code, name: r.service_name },
          name: r.name_enc ? maskName(crypto.open('users.name', r.name_enc)) : '（已注销）',
          queueNumber: r.queue_number,
        })),
      }
    },

    async staffCheckin(staff: StaffPrincipal, hallId: string, code: string): Promise<Appointment> {
      const now = clock()
      return db.transaction(async (tx) => {
        const row = await repo.appointmentByCode(hallId, code.trim().toUpperCase(), tx)
        if (!row) throw notFound('本大厅没有该预约码的预约，请核对')
        const done = await checkIn(tx, row, now)
        await audit(tx, { actorKind: 'staff', actorId: staff.staffId, action: 'appointment.checkin', target: `appointment:${row.id}`, detail: { queueNumber: done.queue_number }, at: now })
        return toAppointment(done)
      })
    },

    async markNoShow(staff: StaffPrincipal, hallId: string, id: string): Promise<Appointment> {
      const now = clock()
      return db.transaction(async (tx) => {
        const row = await repo.appointment(id, tx, true)
        if (!row || row.hall_id !== hallId) throw notFound()
        if (row.status !== 'booked') throw refuse('NOT_ACTIVE', 409, statusText(row.status))
        if (now.getTime() < row.starts_at.getTime()) throw new AppError(409, 'NOT_STARTED', '预约时段尚未开始，不能标记爽约')
        await repo.setStatus(id, 'booked', 'no_show', { now }, tx)
        await audit(tx, { actorKind: 'staff', actorId: staff.staffId, action: 'appointment.no_show', target: `appointment:${id}`, at: now })
        return toAppointment((await repo.appointment(id, tx)) as AppointmentRow)
      })
    },

    /** Closes a hall's day: its slots close, its bookings are cancelled as 'closed', and each resident gets one notice. */
    async closeDay(staff: StaffPrincipal, hallId: string, date: string, reason: string): Promise<ClosureResult> {
      const now = clock()
      if (date < shanghaiDate(now)) throw new AppError(409, 'DATE_PAST', '不能停办已经过去的日期')
      return db.transaction(async (tx) => {
        const hall = await repo.hall(hallId, tx)
        if (!hall) throw notFound('找不到该办事大厅')
        await tx.query(
          `INSERT INTO hall_closures (hall_id, day, reason, closed_by, created_at) VALUES ($1, $2::date, $3, $4, $5)
           ON CONFLICT (hall_id, day) DO UPDATE SET reason = EXCLUDED.reason`,
          [hallId, date, reason, staff.staffId, now],
        )
        const from = shanghaiTime(date)
        const to = shanghaiTime(addCalendarDays(date, 1))
        await tx.query('UPDATE slots SET closed = true WHERE hall_id = $1 AND starts_at >= $2 AND starts_at < $3', [hallId, from, to])
        const ids = await tx.query<{ id: string }>(
          `UPDATE appointments SET status = 'closed', reason = $4, cancelled_at = $5
            WHERE hall_id = $1 AND status = 'booked' AND starts_at >= $2 AND starts_at < $3 RETURNING id`,
          [hallId, from, to, `大厅停办：${reason}`, now],
        )
        let notified = 0
        for (const { id } of ids.rows) {
          const row = (await repo.appointment(id, tx)) as AppointmentRow
          await cancelNotice(tx, reminderKey(row))
          const queued = await enqueueNotice(tx, {
            userId: row.user_id,
            template: 'appointment_closed',
            data: { service: row.service_name, hall: row.hall_name, time: formatSlotTime(row.starts_at), reason },
            page: `${DETAIL_PAGE}?id=${row.id}`,
            dedupeKey: `appointment-closed:${row.id}`,
            now,
          })
          if (queued) notified++
        }
        await audit(tx, { actorKind: 'staff', actorId: staff.staffId, action: 'hall.close_day', target: `hall:${hallId}`, detail: { date, reason, cancelled: ids.rowCount }, at: now })
        return { date, cancelled: ids.rowCount, notified }
      })
    },

    /**
     * The reminder job: from 18:00 the evening before a booking's day, queues its reminder (once: the outbox's dedupe
     * key), for bookings made before that evening. Queuing here rather than at booking keeps the booking's own write to
     * the booking, and a booking cancelled or moved before the evening never had a reminder to withdraw.
     */
    async queueReminders(now: Date): Promise<number> {
      let queued = 0
      const today = shanghaiDate(now)
      for (const day of [today, addCalendarDays(today, 1)]) {
        const due = reminderInstant(day)
        if (due.getTime() > now.getTime()) continue
        for (;;) {
          const rows = await repo.remindersDue(shanghaiTime(day), shanghaiTime(addCalendarDays(day, 1)), now, due, REMINDER_BATCH)
          await db.transaction(async (tx) => {
            for (const row of rows) if (await enqueueNotice(tx, reminderNotice(row, now))) queued++
          })
          if (rows.length < REMINDER_BATCH) break
        }
      }
      return queued
    },

    /** Job: bookings not checked in by 15 minutes after the start become no-shows. Conditional, so safe on many nodes. */
    async markNoShows(now: Date): Promise<number> {
      const r = await db.query(
        `UPDATE appointments SET status = 'no_show', no_show_at = $1 WHERE status = 'booked' AND starts_at <= $2`,
        [now, new Date(now.getTime() - rules.noShowAfterMinutes * 60_000)],
      )
      await db.query('DELETE FROM idempotency_keys WHERE created_at < $1', [new Date(now.getTime() - DAY_MS)])
      return r.rowCount
    },
  }
}

/** Reminders queued per transaction by the reminder job. */
const REMINDER_BATCH = 500

function statusText(status: AppointmentRow['status']): string {
  switch (status) {
    case 'checked_in':
      return '该预约已签到'
    case 'cancelled':
      return '该预约已取消'
    case 'closed':
      return '该预约因大厅停办已取消'
    case 'no_show':
      return '该预约已过期（未到场）'
    default:
      return '该预约当前不能执行此操作'
  }
}

export type AppointmentsService = ReturnType<typeof createAppointmentsService>
