// SQL of the job scheduler (jobs.ts): one lease row per job in job_leases, claimed by one node per run.
import type { Queryable } from './db'

export interface JobLeases {
  /** Adds a lease row for each job that has none (due at once). */
  ensure(names: string[]): Promise<void>
  /**
   * Claims the jobs among `names` that are due and not running on any node: moves each one's next_at forward by its
   * interval and locks it for `leaseMs`. Answers the names this node now runs; a job claimed here is claimed nowhere else.
   */
  claimDue(names: string[], everyMs: number[], node: string, leaseMs: number): Promise<string[]>
  /** Extends this node's lock on a job still running. */
  renew(name: string, node: string, leaseMs: number): Promise<void>
  /** Ends this node's run: unlocks the job and counts the run. */
  release(name: string, node: string): Promise<void>
}

export function createJobLeases(db: Queryable): JobLeases {
  return {
    async ensure(names) {
      if (names.length === 0) return
      await db.query('INSERT INTO job_leases (name) SELECT unnest($1::text[]) ON CONFLICT (name) DO NOTHING', [names])
    },

    async claimDue(names, everyMs, node, leaseMs) {
      if (names.length === 0) return []
      const r = await db.query<{ name: string }>(
        `UPDATE job_leases l
            SET next_at = now() + make_interval(secs => j.every_ms / 1000.0),
                locked_until = now() + make_interval(secs => $4::float8 / 1000.0),
                locked_by = $3
           FROM unnest($1::text[], $2::float8[]) AS j(name, every_ms)
          WHERE l.name = j.name AND l.next_at <= now() AND (l.locked_until IS NULL OR l.locked_until < now())
          RETURNING l.name`,
        [names, everyMs, node, leaseMs],
        { prepare: 'job_leases_claim' },
      )
      return r.rows.map((row) => row.name)
    },

    async renew(name, node, leaseMs) {
      await db.query(
        `UPDATE job_leases SET locked_until = now() + make_interval(secs => $3::float8 / 1000.0) WHERE name = $1 AND locked_by = $2`,
        [name, node, leaseMs],
      )
    },

    async release(name, node) {
      await db.query(
        `UPDATE job_leases SET locked_until = NULL, locked_by = NULL, runs = runs + 1, last_run_at = now(), last_run_by = $2
          WHERE name = $1 AND locked_by = $2`,
        [name, node],
      )
    },
  }
}
