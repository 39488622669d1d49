// The resident's side of 预约办事: halls and slots, my bookings, and book / cancel / reschedule / check in, each in
// one transaction under the resident's lock with an Idempotency-Key. Booking has two paths (BookingPath): the one
// statement of book_appointment() for the common case, and the transaction that also says why not.
import { randomBytes, randomUUID } from 'node:crypto'
import type { Appointment, AppointmentList, Hall, SlotList } from '@contract/appointment'
import {
  blockedMessage,
  blockedUntil,
  bookingCodeFrom,
  bookingWindow,
  canCancel,
  lastBookableDate,
  noShowLookback,
  residentRefusal,
  slotRefusal,
} from '@domain/appointment'
import { addCalendarDays, shanghaiDate, shanghaiTime } from '@domain/calendar'
import type { Queryable } from '../../db'
import { cancelNotice, enqueueNotice } from '../outbox'
import type { NewBooking } from './booking.repo'
import type { SlotFacts } from './caches'
import { checkIn } from './check-in'
import { notFound, toAppointment, toHall, type AppointmentsContext, type BookingPath } from './common'
import { createIdempotency, requestHash, type IdempotencyInput, type PostResult } from './idempotency'
import { cancelledNotice } from './notices'
import { reminderKey, type AppointmentRow, type SlotRow } from './repo'

export interface BookBody {
  slotId: number
  serviceCode: string
}

