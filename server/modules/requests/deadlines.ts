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
import { workingShareInstant } from '@domain/calendar'
import { OPEN_STATES, WARNING_SHARE, type RequestStatus } from '@domain/workorder'
import type { Db } from '../../db'

export const DEADLINE_JOB = 'requests.deadlines'
export const DEADLINE_JOB_EVERY_MS = 60_000

/** States in which the request waits for the hotline to dispatch it (the dispatch clock runs). */
export const UNDISPATCHED_STATES: readonly RequestStatus[] = ['submitted', 'accepted', 'returned']

/**
 * SQL (over `requests`) for when the current dispatch clock started: filing, or the last 退单 / 重办 (each sets a new
 * dispatch_deadline from its own time).
 */
export const DISPATCH_STARTED_SQL = `GREATEST(requests.filed_at, (SELECT max(s.created_at) FROM request_updates s
  WHERE s.request_id = requests.id AND s.action IN ('return', 'reopen')))`

/** SQL (over `requests`): the job has raised `action` ('warn' | 'supervise') for the current dispatch deadline. */
export const dispatchRaisedSql = (action: 'warn' | 'supervise') => `EXISTS (SELECT 1 FROM request_updates m
  WHERE m.request_id = requests.id AND m.action = '${action}' AND m.data->>'stage' = 'dispatch'
    AND (m.data->>'dispatchDeadline')::timestamptz = requests.dispatch_deadline)`

/** The 80 % instant of a dispatch clock. */
export const dispatchWarnAt = (startedAt: Date, dispatchDeadline: Date): Date => workingShareInstant(startedAt, dispatchDeadline, WARNING_SHARE)

export const DISPATCH_WARN_NOTE = '已用去 80% 的派单时限，请尽快受理派单'
export const DISPATCH_OVERDUE_NOTE = '超过派单时限仍未派单，系统自动督办'

export async function runDeadlineJob(db: Db, now: Date): Promise<{ warned: number; supervised: number }> {
  const warned = await db.query(
    `WITH due AS (
       UPDATE requests SET warned_for = warn_at, updated_at = $1
        WHERE status = ANY($2::text[]) AND warn_at <= $1 AND deadline > $1 AND warned_for IS DISTINCT FROM warn_at
        RETURNING id, status, department_code)
     INSERT INTO request_updates (request_id, action, from_status, to_status, actor_kind, actor_role, actor_department_code,
                                  note, data, visible_to_resident, created_at)
     SELECT id, 'warn', status, status, 'system', 'system', NULL, '已用去 80% 的办理时限，请抓紧办理', '{}'::jsonb, false, $1 FROM due`,
    [now, OPEN_STATES],
  )
  const supervised = await db.query(
    `WITH due AS (
       UPDATE requests SET overdue_for = deadline, supervised_at = $1, updated_at = $1
        WHERE status = ANY($2::text[]) AND deadline <= $1 AND overdue_for IS DISTINCT FROM deadline
        RETURNING id, status)
     INSERT INTO request_updates (request_id, action, from_status, to_status, actor_kind, actor_role, actor_department_code,
                                  note, data, visible_to_resident, created_at)
     SELECT id, 'supervise', status, status, 'system', 'system', NULL, '已超过办理时限，系统自动督办', '{"auto": true}'::jsonb, true, $1 FROM due`,
    [now, OPEN_STATES],
  )
  const dispatch = await runDispatchDeadlines(db, now)
  return { warned: warned.rowCount + dispatch.warned, supervised: supervised.rowCount + dispatch.supervised }
}

/** The dispatch-deadline half of the job (see the top of this file for why it is exactly once on many nodes). */
export async function runDispatchDeadlines(db: Db, now: Date): Promise<{ warned: number; supervised: number }> {
  const candidates = await db.query<{ id: string; dispatch_deadline: Date; started_at: Date; warned: boolean; supervised: boolean }>(
    `SELECT id, dispatch_deadline, ${DISPATCH_STARTED_SQL} AS started_at,
            ${dispatchRaisedSql('warn')} AS warned, ${dispatchRaisedSql('supervise')} AS supervised
       FROM requests
      WHERE status = ANY($1::text[]) AND NOT ${dispatchRaisedSql('supervise')}`,
    [UNDISPATCHED_STATES],
  )
  const warnIds: string[] = []
  const superviseIds: string[] = []
  for (const c of candidates.rows) {
    if (c.dispatch_deadline.getTime() <= now.getTime()) superviseIds.push(c.id)
    else if (!c.warned && dispatchWarnAt(c.started_at, c.dispatch_deadline).getTime() <= now.getTime()) warnIds.push(c.id)
  }
  const raise = async (ids: string[], action: 'warn' | 'supervise'): Promise<number> => {
    if (ids.length === 0) return 0
    return db.transaction(async (tx) => {
      const locked = await tx.query<{ id: string }>('SELECT id FROM requests WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE SKIP LOCKED', [ids])
      if (locked.rowCount === 0) return 0
      // A new statement: it sees every marker committed by a node that held these locks before us.
      const due = action === 'warn' ? 'requests.dispatch_deadline > $2' : 'requests.dispatch_deadline <= $2'
      const inserted = await tx.query<{ request_id: string }>(
        `INSERT INTO request_updates (request_id, action, from_status, to_status, actor_kind, actor_role, actor_department_code,
                                      note, data, visible_to_resident, created_at)
         SELECT id, $3, status, status, 'system', 'system', NULL, $4,
                jsonb_build_object('stage', 'dispatch', 'dispatchDeadline', dispatch_deadline, 'auto', true), $5, $2
           FROM requests
          WHERE id = ANY($1::uuid[]) AND status = ANY($6::text[]) AND ${due} AND NOT ${dispatchRaisedSql(action)}
         RETURNING request_id`,
        [
          locked.rows.map((r) => r.id),
          now,
          action,
          action === 'warn' ? DISPATCH_WARN_NOTE : DISPATCH_OVERDUE_NOTE,
          action === 'supervise',
          UNDISPATCHED_STATES,
        ],
      )
      if (action === 'supervise' && inserted.rowCount > 0) {
        await tx.query('UPDATE requests SET supervised_at = $2, updated_at = $2 WHERE id = ANY($1::uuid[])', [inserted.rows.map((r) => r.request_id), now])
      }
      return inserted.rowCount
    })
  }
  return { warned: await raise(warnIds, 'warn'), supervised: await raise(superviseIds, 'supervise') }
}
