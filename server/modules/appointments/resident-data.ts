// Bookings in the cross-module resident data hooks: an account merge moves them (a duplicate active booking for the
// same service is cancelled and its seat released), the PIPL export lists them, erasure cancels the open ones.
import type { Queryable } from '../../db'
import { cancelNotice } from '../outbox'
import { USER_ERASE_HOOKS, USER_EXPORT_SECTIONS, USER_MERGE_SQL } from '../identity/repo'
import { reminderKey } from './repo'

// $1 = the account that goes, $2 = the one kept.
USER_MERGE_SQL.push(
  `WITH dup AS (
     UPDATE appointments a SET status = 'cancelled', reason = '账号合并：与保留账号的预约重复', cancelled_at = now()
      WHERE a.user_id = $1 AND a.status = 'booked'
        AND EXISTS (SELECT 1 FROM appointments b WHERE b.user_id = $2 AND b.status = 'booked' AND b.service_code = a.service_code)
      RETURNING a.slot_id)
   UPDATE slots s SET booked = s.booked - d.n FROM (SELECT slot_id, count(*)::int AS n FROM dup GROUP BY slot_id) d WHERE s.id = d.slot_id`,
  `UPDATE appointments SET user_id = $2 WHERE user_id = $1`,
  `DELETE FROM idempotency_keys WHERE user_id = $1`,
)

USER_EXPORT_SECTIONS.push({
  name: 'appointments',
  async collect(db: Queryable, userId: string) {
    const r = await db.query<Record<string, unknown>>(
      `SELECT a.code, sv.name AS service, h.name AS hall, a.starts_at AS "startsAt", a.status, a.queue_number AS "queueNumber",
              a.reason, a.created_at AS "createdAt", a.checked_in_at AS "checkedInAt", a.cancelled_at AS "cancelledAt"
         FROM appointments a JOIN services sv ON sv.code = a.service_code JOIN halls h ON h.id = a.hall_id
        WHERE a.user_id = $1 ORDER BY a.starts_at`,
      [userId],
    )
    return r.rows
  },
})

USER_ERASE_HOOKS.push(async (tx: Queryable, userId: string, now: Date) => {
  const open = await tx.query<{ id: string; slot_id: number }>(
    `UPDATE appointments SET status = 'cancelled', reason = '账号已注销', cancelled_at = $2
      WHERE user_id = $1 AND status = 'booked' RETURNING id, slot_id`,
    [userId, now],
  )
  for (const a of open.rows) {
    await tx.query('UPDATE slots SET booked = booked - 1 WHERE id = $1 AND booked > 0', [a.slot_id])
    await cancelNotice(tx, reminderKey(a))
  }
  await tx.query('DELETE FROM idempotency_keys WHERE user_id = $1', [userId])
})
