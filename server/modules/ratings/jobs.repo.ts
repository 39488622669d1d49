// SQL of the ratings job: 7-day default ratings (hall visits and 办件 here, 12345 requests as request_updates rows) and the 差评
// of 12345 requests that still need their 整改 order. Each statement is conditional, so two runs never double up.
import type { Queryable } from '../../db'

export interface BadRequestRating {
  update_id: string
  request_id: string
  user_id: string | null
  level: number
  department_code: string
  rated_at: Date
}

export const ratingJobsRepo = {
  /** Checked-in visits whose window ran out unrated get 基本满意, dated when the window closed; answers how many. */
  async defaultVisits(q: Queryable, now: Date, windowDays: number, level: number, limit: number): Promise<number> {
    const r = await q.query(
      `INSERT INTO ratings (id, subject_kind, subject_id, user_id, department_code, hall_id, level, is_default, rated_at)
       SELECT gen_random_uuid(), 'appointment', a.id::text, a.user_id, sv.department_code, a.hall_id, $3, true, s.ends_at + make_interval(days => $2)
         FROM appointments a JOIN slots s ON s.id = a.slot_id JOIN services sv ON sv.code = a.service_code
        WHERE a.status = 'checked_in' AND s.ends_at + make_interval(days => $2) <= $1
          AND NOT EXISTS (SELECT 1 FROM ratings r WHERE r.subject_kind = 'appointment' AND r.subject_id = a.id::text)
        LIMIT $4
       ON CONFLICT (subject_kind, subject_id) DO NOTHING`,
      [now, windowDays, level, limit],
    )
    return r.rowCount ?? 0
  },

  /** Ended 办件 (approved, rejected, denied) unrated 7 days after the decision get 基本满意, dated when the window closed. */
  async defaultApplications(q: Queryable, now: Date, windowDays: number, level: number, limit: number): Promise<number> {
    const r = await q.query(
      `INSERT INTO ratings (id, subject_kind, subject_id, user_id, department_code, hall_id, level, is_default, rated_at)
       SELECT gen_random_uuid(), 'application', a.id::text, a.user_id, a.department_code, NULL, $3, true, a.decided_at + make_interval(days => $2)
         FROM applications a
        WHERE a.status IN ('approved', 'rejected', 'denied') AND a.decided_at + make_interval(days => $2) <= $1
          AND NOT EXISTS (SELECT 1 FROM ratings r WHERE r.subject_kind = 'application' AND r.subject_id = a.id::text)
        ORDER BY a.decided_at
        LIMIT $4
       ON CONFLICT (subject_kind, subject_id) DO NOTHING`,
      [now, windowDays, level, limit],
    )
    return r.rowCount ?? 0
  },

  /**
   * Closed 12345 requests unrated for `windowDays` after closing: rated `level` by default (requests.rating_default),
   * with the agreed update row (action 'rate', data { level, default: true, handledBy }) dated when the window ran out.
   */
  async defaultRequests(q: Queryable, now: Date, windowDays: number, level: number, limit: number): Promise<number> {
    const r = await q.query(
      `WITH due AS (
         SELECT id FROM requests WHERE status = 'closed' AND closed_at + make_interval(days => $2) <= $1
          ORDER BY closed_at LIMIT $4 FOR UPDATE SKIP LOCKED
       ), rated AS (
         UPDATE requests r SET status = 'rated', rating_level = $3, rating_comment = NULL, rating_resolved = NULL, rating_default = true,
                rated_at = r.closed_at + make_interval(days => $2), updated_at = $1
           FROM due WHERE r.id = due.id AND r.status = 'closed'
         RETURNING r.id, r.department_code, r.rated_at
       )
       INSERT INTO request_updates (request_id, action, from_status, to_status, actor_kind, actor_role, actor_department_code, actor_staff_id, note, data, visible_to_resident, created_at)
       SELECT id, 'rate', 'closed', 'rated', 'system', 'system', NULL, NULL, NULL,
              jsonb_build_object('level', $3::int, 'default', true, 'handledBy', department_code), true, rated_at
         FROM rated`,
      [now, windowDays, level, limit],
    )
    return r.rowCount ?? 0
  },

  /** 差评 of 12345 requests (app or 回访, not defaults) since `since` without a 整改 order yet. */
  async badRequestRatings(q: Queryable, since: Date, maxLevel: number, limit: number): Promise<BadRequestRating[]> {
    const r = await q.query<BadRequestRating>(
      `SELECT u.id::text AS update_id, u.request_id, rq.user_id, (u.data->>'level')::int AS level,
              COALESCE(u.data->>'handledBy', rq.department_code, 'gz-12345') AS department_code, u.created_at AS rated_at
         FROM request_updates u JOIN requests rq ON rq.id = u.request_id
        WHERE u.action IN ('rate', 'revisit') AND u.created_at >= $1 AND (u.data->>'level')::int <= $2
          AND NOT COALESCE((u.data->>'default')::boolean, false)
          AND NOT EXISTS (SELECT 1 FROM rating_rectifications x WHERE x.subject_kind = 'request' AND x.rating_ref = u.id::text)
        ORDER BY u.id LIMIT $3`,
      [since, maxLevel, limit],
    )
    return r.rows
  },
}
