// Shared setup for the 12345 suites (similar requests, and requests through requests-support.ts): residents and staff
// with sessions, straight in the database.
import { createSession } from '../../server/auth'
import type { DataCrypto } from '../../server/crypto'
import type { Db } from '../../server/db'

/** A resident with a phone, created at `at`, and a session valid from `sessionFrom`; returns the user id and a bearer header. */
export async function makeResident(
  db: Db,
  crypto: DataCrypto,
  phone: string,
  at: Date,
  sessionFrom = at,
): Promise<{ id: string; headers: Record<string, string> }> {
  const r = await db.query<{ id: string }>('INSERT INTO users (created_at, level, phone_enc, phone_hmac) VALUES ($1, 1, $2, $3) RETURNING id', [
    at,
    crypto.seal('users.phone', phone),
    crypto.lookup('phone', phone),
  ])
  const { token } = await createSession(db, { userId: r.rows[0].id, provider: 'sms' }, sessionFrom)
  return { id: r.rows[0].id, headers: { authorization: `Bearer ${token}` } }
}

/** A staff account created at `at` (display name: the username unless given) with a session valid from `sessionFrom`. */
export async function makeStaff(
  db: Db,
  username: string,
  role: string,
  departmentCode: string | null,
  at: Date,
  opts: { displayName?: string; sessionFrom?: Date } = {},
): Promise<{ id: string; headers: Record<string, string> }> {
  const r = await db.query<{ id: string }>(
    `INSERT INTO staff (username, display_name, password_hash, role, department_code, created_at, updated_at)
     VALUES ($1, $2, 'x', $3, $4, $5, $5) RETURNING id`,
    [username, opts.displayName ?? username, role, departmentCode, at],
  )
  const { token } = await createSession(db, { staffId: r.rows[0].id }, opts.sessionFrom ?? at)
  return { id: r.rows[0].id, headers: { authorization: `Bearer ${token}` } }
}
