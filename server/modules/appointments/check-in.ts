// 签到取号: one rule for the resident's own check-in and the hall desk's check-in by code.
import { checkinRefusal, queueLabel } from '@domain/appointment'
import { shanghaiDate } from '@domain/calendar'
import type { Queryable } from '../../db'
import type { AppointmentsContext } from './common'
import type { AppointmentRow } from './repo'

/** Checks `row` in (inside the caller's transaction, the row locked): the next queue number of its hall and day. */
export async function checkIn({ repo, rules, refusals }: AppointmentsContext, tx: Queryable, row: AppointmentRow, now: Date): Promise<AppointmentRow> {
  if (row.status !== 'booked') throw refusals.notActive(row)
  const refusal = checkinRefusal(row.starts_at, now, rules)
  if (refusal) throw refusals.refuse(refusal)
  const n = await repo.nextQueueNumber(row.hall_id, shanghaiDate(row.starts_at), tx)
  await repo.setStatus(row.id, 'booked', 'checked_in', { now, queueNumber: queueLabel(n) }, tx)
  return (await repo.appointment(row.id, tx)) as AppointmentRow
}
