// SQL of what 预约办事 holds about a resident for the account hooks (resident-data.ts): merge, export, erasure.
import type { Queryable } from '../../db'

export const accountRepo = {
  /**
   * Merge, first step: `from`'s active bookings for a service `to` also holds are cancelled (the one-active-booking
   * index would refuse them); answers their slots, whose seats the caller releases.
   */
  async cancelMergeDuplicates(q: Queryable, from: string, to: string): Promise<number[]> {
    const r = await q.query<{ slot_id: number }>(
      `UPDATE appointments a SET status = 'cancelled', reason = '账号合并：与保留账号的预约重复', cancelled_at = now()
        WHERE a.user_id = $1 AND a.status = 'booked'
          AND EXISTS (SELECT 1 FROM appointments b WHERE b.user_id = $2 AND b.status = 'booked' AND b.service_code = a.service_code)
        RETURNING a.slot_id`,
      [from, to],
    )
    return r.rows.map((row) => row.slot_id)
  },

  async moveBookings(q: Queryable, from: string, to: string): Promise<void> {
    await q.query('UPDATE appointments SET user_id = $2 WHERE user_id = $1', [from, to])
  },

  async dropIdempotencyKeys(q: Queryable, userId: string): Promise<void> {
    await q.query('DELETE FROM idempotency_keys WHERE user_id = $1', [userId])
  },

  /** The resident's bookings as the export shows them. */
  async exportRows(q: Queryable, userId: string): Promise<Record<string, unknown>[]> {
    const r = await q.query<Record<string, unknown>>(
      `SELECT a.code, sv.name AS service, h.name AS hall, a.starts_at AS "startsAt", a.status, a.queue_number AS "queueNumber",
              a.reason, a.created_at AS "createdAt", a.checked_in_at AS "checkedInAt", a.cancelled_at AS "cancelledAt"
         FROM appointments a JOIN services sv ON sv.code = a.service_code JOIN halls h ON h.id = a.hall_id
        WHERE a.user_id = $1 ORDER BY a.starts_at`,
      [userId],
    )
    return r.rows
  },

  /** Erasure: cancels the resident's open bookings; answers them, whose seats and reminders the caller releases. */
  async cancelOpenBookings(q: Queryable, userId: string, reason: string, now: Date): Promise<{ id: string; slot_id: number }[]> {
    const r = await q.query<{ id: string; slot_id: number }>(
      `UPDATE appointments SET status = 'cancelled', reason = $3, cancelled_at = $2
        WHERE user_id = $1 AND status = 'booked' RETURNING id, slot_id`,
      [userId, now, reason],
    )
    return r.rows
  },
}
