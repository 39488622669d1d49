// The outbox: notices to residents are written in the same transaction as the change they report, and a job
// sends them later (server/modules/outbox/sender.ts). Callers only ever use enqueueNotice.
import type { NoticeFields, NoticeTemplate } from '@contract/notice'
import type { Queryable } from '../../db'
import { createOutboxRepo } from './repo'

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
export function enqueueNotice<T extends NoticeTemplate>(q: Queryable, notice: Notice<T>): Promise<boolean> {
  return createOutboxRepo(q).enqueue({
    userId: notice.userId,
    template: notice.template,
    data: notice.data,
    page: notice.page ?? null,
    dedupeKey: notice.dedupeKey,
    sendAfter: notice.sendAfter ?? notice.now,
    now: notice.now,
  })
}

/** Withdraws a queued notice that has not been sent (e.g. a reminder for a booking that was cancelled). */
export function cancelNotice(q: Queryable, dedupeKey: string): Promise<boolean> {
  return createOutboxRepo(q).withdraw(dedupeKey)
}
