// SQL for the city code's part of the resident's account hooks: merging two accounts, the PIPL export, erasure.
import type { Queryable } from '../../db'

/** `from` goes, `to` is kept (citycode_printed.user_id and citycode_uses.user_id move with the plain ownedTables UPDATE). */
export async function mergeCitycode(tx: Queryable, from: string, to: string): Promise<void> {
  // Codes the going account issued must not vanish with its row (issued_by cascades).
  await tx.query('UPDATE citycode_printed SET issued_by = $2 WHERE issued_by = $1', [from, to])
  await tx.query('UPDATE citycode_printed SET revoked_by = $2 WHERE revoked_by = $1', [from, to])
  // Its pseudonyms go: the kept account has (or will get) its own; rotating codes of the old one expire within 60 s.
  await tx.query('DELETE FROM citycode_subjects WHERE user_id = $1', [from])
  await tx.query(
    `INSERT INTO citycode_delegations (principal_id, agent_id, created_at)
     SELECT CASE WHEN principal_id = $1 THEN $2 ELSE principal_id END, CASE WHEN agent_id = $1 THEN $2 ELSE agent_id END, created_at
       FROM citycode_delegations
      WHERE (principal_id = $1 OR agent_id = $1) AND NOT (principal_id IN ($1, $2) AND agent_id IN ($1, $2))
     ON CONFLICT DO NOTHING`,
    [from, to],
  )
  await tx.query('DELETE FROM citycode_delegations WHERE principal_id = $1 OR agent_id = $1', [from])
}

export async function exportCitycode(db: Queryable, userId: string) {
  const printed = await db.query<Record<string, unknown>>(
    `SELECT id, scene, issued_at AS "issuedAt", expires_at AS "expiresAt", revoked_at AS "revokedAt", (issued_by <> user_id) AS "issuedByFamily"
       FROM citycode_printed WHERE user_id = $1 ORDER BY issued_at`,
    [userId],
  )
  const uses = await db.query<Record<string, unknown>>(`SELECT scene, kind, ok, reason, verifier, at FROM citycode_uses WHERE user_id = $1 ORDER BY at`, [userId])
  const family = await db.query<Record<string, unknown>>(
    `SELECT principal_id AS "principal", agent_id AS "agent", created_at AS "createdAt" FROM citycode_delegations
      WHERE principal_id = $1 OR agent_id = $1 ORDER BY created_at`,
    [userId],
  )
  return { printedCodes: printed.rows, usage: uses.rows, familyLinks: family.rows }
}

/** Revokes printed codes, deletes pseudonyms, family links and the usage log. */
export async function eraseCitycode(tx: Queryable, userId: string, now: Date): Promise<void> {
  await tx.query('UPDATE citycode_printed SET revoked_at = $2, revoked_by = $1 WHERE user_id = $1 AND revoked_at IS NULL', [userId, now])
  await tx.query('DELETE FROM citycode_subjects WHERE user_id = $1', [userId])
  await tx.query('DELETE FROM citycode_delegations WHERE principal_id = $1 OR agent_id = $1', [userId])
  await tx.query('DELETE FROM citycode_uses WHERE user_id = $1', [userId])
}
