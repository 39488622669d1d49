// Shared setup for the similar-request suites: residents and staff with sessions, straight in the database.
import { createSession } from '../../server/auth'
import type { DataCrypto } from '../../server/crypto'
import type { Db } from '../../server/db'

/** A resident with a phone and a session valid from `at`; returns the user id and a bearer header. */
export async function makeResident(db: Db, crypto: DataCrypto, phone: string, at: Date): Promise<{ id: string; headers: Record<string, string> }> {
  const r = await db.query<{ id: string }>('INSERT INTO users (created_at, level, phone_enc, phone_hmac) VALUES ($1, 1, $2, $3) RETURNING id', [
    at,
    crypto.seal('users.phone', phone),
    crypto.lookup('phone', phone),
  ])
  const { token } = await createSession(db, { userId: r.rows[0].id, provider: 'sms' }, at)
  return { id: r.rows[0].id, headers: { authorization: `Bearer ${token}` } }
}

/** A staff account with a session valid from `at`. */
export async function makeStaff(db: Db, username: string, role: string, departmentCode: string | null, at: Date): Promise<{ id: string; headers: Record<string, string> }> {
  const r = await db.query<{ id: string }>(
    `INSERT INTO staff (username, display_name, password_hash, role, department_code, created_at, updated_at)
     VALUES ($1, $1, 'x', $2, $3, $4, $4) RETURNING id`,
    [username, role, departmentCode, at],
  )
  const { token } = await createSession(db, { staffId: r.rows[0].id }, at)
  return { id: r.rows[0].id, headers: { authorization: `Bearer ${token}` } }
}
