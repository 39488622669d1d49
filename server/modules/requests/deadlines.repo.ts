// SQL for the deadline job (deadlines.ts explains why each step is exactly once on many nodes): the close deadline's
// 临期预警 and 督办 as one UPDATE … RETURNING feeding the update rows, and the dispatch deadline's candidates and markers.
import { OPEN_STATES, UNDISPATCHED_STATES } from '@domain/workorder'
import type { Db, Queryable } from '../../db'
import { DISPATCH_STARTED_SQL, UPDATE_COLUMNS } from './repo'

/** SQL (over `requests`): the job has raised `action` ('warn' | 'supervise') for the current dispatch deadline. */
const dispatchRaisedSql = (action: 'warn' | 'supervise') => `EXISTS (SELECT 1 FROM request_updates m
  WHERE m.request_id = requests.id AND m.action = '${action}' AND m.data->>'stage' = 'dispatch'
    AND (m.data->>'dispatchDeadline')::timestamptz = requests.dispatch_deadline)`

export interface DispatchCandidate {
  id: string
  dispatch_deadline: Date
  started_at: Date
  warned: boolean
  supervised: boolean
}

export const deadlinesRepo = {
  /** 临期预警 for every open request past its warn_at and not yet warned for it; returns how many. */
  async warnClose(db: Queryable, now: Date, note: string): Promise<number> {
    const r = await db.query(
      `WITH due AS (
         UPDATE requests SET warned_for = warn_at, updated_at = $1
          WHERE status = ANY($2::text[]) AND warn_at <= $1 AND deadline > $1 AND warned_for IS DISTINCT FROM warn_at
          RETURNING id, status)
       INSERT INTO request_updates (${UPDATE_COLUMNS})
       SELECT id, 'warn', status, status, 'system', 'system', NULL, NULL, $3, '{}'::jsonb, false, $1 FROM due`,
      [now, OPEN_STATES, note],
    )
    return r.rowCount
  },

  /** 督办 for every open request past its deadline and not yet supervised for it; returns how many. */
  async superviseClose(db: Queryable, now: Date, note: string): Promise<number> {
    const r = await db.query(
      `WITH due AS (
         UPDATE requests SET overdue_for = deadline, supervised_at = $1, updated_at = $1
          WHERE status = ANY($2::text[]) AND deadline <= $1 AND overdue_for IS DISTINCT FROM deadline
          RETURNING id, status)
       INSERT INTO request_updates (${UPDATE_COLUMNS})
       SELECT id, 'supervise', status, status, 'system', 'system', NULL, NULL, $3, '{"auto": true}'::jsonb, true, $1 FROM due`,
      [now, OPEN_STATES, note],
    )
    return r.rowCount
  },

  /** Undispatched requests not yet supervised for their current dispatch deadline, with their clock's start. */
  async dispatchCandidates(db: Queryable): Promise<DispatchCandidate[]> {
    const r = await db.query<DispatchCandidate>(
      `SELECT id, dispatch_deadline, ${DISPATCH_STARTED_SQL} AS started_at,
              ${dispatchRaisedSql('warn')} AS warned, ${dispatchRaisedSql('supervise')} AS supervised
         FROM requests
        WHERE status = ANY($1::text[]) AND NOT ${dispatchRaisedSql('supervise')}`,
      [UNDISPATCHED_STATES],
    )
    return r.rows
  },

  /**
   * Raises `action` for the current dispatch deadline of those of `ids` no other node holds, once: locks them (SKIP
   * LOCKED), then — in a new statement, which sees every marker committed by a node that held the locks before —
   * inserts the marker rows where none exists yet. 督办 also marks the request supervised. Returns how many.
   */
  async raiseDispatch(db: Db, ids: string[], action: 'warn' | 'supervise', now: Date, note: string): Promise<number> {
    return db.transaction(async (tx) => {
      const locked = await tx.query<{ id: string }>('SELECT id FROM requests WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE SKIP LOCKED', [ids])
      if (locked.rowCount === 0) return 0
      const due = action === 'warn' ? 'requests.dispatch_deadline > $2' : 'requests.dispatch_deadline <= $2'
      const inserted = await tx.query<{ request_id: string }>(
        `INSERT INTO request_updates (${UPDATE_COLUMNS})
         SELECT id, $3, status, status, 'system', 'system', NULL, NULL, $4,
                jsonb_build_object('stage', 'dispatch', 'dispatchDeadline', dispatch_deadline, 'auto', true), $5, $2
           FROM requests
          WHERE id = ANY($1::uuid[]) AND status = ANY($6::text[]) AND ${due} AND NOT ${dispatchRaisedSql(action)}
         RETURNING request_id`,
        [locked.rows.map((r) => r.id), now, action, note, action === 'supervise', UNDISPATCHED_STATES],
      )
      if (action === 'supervise' && inserted.rowCount > 0) {
        await tx.query('UPDATE requests SET supervised_at = $2, updated_at = $2 WHERE id = ANY($1::uuid[])', [inserted.rows.map((r) => r.request_id), now])
      }
      return inserted.rowCount
    })
  },
}
