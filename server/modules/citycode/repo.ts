// SQL for the city code: pseudonyms, printed codes, family delegations, the replay guard and the usage log.
import type { Queryable } from '../../db'

export interface PrintedRow {
  id: string
  user_id: string
  issued_by: string
  scene: string
  code: string
  issued_at: Date
  expires_at: Date
  revoked_at: Date | null
}

export interface HolderRow {
  id: string
  level: number
  deleted_at: Date | null
}

export interface PersonRow {
  id: string
  realname_name_enc: string | null
  phone_enc: string | null
  created_at: Date
}

export interface UseRow {
  id: string
  scene: string
  kind: 'rotating' | 'printed'
  ok: boolean
  reason: string | null
  verifier: string
  at: Date
}

export function createCitycodeRepo(db: Queryable) {
  return {
    async rememberSubject(scene: string, sub: string, userId: string, now: Date, tx: Queryable = db): Promise<void> {
      await tx.query('INSERT INTO citycode_subjects (scene, sub, user_id, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [scene, sub, userId, now])
    },

    async subjectHolder(scene: string, sub: string, tx: Queryable = db): Promise<HolderRow | null> {
      const r = await tx.query<HolderRow>(
        'SELECT u.id, u.level, u.deleted_at FROM citycode_subjects s JOIN users u ON u.id = s.user_id WHERE s.scene = $1 AND s.sub = $2',
        [scene, sub],
      )
      return r.rows[0] ?? null
    },

    async holder(userId: string, tx: Queryable = db): Promise<HolderRow | null> {
      const r = await tx.query<HolderRow>('SELECT id, level, deleted_at FROM users WHERE id = $1', [userId])
      return r.rows[0] ?? null
    },

    async insertPrinted(row: Omit<PrintedRow, 'revoked_at'>, tx: Queryable = db): Promise<void> {
      await tx.query(
        'INSERT INTO citycode_printed (id, user_id, issued_by, scene, code, issued_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [row.id, row.user_id, row.issued_by, row.scene, row.code, row.issued_at, row.expires_at],
      )
    },

    async printed(id: string, tx: Queryable = db): Promise<PrintedRow | null> {
      const r = await tx.query<PrintedRow>('SELECT * FROM citycode_printed WHERE id = $1', [id])
      return r.rows[0] ?? null
    },

    /** Printed codes of `userId` and of everyone they act for, newest first. */
    async printedVisibleTo(userId: string, tx: Queryable = db): Promise<PrintedRow[]> {
      const r = await tx.query<PrintedRow>(
        `SELECT p.* FROM citycode_printed p
          WHERE p.user_id = $1 OR p.user_id IN (SELECT principal_id FROM citycode_delegations WHERE agent_id = $1)
          ORDER BY p.issued_at DESC LIMIT 200`,
        [userId],
      )
      return r.rows
    },

    async revokePrinted(id: string, by: string, now: Date, tx: Queryable = db): Promise<void> {
      await tx.query('UPDATE citycode_printed SET revoked_at = $3, revoked_by = $2 WHERE id = $1 AND revoked_at IS NULL', [id, by, now])
    },

    async actsFor(agentId: string, principalId: string, tx: Queryable = db): Promise<boolean> {
      const r = await tx.query('SELECT 1 FROM citycode_delegations WHERE principal_id = $1 AND agent_id = $2', [principalId, agentId])
      return r.rowCount > 0
    },

    async userByPhoneHmac(hmac: string, tx: Queryable = db): Promise<{ id: string } | null> {
      const r = await tx.query<{ id: string }>('SELECT id FROM users WHERE phone_hmac = $1 AND deleted_at IS NULL', [hmac])
      return r.rows[0] ?? null
    },

    async addDelegation(principalId: string, agentId: string, now: Date, tx: Queryable = db): Promise<void> {
      await tx.query('INSERT INTO citycode_delegations (principal_id, agent_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [principalId, agentId, now])
    },

    /** Removes the link between the two in either direction; false when there was none. */
    async removeDelegation(me: string, other: string, tx: Queryable = db): Promise<boolean> {
      const r = await tx.query(
        'DELETE FROM citycode_delegations WHERE (principal_id = $1 AND agent_id = $2) OR (principal_id = $2 AND agent_id = $1)',
        [me, other],
      )
      return r.rowCount > 0
    },

    async delegations(userId: string, tx: Queryable = db): Promise<{ agents: (PersonRow & { linked_at: Date })[]; principals: (PersonRow & { linked_at: Date })[] }> {
      const agents = await tx.query<PersonRow & { linked_at: Date }>(
        `SELECT u.id, u.realname_name_enc, u.phone_enc, u.created_at, d.created_at AS linked_at
           FROM citycode_delegations d JOIN users u ON u.id = d.agent_id
          WHERE d.principal_id = $1 AND u.deleted_at IS NULL ORDER BY d.created_at`,
        [userId],
      )
      const principals = await tx.query<PersonRow & { linked_at: Date }>(
        `SELECT u.id, u.realname_name_enc, u.phone_enc, u.created_at, d.created_at AS linked_at
           FROM citycode_delegations d JOIN users u ON u.id = d.principal_id
          WHERE d.agent_id = $1 AND u.deleted_at IS NULL ORDER BY d.created_at`,
        [userId],
      )
      return { agents: agents.rows, principals: principals.rows }
    },

    async person(userId: string, tx: Queryable = db): Promise<PersonRow | null> {
      const r = await tx.query<PersonRow>('SELECT id, realname_name_enc, phone_enc, created_at FROM users WHERE id = $1', [userId])
      return r.rows[0] ?? null
    },

    /**
     * Redeems a rotating code and logs the verification in one statement: the insert into the replay guard decides,
     * and the log row says accepted or 'replayed'. Returns whether it was accepted.
     */
    async redeemAndLog(
      use: { userId: string; scene: string; jti: string; expiresAt: Date; verifier: string; at: Date },
      tx: Queryable = db,
    ): Promise<boolean> {
      const r = await tx.query<{ ok: boolean }>(
        `WITH redeemed AS (
           INSERT INTO citycode_redemptions (scene, jti, expires_at) VALUES ($2, $3, $4) ON CONFLICT DO NOTHING RETURNING 1
         )
         INSERT INTO citycode_uses (user_id, scene, kind, jti, ok, reason, verifier, at)
         SELECT $1, $2, 'rotating', $3, ok, CASE WHEN ok THEN NULL ELSE 'replayed' END, $5, $6
           FROM (SELECT EXISTS (SELECT 1 FROM redeemed) AS ok) x
         RETURNING ok`,
        [use.userId, use.scene, use.jti, use.expiresAt, use.verifier, use.at],
      )
      return r.rows[0].ok
    },

    async pruneRedemptions(before: Date, tx: Queryable = db): Promise<number> {
      const r = await tx.query('DELETE FROM citycode_redemptions WHERE expires_at < $1', [before])
      return r.rowCount
    },

    async logUse(
      use: { userId: string | null; scene: string; kind: 'rotating' | 'printed' | 'unknown'; jti: string | null; ok: boolean; reason: string | null; verifier: string; at: Date },
      tx: Queryable = db,
    ): Promise<void> {
      await tx.query('INSERT INTO citycode_uses (user_id, scene, kind, jti, ok, reason, verifier, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
        use.userId,
        use.scene,
        use.kind,
        use.jti,
        use.ok,
        use.reason,
        use.verifier,
        use.at,
      ])
    },

    async uses(userId: string, limit: number, tx: Queryable = db): Promise<UseRow[]> {
      const r = await tx.query<UseRow>(
        `SELECT id::text AS id, scene, kind, ok, reason, verifier, at FROM citycode_uses
          WHERE user_id = $1 AND kind <> 'unknown' ORDER BY at DESC, id DESC LIMIT $2`,
        [userId, limit],
      )
      return r.rows
    },
  }
}

export type CitycodeRepo = ReturnType<typeof createCitycodeRepo>
