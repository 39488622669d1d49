// City code in the cross-module resident data hooks: an account merge moves codes, log and family links to the kept
// account; the PIPL export lists them; erasure revokes printed codes and deletes pseudonyms, family links and the log.
import type { Queryable } from '../../db'
import { USER_ERASE_HOOKS, USER_EXPORT_SECTIONS, USER_MERGE_SQL, USER_OWNED_TABLES } from '../identity/repo'

// citycode_printed.user_id and citycode_uses.user_id move with a plain UPDATE.
USER_OWNED_TABLES.push('citycode_printed', 'citycode_uses')

// $1 = the account that goes, $2 = the one kept.
USER_MERGE_SQL.push(
  // Codes the going account issued must not vanish with its row (issued_by cascades).
  `UPDATE citycode_printed SET issued_by = $2 WHERE issued_by = $1`,
  `UPDATE citycode_printed SET revoked_by = $2 WHERE revoked_by = $1`,
  // Its pseudonyms go: the kept account has (or will get) its own; rotating codes of the old one expire within 60 s.
  `DELETE FROM citycode_subjects WHERE user_id = $1`,
  `INSERT INTO citycode_delegations (principal_id, agent_id, created_at)
   SELECT CASE WHEN principal_id = $1 THEN $2 ELSE principal_id END, CASE WHEN agent_id = $1 THEN $2 ELSE agent_id END, created_at
     FROM citycode_delegations
    WHERE (principal_id = $1 OR agent_id = $1) AND NOT (principal_id IN ($1, $2) AND agent_id IN ($1, $2))
   ON CONFLICT DO NOTHING`,
  `DELETE FROM citycode_delegations WHERE principal_id = $1 OR agent_id = $1`,
)

USER_EXPORT_SECTIONS.push({
  name: 'citycode',
  async collect(db: Queryable, userId: string) {
    const printed = await db.query<Record<string, unknown>>(
      `SELECT id, scene, issued_at AS "issuedAt", expires_at AS "expiresAt", revoked_at AS "revokedAt", (issued_by <> user_id) AS "issuedByFamily"
         FROM citycode_printed WHERE user_id = $1 ORDER BY issued_at`,
      [userId],
    )
    const uses = await db.query<Record<string, unknown>>(
      `SELECT scene, kind, ok, reason, verifier, at FROM citycode_uses WHERE user_id = $1 ORDER BY at`,
      [userId],
    )
    const family = await db.query<Record<string, unknown>>(
      `SELECT principal_id AS "principal", agent_id AS "agent", created_at AS "createdAt" FROM citycode_delegations
        WHERE principal_id = $1 OR agent_id = $1 ORDER BY created_at`,
      [userId],
    )
    return { printedCodes: printed.rows, usage: uses.rows, familyLinks: family.rows }
  },
})

USER_ERASE_HOOKS.push(async (tx: Queryable, userId: string, now: Date) => {
  await tx.query('UPDATE citycode_printed SET revoked_at = $2, revoked_by = $1 WHERE user_id = $1 AND revoked_at IS NULL', [userId, now])
  await tx.query('DELETE FROM citycode_subjects WHERE user_id = $1', [userId])
  await tx.query('DELETE FROM citycode_delegations WHERE principal_id = $1 OR agent_id = $1', [userId])
  await tx.query('DELETE FROM citycode_uses WHERE user_id = $1', [userId])
})
