// SQL for 预约办事: halls and their services, lazily generated slots, seats, bookings, idempotency keys and the jobs'
// statements; the booking statements (booking.repo.ts) and the hall desk's (hall.repo.ts) join them in one repo.
import type { Queryable } from '../../db'
import { createBookingRepo } from './booking.repo'
import { createHallRepo } from './hall.repo'
import { APPOINTMENT_SELECT, HALL_COLUMNS, type AppointmentRow, type HallRow, type SlotRow, type StoredAnswer } from './rows.repo'

export { reminderKey, type AppointmentRow, type HallRow, type SlotRow, type StoredAnswer } from './rows.repo'

export function createAppointmentsRepo(db: Queryable) {
  return {
    ...createBookingRepo(db),
    ...createHallRepo(db),

    async halls(service: string | undefined, q: Queryable = db): Promise<HallRow[]> {
      if (service) {
        const r = await q.query<HallRow>(
          `SELECT ${HALL_COLUMNS} FROM halls h JOIN hall_services hs ON hs.hall_id = h.id
            WHERE h.status = 'active' AND hs.service_code = $1 ORDER BY h.sort, h.id`,
          [service],
        )
        return r.rows
      }
      return (await q.query<HallRow>(`SELECT ${HALL_COLUMNS} FROM halls h WHERE h.status = 'active' ORDER BY h.sort, h.id`)).rows
    },

    async hall(id: string, q: Queryable = db): Promise<HallRow | null> {
      const r = await q.query<HallRow>(`SELECT ${HALL_COLUMNS} FROM halls h WHERE h.id = $1 AND h.status = 'active'`, [id])
      return r.rows[0] ?? null
    },

    async hallCapacity(hallId: string, service: string, q: Queryable = db): Promise<number | null> {
      const r = await q.query<{ capacity: number }>('SELECT capacity FROM hall_services WHERE hall_id = $1 AND service_code = $2', [hallId, service])
      return r.rows[0]?.capacity ?? null
    },

    async closures(hallId: string, from: string, to: string, q: Queryable = db): Promise<{ date: string; reason: string }[]> {
      const r = await q.query<{ date: string; reason: string }>(
        `SELECT day AS date, reason FROM hall_closures WHERE hall_id = $1 AND day BETWEEN $2::date AND $3::date ORDER BY day`,
        [hallId, from, to],
      )
      return r.rows
    },

    /** Inserts the slots that do not exist yet (concurrent callers and nodes are fine: ON CONFLICT DO NOTHING). */
    async insertSlots(hallId: string, service: string, capacity: number, times: { start: Date; end: Date }[], q: Queryable = db): Promise<void> {
      if (times.length === 0) return
      await q.query(
        `INSERT INTO slots (hall_id, service_code, starts_at, ends_at, capacity)
         SELECT $1, $2, s, e, $3 FROM unnest($4::timestamptz[], $5::timestamptz[]) AS t(s, e)
         ON CONFLICT (hall_id, service_code, starts_at) DO NOTHING`,
        [hallId, service, capacity, times.map((t) => t.start.toISOString()), times.map((t) => t.end.toISOString())],
      )
    },

    async slots(hallId: string, service: string, from: Date, to: Date, q: Queryable = db): Promise<SlotRow[]> {
      const r = await q.query<SlotRow>(
        `SELECT * FROM slots WHERE hall_id = $1 AND service_code = $2 AND starts_at >= $3 AND starts_at < $4 AND NOT closed
          ORDER BY starts_at`,
        [hallId, service, from, to],
      )
      return r.rows
    },

    async slot(id: number, q: Queryable = db): Promise<SlotRow | null> {
      const r = await q.query<SlotRow>('SELECT * FROM slots WHERE id = $1', [id])
      return r.rows[0] ?? null
    },

    /** Takes one seat (reschedule); false when the slot is full or closed. */
    async takeSeat(slotId: number, q: Queryable = db): Promise<boolean> {
      const r = await q.query('UPDATE slots SET booked = booked + 1 WHERE id = $1 AND booked < capacity AND NOT closed RETURNING id', [slotId])
      return r.rowCount === 1
    },

    /** Gives a seat back (cancel, reschedule, erasure, merge): the one place a seat is released. */
    async releaseSeat(slotId: number, q: Queryable = db): Promise<void> {
      await q.query('UPDATE slots SET booked = booked - 1 WHERE id = $1 AND booked > 0', [slotId])
    },

    async hallCard(id: string, q: Queryable = db): Promise<{ name: string; address: string; phone: string } | null> {
      const r = await q.query<{ name: string; address: string; phone: string }>('SELECT name, address, phone FROM halls WHERE id = $1', [id])
      return r.rows[0] ?? null
    },

    async serviceName(code: string, q: Queryable = db): Promise<string | null> {
      const r = await q.query<{ name: string }>('SELECT name FROM services WHERE code = $1', [code])
      return r.rows[0]?.name ?? null
    },

    async noShows(userId: string, since: Date, q: Queryable = db): Promise<Date[]> {
      const r = await q.query<{ no_show_at: Date }>(
        `SELECT no_show_at FROM appointments WHERE user_id = $1 AND status = 'no_show' AND no_show_at >= $2`,
        [userId, since],
      )
      return r.rows.map((x) => x.no_show_at)
    },

    async appointment(id: string, q: Queryable = db, forUpdate = false): Promise<AppointmentRow | null> {
      const r = await q.query<AppointmentRow>(`${APPOINTMENT_SELECT} WHERE a.id = $1${forUpdate ? ' FOR UPDATE OF a' : ''}`, [id])
      return r.rows[0] ?? null
    },

    /**
     * Booked appointments starting in [from, to) and after `after`, made before `madeBefore`, whose reminder is not in
     * the outbox yet (its dedupe key), at most `limit`.
     */
    async remindersDue(from: Date, to: Date, after: Date, madeBefore: Date, limit: number, q: Queryable = db): Promise<AppointmentRow[]> {
      const r = await q.query<AppointmentRow>(
        `${APPOINTMENT_SELECT}
          WHERE a.status = 'booked' AND a.starts_at >= $1 AND a.starts_at < $2 AND a.starts_at > $3 AND a.created_at < $4
            AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.dedupe_key = 'appointment-reminder:' || a.id || ':' || a.slot_id)
          ORDER BY a.starts_at
          LIMIT $5`,
        [from, to, after, madeBefore, limit],
      )
      return r.rows
    },

    async appointmentsOf(userId: string, q: Queryable = db): Promise<AppointmentRow[]> {
      const r = await q.query<AppointmentRow>(`${APPOINTMENT_SELECT} WHERE a.user_id = $1 ORDER BY s.starts_at DESC LIMIT 200`, [userId])
      return r.rows
    },

    async setStatus(
      id: string,
      from: AppointmentRow['status'],
      to: AppointmentRow['status'],
      fields: { now: Date; reason?: string; queueNumber?: string },
      q: Queryable = db,
    ): Promise<boolean> {
      const r = await q.query(
        `UPDATE appointments SET status = $3,
            reason = COALESCE($4, reason),
            queue_number = COALESCE($5, queue_number),
            cancelled_at = CASE WHEN $3 IN ('cancelled', 'closed') THEN $6 ELSE cancelled_at END,
            checked_in_at = CASE WHEN $3 = 'checked_in' THEN $6 ELSE checked_in_at END,
            no_show_at = CASE WHEN $3 = 'no_show' THEN $6 ELSE no_show_at END
          WHERE id = $1 AND status = $2`,
        [id, from, to, fields.reason ?? null, fields.queueNumber ?? null, fields.now],
      )
      return r.rowCount === 1
    },

    async moveTo(id: string, slot: SlotRow, q: Queryable = db): Promise<void> {
      await q.query(`UPDATE appointments SET slot_id = $2, hall_id = $3, starts_at = $4 WHERE id = $1`, [id, slot.id, slot.hall_id, slot.starts_at])
    },

    /** The no-show job: bookings still 'booked' that started at or before `cutoff` become no-shows at `now`. */
    async markNoShows(cutoff: Date, now: Date, q: Queryable = db): Promise<number> {
      const r = await q.query(`UPDATE appointments SET status = 'no_show', no_show_at = $1 WHERE status = 'booked' AND starts_at <= $2`, [now, cutoff])
      return r.rowCount
    },

    /** Idempotency keys older than `before` are forgotten (a retry comes within minutes, not a day). */
    async purgeIdempotencyKeys(before: Date, q: Queryable = db): Promise<void> {
      await q.query('DELETE FROM idempotency_keys WHERE created_at < $1', [before])
    },

    async idempotent(userId: string, key: string, q: Queryable): Promise<StoredAnswer | null> {
      const r = await q.query<StoredAnswer>(
        'SELECT request_hash, status, body FROM idempotency_keys WHERE user_id = $1 AND key = $2',
        [userId, key],
      )
      return r.rows[0] ?? null
    },

    async saveIdempotent(userId: string, key: string, hash: string, status: number, body: unknown, now: Date, q: Queryable): Promise<void> {
      await q.query(
        `INSERT INTO idempotency_keys (user_id, key, request_hash, status, body, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
        [userId, key, hash, status, JSON.stringify(body), now],
      )
    },
  }
}

export type AppointmentsRepo = ReturnType<typeof createAppointmentsRepo>
