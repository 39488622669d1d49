// SQL of the shared rate-limit counters (rate_limits, migration 014): one fixed window per key, counted in PostgreSQL.
import type { Queryable } from '../db'

export interface RateLimitCount {
  /** Requests in the current window, the ones just counted included. */
  hits: number
  /** Milliseconds until the window ends. */
  ttl: number
}

export function createRateLimitRepo(db: Queryable) {
  return {
    /**
     * Counts `n` requests for `key` in a window of `windowMs` (a window that has ended starts again) and answers the
     * count after them. One statement, so two nodes never lose a count.
     */
    async hit(key: string, windowMs: number, n = 1): Promise<RateLimitCount> {
      const r = await db.query<RateLimitCount>(
        `INSERT INTO rate_limits AS r (key, hits, window_start) VALUES ($1, $3, now())
         ON CONFLICT (key) DO UPDATE SET
           hits = CASE WHEN r.window_start + make_interval(secs => $2::float8 / 1000.0) <= now() THEN $3 ELSE r.hits + $3 END,
           window_start = CASE WHEN r.window_start + make_interval(secs => $2::float8 / 1000.0) <= now() THEN now() ELSE r.window_start END
         RETURNING hits,
           GREATEST(0, CEIL(EXTRACT(EPOCH FROM (window_start + make_interval(secs => $2::float8 / 1000.0) - now())) * 1000))::integer AS ttl`,
        [key, windowMs, n],
        { prepare: 'rate_limit_hit' },
      )
      return r.rows[0]
    },

    /** The count of `key` without adding to it (0 when its window has ended). */
    async peek(key: string, windowMs: number): Promise<RateLimitCount> {
      const r = await db.query<RateLimitCount>(
        `SELECT hits,
           GREATEST(0, CEIL(EXTRACT(EPOCH FROM (window_start + make_interval(secs => $2::float8 / 1000.0) - now())) * 1000))::integer AS ttl
         FROM rate_limits WHERE key = $1 AND window_start + make_interval(secs => $2::float8 / 1000.0) > now()`,
        [key, windowMs],
      )
      return r.rows[0] ?? { hits: 0, ttl: 0 }
    },

    /** Forgets windows that ended more than `windowMs` ago; answers how many. */
    async sweep(windowMs: number): Promise<number> {
      const r = await db.query(`DELETE FROM rate_limits WHERE window_start < now() - make_interval(secs => 2 * $1::float8 / 1000.0)`, [windowMs])
      return r.rowCount
    },
  }
}

export type RateLimitRepo = ReturnType<typeof createRateLimitRepo>
