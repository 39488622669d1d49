// The deadline job: a 临期预警 (internal) once 80 % of the working time has passed, and 督办 once the deadline has
// passed. Each is one conditional UPDATE … RETURNING feeding the update rows in the same statement, keyed on the
// deadline it was raised for — so two API nodes running it at once raise each one exactly once, and a new deadline
// (extension, 重办) can be warned about and supervised again.
import { OPEN_STATES } from '../../../src/domain/workorder'
import type { Queryable } from '../../db'

export const DEADLINE_JOB = 'requests.deadlines'
export const DEADLINE_JOB_EVERY_MS = 60_000

export async function runDeadlineJob(db: Queryable, now: Date): Promise<{ warned: number; supervised: number }> {
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
  return { warned: warned.rowCount, supervised: supervised.rowCount }
}
