// SQL of the public 好差评 figures: counted ratings of hall visits and 办件 (ratings, not excluded) and of 12345 requests
// (request_updates 'rate' / 'revisit' rows without a 'rating-excluded' row pointing at them), grouped so that
// no row identifies a rater: department, hall, level, default or not, 整改 done or not, and a count.
import type { Queryable } from '../../db'

export interface FigureGroup {
  department_code: string
  hall_id: string | null
  level: number
  is_default: boolean
  rectified: boolean
  n: number
}

export const figuresRepo = {
  async groups(q: Queryable, from: Date, to: Date): Promise<FigureGroup[]> {
    const r = await q.query<FigureGroup>(
      `WITH counted AS (
         SELECT rt.department_code, rt.hall_id, rt.level::int AS level, rt.is_default,
                EXISTS (SELECT 1 FROM rating_rectifications x
                         WHERE x.subject_kind = rt.subject_kind AND x.rating_ref = rt.id::text AND x.done_at IS NOT NULL) AS rectified
           FROM ratings rt
          WHERE NOT rt.excluded AND rt.rated_at >= $1 AND rt.rated_at < $2
         UNION ALL
         SELECT COALESCE(u.data->>'handledBy', 'gz-12345'), NULL, (u.data->>'level')::int, COALESCE((u.data->>'default')::boolean, false),
                EXISTS (SELECT 1 FROM rating_rectifications x
                         WHERE x.subject_kind = 'request' AND x.rating_ref = u.id::text AND x.done_at IS NOT NULL)
           FROM request_updates u
          WHERE u.action IN ('rate', 'revisit') AND u.created_at >= $1 AND u.created_at < $2
            AND NOT EXISTS (SELECT 1 FROM request_updates x
                             WHERE x.request_id = u.request_id AND x.action = 'rating-excluded' AND x.data->>'ratingUpdateId' = u.id::text)
       )
       SELECT department_code, hall_id, level, is_default, rectified, count(*)::int AS n
         FROM counted GROUP BY department_code, hall_id, level, is_default, rectified`,
      [from, to],
    )
    return r.rows
  },

  async departments(q: Queryable): Promise<{ code: string; name: string }[]> {
    const r = await q.query<{ code: string; name: string }>('SELECT code, name FROM departments ORDER BY sort, code')
    return r.rows
  },

  async halls(q: Queryable): Promise<{ id: string; name: string; district: string }[]> {
    const r = await q.query<{ id: string; name: string; district: string }>(`SELECT id, name, district FROM halls WHERE status = 'active' ORDER BY sort, id`)
    return r.rows
  },
}