export function createBooking(ctx: AppointmentsContext, path: BookingPath = 'fast') {
  const { db, repo, clock, rules, caches, refusals } = ctx
  const { refuse } = refusals
  const { storedAnswer, once } = createIdempotency(repo, refusals)

  /** A new booking's id, code and window (both paths). */
  function newBooking(userId: string, slotId: number, service: string, now: Date, window: { notBefore: Date; notAfter: Date }): NewBooking {
    return { id: randomUUID(), code: bookingCodeFrom(randomBytes(8)), userId, slotId, service, ...window, now }
  }

  /** A booking just made, as the answer shows it. */
  async function bookedAnswer(b: NewBooking, slot: SlotFacts, q: Queryable): Promise<Appointment> {
    return toAppointment({
      id: b.id,
      code: b.code,
      user_id: b.userId,
      status: 'booked',
      queue_number: null,
      reason: null,
      created_at: b.now,
      checked_in_at: null,
      cancelled_at: null,
      slot_id: slot.id,
      starts_at: slot.starts_at,
      ends_at: slot.ends_at,
      hall_id: slot.hall_id,
      ...(await caches.names(slot.hall_id, slot.service_code, q)),
      service_code: slot.service_code,
    })
  }

  /**
   * The common booking in one round trip (book_appointment(), migrations 010 and 013): books only when every rule plainly
   * holds and otherwise changes nothing and answers null, so the caller runs the transaction, which says why.
   */
  async function bookFast(userId: string, body: BookBody, idem: IdempotencyInput): Promise<PostResult<Appointment> | null> {
    const now = clock()
    const slot = await caches.factsOf(body.slotId)
    if (!slot || slot.service_code !== body.serviceCode) return null
    const b = newBooking(userId, slot.id, slot.service_code, now, caches.window(now))
    const answer = await bookedAnswer(b, slot, db)
    const hash = idem.key ? requestHash(idem.request) : null
    const r = await repo.bookInOne({
      ...b,
      noShowSince: noShowLookback(now, rules),
      maxActive: rules.maxActive,
      idempotencyKey: idem.key ?? null,
      requestHash: hash,
      body: answer,
    })
    if (!r) return null
    if (r.outcome === 'stored') return storedAnswer<Appointment>(r.stored, hash!)
    return { status: 201, body: answer, replayed: false }
  }

  /** The booking as one transaction: the resident's rules, then the seat; every refusal says why. */
  async function bookInTransaction(userId: string, body: BookBody, idem: IdempotencyInput): Promise<PostResult<Appointment>> {
    const now = clock()
    return db.transaction(async (tx) => {
      const { active, noShows, stored } = await repo.lockAndLoad(userId, noShowLookback(now, rules), idem.key, tx)
      return once(tx, userId, idem, 201, async () => {
        const refusal = residentRefusal(active, noShows, body.serviceCode, now, rules)
        if (refusal === 'BLOCKED_UNTIL') throw refuse(refusal, blockedMessage(blockedUntil(noShows, now, rules)!, rules))
        if (refusal) throw refuse(refusal)
        // Happy path: one statement checks the service, the window, closure and capacity, takes the seat and books it.
        const b = newBooking(userId, body.slotId, body.serviceCode, now, bookingWindow(now, rules))
        const { slot, inserted } = await repo.takeSeatAndBook(b, tx)
        if (!slot) {
          // Say why: missing, closed, outside the window, or full.
          await bookableSlot(body.slotId, body.serviceCode, now, tx)
          throw refuse('SLOT_FULL')
        }
        // The unique index is the backstop of the per-resident lock; throwing rolls the seat back too.
        if (!inserted) throw refuse('ALREADY_BOOKED')
        return bookedAnswer(b, slot, tx)
      }, now, stored)
    })
  }

  async function bookableSlot(slotId: number, service: string, now: Date, q: Queryable): Promise<SlotRow> {
    const slot = await repo.slot(slotId, q)
    if (!slot || slot.service_code !== service) throw notFound('找不到该时段，请刷新后重新选择')
    const refusal = slotRefusal(slot, now, rules)
    if (refusal) throw refuse(refusal)
    return slot
  }

  /** A change to one of the resident's own bookings: one transaction under their lock, once per Idempotency-Key. */
  async function change(userId: string, idem: IdempotencyInput, fn: (tx: Queryable, now: Date) => Promise<Appointment>): Promise<PostResult<Appointment>> {
    const now = clock()
    return db.transaction(async (tx) => {
      await repo.lockUser(userId, tx)
      return once(tx, userId, idem, 200, () => fn(tx, now), now)
    })
  }

  /** The resident's own booking, locked; someone else's answers 404 like a missing one. */
  async function mustOwn(id: string, userId: string, q: Queryable): Promise<AppointmentRow> {
    const row = await repo.appointment(id, q, true)
    if (!row || row.user_id !== userId) throw notFound()
    return row
  }

  /** The resident's booking if it may still be cancelled or moved at `now`. */
  async function changeable(id: string, userId: string, now: Date, q: Queryable): Promise<AppointmentRow> {
    const row = await mustOwn(id, userId, q)
    if (row.status !== 'booked') throw refusals.notActive(row)
    if (!canCancel(row.starts_at, now, rules)) throw refuse('CANCEL_CLOSED')
    return row
  }

  const reread = async (id: string, tx: Queryable) => toAppointment((await repo.appointment(id, tx)) as AppointmentRow)

  return {
    /** book_appointment() alone: the booking, a stored answer, or null when it declined (nothing changed). */
    bookFast,

    async book(userId: string, body: BookBody, idem: IdempotencyInput): Promise<PostResult<Appointment>> {
      if (path === 'fast') {
        const fast = await bookFast(userId, body, idem)
        if (fast) return fast
      }
      return bookInTransaction(userId, body, idem)
    },

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
      await caches.ensureSlots(hall, service, capacity, dates)
      const rows = await repo.slots(hallId, service, shanghaiTime(start), shanghaiTime(addCalendarDays(end, 1)))
      for (const r of rows) caches.remember(r)
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
      const until = blockedUntil(await repo.noShows(userId, noShowLookback(now, rules), db), now, rules)
      return { items: rows.map(toAppointment), blockedUntil: until?.toISOString() ?? null }
    },

    async get(userId: string, id: string): Promise<Appointment> {
      const row = await repo.appointment(id)
      if (!row || row.user_id !== userId) throw notFound()
      return toAppointment(row)
    },

    async cancel(userId: string, id: string, idem: IdempotencyInput): Promise<PostResult<Appointment>> {
      return change(userId, idem, async (tx, now) => {
        const row = await changeable(id, userId, now, tx)
        await repo.setStatus(id, 'booked', 'cancelled', { now, reason: '本人取消' }, tx)
        await repo.releaseSeat(row.slot_id, tx)
        await cancelNotice(tx, reminderKey(row))
        await enqueueNotice(tx, cancelledNotice(row, now))
        return reread(id, tx)
      })
    },

    /** One transaction: the new seat is taken and the old one released together, or nothing changes. */
    async reschedule(userId: string, id: string, slotId: number, idem: IdempotencyInput): Promise<PostResult<Appointment>> {
      return change(userId, idem, async (tx, now) => {
        const row = await changeable(id, userId, now, tx)
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
        return reread(id, tx)
      })
    },

    async checkinByResident(userId: string, id: string, idem: IdempotencyInput): Promise<PostResult<Appointment>> {
      return change(userId, idem, async (tx, now) => toAppointment(await checkIn(ctx, tx, await mustOwn(id, userId, tx), now)))
    },
  }
}

export type Booking = ReturnType<typeof createBooking>
