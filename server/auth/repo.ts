// SQL for who is calling: sessions (by token hash), the audit log, and partner API keys.
import type { StaffRole } from '@contract/auth'
import type { Queryable } from '../db'

export interface SessionRow {
  id: string
  kind: 'resident' | 'staff'
  user_id: string | null
  staff_id: string | null
  expires_at: Date
  revoked_at: Date | null
  last_seen_at: Date
  level: number | null
  deleted_at: Date | null
  username: string | null
  display_name: string | null
  role: StaffRole | null
  department_code: string | null
  hall_id: string | null
  disabled_at: Date | null
}

export interface ApiKeyRow {
  id: string
  name: string
  scope: string
  created_at: Date
  revoked_at: Date | null
  last_used_at: Date | null
}

/** The session with that token hash, with its resident's level or its staff member's profile. */
export async function sessionByTokenHash(db: Queryable, tokenHash: string): Promise<SessionRow | null> {
  const r = await db.query<SessionRow>(
    `SELECT s.id, s.kind, s.user_id, s.staff_id, s.expires_at, s.revoked_at, s.last_seen_at,
            u.level, u.deleted_at, st.username, st.display_name, st.role, st.department_code, st.hall_id, st.disabled_at
       FROM sessions s
       LEFT JOIN users u ON u.id = s.user_id
       LEFT JOIN staff st ON st.id = s.staff_id
      WHERE s.token_hash = $1`,
    [tokenHash],
    { prepare: 'auth.find_session' },
  )
  return r.rows[0] ?? null
}

export async function insertSession(
  db: Queryable,
  s: { tokenHash: string; kind: 'resident' | 'staff'; userId: string | null; staffId: string | null; provider: string | null; now: Date; expiresAt: Date },
): Promise<string> {
  const r = await db.query<{ id: string }>(
    `INSERT INTO sessions (token_hash, kind, user_id, staff_id, provider, created_at, expires_at, last_seen_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $6) RETURNING id`,
    [s.tokenHash, s.kind, s.userId, s.staffId, s.provider, s.now, s.expiresAt],
  )
  return r.rows[0].id
}

export async function revokeSessionByTokenHash(db: Queryable, tokenHash: string, now: Date): Promise<void> {
  await db.query('UPDATE sessions SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL', [tokenHash, now])
}

export async function touchSession(db: Queryable, id: string, now: Date): Promise<void> {
  await db.query('UPDATE sessions SET last_seen_at = $2 WHERE id = $1', [id, now])
}

export async function insertAudit(
  db: Queryable,
  e: { at: Date; actorKind: 'staff' | 'resident' | 'system'; actorId: string | null; action: string; target: string | null; detail: Record<string, unknown> },
): Promise<void> {
  await db.query('INSERT INTO audit_log (at, actor_kind, actor_id, action, target, detail) VALUES ($1, $2, $3, $4, $5, $6)', [
    e.at,
    e.actorKind,
    e.actorId,
    e.action,
    e.target,
    JSON.stringify(e.detail),
  ])
}

// Partner API keys

export async function insertApiKey(db: Queryable, k: { id: string; name: string; scope: string; keyHash: string; now: Date }): Promise<void> {
  await db.query('INSERT INTO api_keys (id, name, scope, key_hash, created_at) VALUES ($1, $2, $3, $4, $5)', [k.id, k.name, k.scope, k.keyHash, k.now])
}

/** The live key with that hash, its last use set to `now`; null when unknown or revoked. */
export async function useApiKey(db: Queryable, keyHash: string, now: Date): Promise<ApiKeyRow | null> {
  const r = await db.query<ApiKeyRow>(
    `UPDATE api_keys SET last_used_at = $2 WHERE key_hash = $1 AND revoked_at IS NULL RETURNING id, name, scope, created_at, revoked_at, last_used_at`,
    [keyHash, now],
  )
  return r.rows[0] ?? null
}

export async function listApiKeys(db: Queryable): Promise<ApiKeyRow[]> {
  const r = await db.query<ApiKeyRow>('SELECT id, name, scope, created_at, revoked_at, last_used_at FROM api_keys ORDER BY created_at')
  return r.rows
}

/** false when there is no live key with that id. */
export async function revokeApiKeyRow(db: Queryable, id: string, now: Date): Promise<boolean> {
  const r = await db.query('UPDATE api_keys SET revoked_at = $2 WHERE id::text = $1 AND revoked_at IS NULL', [id, now])
  return r.rowCount === 1
}
