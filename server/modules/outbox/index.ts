// The outbox: notices to residents are written in the same transaction as the change they report, and a job
// sends them later (server/modules/outbox/sender.ts). Callers only ever use enqueueNotice.
import type { NoticeFields, NoticeTemplate } from '@contract/notice'
import type { Queryable } from '../../db'
import { USER_OWNED_TABLES } from '../identity/repo'

// Notices follow their resident when two accounts merge.
USER_OWNED_TABLES.push('outbox')

export interface Notice<T extends NoticeTemplate = NoticeTemplate> {
  userId: string
  template: T
  data: NoticeFields[T]
  /** The mini-program page the message opens, e.g. 'packages/request/pages/detail/index?id=…'. */
  page?: string
  /** Unique per notice: enqueueing the same key again does nothing (e.g. `request-update:<update id>`). */
  dedupeKey: string
  /** Not before this instant (a reminder the day before); default: now. */
  sendAfter?: Date
  /** The caller's "now" (app.clock()). */
  now: Date
}

/** Queues a notice; returns false when a notice with this dedupeKey was already queued. */
export async function enqueueNotice<T extends NoticeTemplate>(q: Queryable, notice: Notice<T>): Promise<boolean> {
  const r = await q.query(
    `INSERT INTO outbox (user_id, template, data, page, dedupe_key, send_after, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (dedupe_key) DO NOTHING`,
    [notice.userId, notice.template, JSON.stringify(notice.data), notice.page ?? null, notice.dedupeKey, notice.sendAfter ?? notice.now, notice.now],
  )
  return r.rowCount === 1
}

/** Withdraws a queued notice that has not been sent (e.g. a reminder for a booking that was cancelled). */
export async function cancelNotice(q: Queryable, dedupeKey: string): Promise<boolean> {
  const r = await q.query(`UPDATE outbox SET status = 'skipped', last_error = '已撤回' WHERE dedupe_key = $1 AND status = 'pending'`, [dedupeKey])
  return r.rowCount === 1
}
