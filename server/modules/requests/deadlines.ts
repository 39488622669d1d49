// The deadline job: a 临期预警 (internal) once 80 % of the working time has passed, and 督办 once the deadline has
// passed — for the close deadline of every open request, and for the 1-working-day dispatch deadline of a request
// the hotline has not dispatched yet (submitted / accepted / returned).
//
// Close deadline: one conditional UPDATE … RETURNING feeding the update rows in the same statement, keyed on the
// deadline it was raised for (warned_for / overdue_for) — so two API nodes running it at once raise each one exactly
// once, and a new deadline (extension, 重办) can be warned about and supervised again.
//
// Dispatch deadline: the 80 % instant needs the working-day calendar (JS), and the marker is the update row itself
// (data.stage = 'dispatch', data.dispatchDeadline = the deadline it was raised for). Exactly once on many nodes: the
// due rows are locked FOR UPDATE SKIP LOCKED, and only then — in a later statement, whose READ COMMITTED snapshot
// sees whatever another node committed while it held those locks — the rows are inserted WHERE NOT EXISTS.
// A 退单 or 重办 starts a new dispatch clock (new dispatch_deadline), which is warned about and supervised again.
import { warningAt } from '@domain/workorder'
import type { Db } from '../../db'
import { deadlinesRepo } from './deadlines.repo'

export const DEADLINE_JOB = 'requests.deadlines'
export const DEADLINE_JOB_EVERY_MS = 60_000

export const CLOSE_WARN_NOTE = '已用去 80% 的办理时限，请抓紧办理'
export const CLOSE_OVERDUE_NOTE = '已超过办理时限，系统自动督办'
export const DISPATCH_WARN_NOTE = '已用去 80% 的派单时限，请尽快受理派单'
export const DISPATCH_OVERDUE_NOTE = '超过派单时限仍未派单，系统自动督办'

export async function runDeadlineJob(db: Db, now: Date): Promise<{ warned: number; supervised: number }> {
  const warned = await deadlinesRepo.warnClose(db, now, CLOSE_WARN_NOTE)
  const supervised = await deadlinesRepo.superviseClose(db, now, CLOSE_OVERDUE_NOTE)
  const dispatch = await runDispatchDeadlines(db, now)
  return { warned: warned + dispatch.warned, supervised: supervised + dispatch.supervised }
}

/** The dispatch-deadline half of the job (see the top of this file for why it is exactly once on many nodes). */
export async function runDispatchDeadlines(db: Db, now: Date): Promise<{ warned: number; supervised: number }> {
  const warnIds: string[] = []
  const superviseIds: string[] = []
  for (const c of await deadlinesRepo.dispatchCandidates(db)) {
    if (c.dispatch_deadline.getTime() <= now.getTime()) superviseIds.push(c.id)
    else if (!c.warned && warningAt(c.started_at, c.dispatch_deadline).getTime() <= now.getTime()) warnIds.push(c.id)
  }
  const raise = async (ids: string[], action: 'warn' | 'supervise'): Promise<number> =>
    ids.length === 0 ? 0 : deadlinesRepo.raiseDispatch(db, ids, action, now, action === 'warn' ? DISPATCH_WARN_NOTE : DISPATCH_OVERDUE_NOTE)
  return { warned: await raise(warnIds, 'warn'), supervised: await raise(superviseIds, 'supervise') }
}
