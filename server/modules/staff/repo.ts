// SQL for staff accounts and their sign-in guard; every method takes an optional transaction.
import type { StaffRole } from '@contract/auth'
import type { Queryable } from '../../db'

export interface StaffRow {
  id: string
  username: string
  display_name: string
  password_hash: string
  role: StaffRole
  department_code: string | null
  hall_id: string | null
  disabled_at: Date | null
  created_at: Date
}

export function createStaffRepo(db: Queryable) {
  return {
    async byUsername(username: string, tx: Queryable = db): Promise<StaffRow | null> {
      const r = await tx.query<StaffRow>('SELECT * FROM staff WHERE username = $1', [username])
      return r.rows[0] ?? null
    },

    async byId(id: string, tx: Queryable = db): Promise<StaffRow | null> {
      const r = await tx.query<StaffRow>('SELECT * FROM staff WHERE id = $1', [id])
      return r.rows[0] ?? null
    },

    async list(tx: Queryable = db): Promise<StaffRow[]> {
      return (await tx.query<StaffRow>('SELECT * FROM staff ORDER BY username')).rows
    },

    async insert(
      s: { username: string; displayName: string; passwordHash: string; role: StaffRole; departmentCode: string | null; hallId: string | null; now: Date },
      tx: Queryable = db,
    ): Promise<StaffRow> {
      const r = await tx.query<StaffRow>(
        `INSERT INTO staff (username, display_name, password_hash, role, department_code, hall_id, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING *`,
        [s.username, s.displayName, s.passwordHash, s.role, s.departmentCode, s.hallId, s.now],
      )
      return r.rows[0]
    },

    async setPassword(id: string, passwordHash: string, now: Date, tx: Queryable = db): Promise<void> {
      await tx.query('UPDATE staff SET password_hash = $2, updated_at = $3 WHERE id = $1', [id, passwordHash, now])
    },

    async guard(usernameHmac: string, tx: Queryable = db): Promise<{ failed_count: number; locked_until: Date | null } | null> {
      const r = await tx.query<{ failed_count: number; locked_until: Date | null }>(
        'SELECT failed_count, locked_until FROM staff_login_guard WHERE username_hmac = $1',
        [usernameHmac],
      )
      return r.rows[0] ?? null
    },

    /** Counts one failure (a lock that has run out starts the count again); returns the new count. */
    async addFailure(usernameHmac: string, now: Date, tx: Queryable = db): Promise<number> {
      const r = await tx.query<{ failed_count: number }>(
        `INSERT INTO staff_login_guard (username_hmac, failed_count, updated_at) VALUES ($1, 1, $2)
         ON CONFLICT (username_hmac) DO UPDATE SET
           failed_count = CASE WHEN staff_login_guard.locked_until IS NOT NULL AND staff_login_guard.locked_until <= $2
                               THEN 1 ELSE staff_login_guard.failed_count + 1 END,
           locked_until = CASE WHEN staff_login_guard.locked_until IS NOT NULL AND staff_login_guard.locked_until <= $2
                               THEN NULL ELSE staff_login_guard.locked_until END,
           updated_at = $2
         RETURNING failed_count`,
        [usernameHmac, now],
      )
      return Number(r.rows[0].failed_count)
    },

    async lock(usernameHmac: string, until: Date, now: Date, tx: Queryable = db): Promise<void> {
      await tx.query('UPDATE staff_login_guard SET locked_until = $2, failed_count = 0, updated_at = $3 WHERE username_hmac = $1', [usernameHmac, until, now])
    },

    async clearGuard(usernameHmac: string, tx: Queryable = db): Promise<boolean> {
      return (await tx.query('DELETE FROM staff_login_guard WHERE username_hmac = $1', [usernameHmac])).rowCount > 0
    },

    async departmentExists(code: string, tx: Queryable = db): Promise<boolean> {
      return ((await tx.query('SELECT 1 FROM departments WHERE code = $1', [code])).rowCount ?? 0) > 0
    },

    async revokeSessions(staffId: string, now: Date, tx: Queryable = db): Promise<void> {
      await tx.query('UPDATE sessions SET revoked_at = $2 WHERE staff_id = $1 AND revoked_at IS NULL', [staffId, now])
    },
  }
}

export type StaffRepo = ReturnType<typeof createStaffRepo>
