// SQL of the hall desk: a hall's day list, a booking found by its code, queue numbers, and closing (停办) a day.
import type { Queryable } from '../../db'
import { APPOINTMENT_SELECT, type AppointmentRow } from './rows.repo'

export function createHallRepo(db: Queryable) {
  return {
    async appointmentByCode(hallId: string, code: string, q: Queryable = db): Promise<AppointmentRow | null> {
      const r = await q.query<AppointmentRow>(`${APPOINTMENT_SELECT} WHERE a.code = $1 AND a.hall_id = $2 FOR UPDATE OF a`, [code, hallId])
      return r.rows[0] ?? null
    },

    async hallDay(hallId: string, from: Date, to: Date, q: Queryable = db): Promise<(AppointmentRow & { name_enc: string | null })[]> {
      const r = await q.query<AppointmentRow & { name_enc: string | null }>(
        `${APPOINTMENT_SELECT.replace('SELECT a.id,', 'SELECT u.realname_name_enc AS name_enc, a.id,')}
           JOIN users u ON u.id = a.user_id
          WHERE a.hall_id = $1 AND a.starts_at >= $2 AND a.starts_at < $3 AND a.status <> 'cancelled'
          ORDER BY s.starts_at, a.created_at`,
        [hallId, from, to],
      )
      return r.rows
    },

    /** The next queue number of a hall's day, atomically. */
    async nextQueueNumber(hallId: string, day: string, q: Queryable = db): Promise<number> {
      const r = await q.query<{ last: number }>(
        `INSERT INTO hall_queue_counters (hall_id, day, last) VALUES ($1, $2::date, 1)
         ON CONFLICT (hall_id, day) DO UPDATE SET last = hall_queue_counters.last + 1 RETURNING last`,
        [hallId, day],
      )
      return r.rows[0].last
    },

    /**
     * Closes a hall's day [from, to): records the closure (a second closure of the day updates its reason), closes its
     * slots and marks its booked appointments 'closed' with `reason`; answers the ids of the appointments it closed.
     */
    async closeDay(
      c: { hallId: string; date: string; from: Date; to: Date; reason: string; bookingReason: string; staffId: string; now: Date },
      q: Queryable,
    ): Promise<string[]> {
      await q.query(
        `INSERT INTO hall_closures (hall_id, day, reason, closed_by, created_at) VALUES ($1, $2::date, $3, $4, $5)
         ON CONFLICT (hall_id, day) DO UPDATE SET reason = EXCLUDED.reason`,
        [c.hallId, c.date, c.reason, c.staffId, c.now],
      )
      await q.query('UPDATE slots SET closed = true WHERE hall_id = $1 AND starts_at >= $2 AND starts_at < $3', [c.hallId, c.from, c.to])
      const ids = await q.query<{ id: string }>(
        `UPDATE appointments SET status = 'closed', reason = $4, cancelled_at = $5
          WHERE hall_id = $1 AND status = 'booked' AND starts_at >= $2 AND starts_at < $3 RETURNING id`,
        [c.hallId, c.from, c.to, c.bookingReason, c.now],
      )
      return ids.rows.map((r) => r.id)
    },
  }
}
