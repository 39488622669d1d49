// The appointments jobs (safe on many nodes): reminders queued from 18:00 the evening before, and no-shows.
import { noShowCutoff, type BookingRules } from '@domain/appointment'
import { addCalendarDays, shanghaiDate, shanghaiTime } from '@domain/calendar'
import type { Db } from '../../db'
import { enqueueNotice } from '../outbox'
import { reminderNotice } from './notices'
import type { AppointmentsRepo } from './repo'

/** Reminders queued per transaction by the reminder job. */
const REMINDER_BATCH = 500

/** Idempotency keys are kept this long (a retry comes within minutes). */
const IDEMPOTENCY_KEY_MS = 86_400_000

/** When a booking's reminder is due: 18:00 (Asia/Shanghai) the evening before its day. */
function reminderInstant(day: string): Date {
  return shanghaiTime(addCalendarDays(day, -1), '18:00')
}

export function createAppointmentJobs({ db, repo, rules }: { db: Db; repo: AppointmentsRepo; rules: BookingRules }) {
  return {
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
      const marked = await repo.markNoShows(noShowCutoff(now, rules), now)
      await repo.purgeIdempotencyKeys(new Date(now.getTime() - IDEMPOTENCY_KEY_MS))
      return marked
    },
  }
}
