// SQL for residents: users, their identities, SMS codes and sessions; every method takes an optional transaction.
import type { Queryable } from '../../db'

export type Provider = 'wechat' | 'alipay' | 'sms'

export interface UserRow {
  id: string
  level: number
  phone_enc: string | null
  phone_hmac: string | null
  realname_name_enc: string | null
  id_number_enc: string | null
  id_number_hmac: string | null
  realname_at: Date | null
  created_at: Date
  deleted_at: Date | null
}

export interface SmsCodeRow {
  id: number
  code_hmac: string
  created_at: Date
  expires_at: Date
  tries: number
  used_at: Date | null
}

export function createIdentityRepo(db: Queryable) {
  return {
    async user(id: string, tx: Queryable = db): Promise<UserRow | null> {
      const r = await tx.query<UserRow>('SELECT * FROM users WHERE id = $1 AND deleted_at IS NULL', [id])
      return r.rows[0] ?? null
    },

    async providers(userId: string, tx: Queryable = db): Promise<Provider[]> {
      const r = await tx.query<{ provider: Provider }>('SELECT DISTINCT provider FROM identities WHERE user_id = $1 ORDER BY provider', [userId])
      return r.rows.map((row) => row.provider)
    },

    async identityOwner(provider: Provider, subjectHmacs: string[], tx: Queryable = db): Promise<string | null> {
      for (const hmac of subjectHmacs) {
        const r = await tx.query<{ user_id: string }>('SELECT user_id FROM identities WHERE provider = $1 AND subject_hmac = $2', [provider, hmac])
        if (r.rows[0]) return r.rows[0].user_id
      }
      return null
    },

    async touchIdentity(provider: Provider, userId: string, now: Date, tx: Queryable = db): Promise<void> {
      await tx.query('UPDATE identities SET last_login_at = $3 WHERE provider = $1 AND user_id = $2', [provider, userId, now])
    },

    async createUser(now: Date, phone: { enc: string; hmac: string } | null, tx: Queryable = db): Promise<string> {
      const r = await tx.query<{ id: string }>('INSERT INTO users (created_at, phone_enc, phone_hmac) VALUES ($1, $2, $3) RETURNING id', [
        now,
        phone?.enc ?? null,
        phone?.hmac ?? null,
      ])
      return r.rows[0].id
    },

    /** false when the identity already exists (a concurrent sign-in won). */
    async addIdentity(provider: Provider, subjectHmac: string, subjectEnc: string, userId: string, now: Date, tx: Queryable = db): Promise<boolean> {
      const r = await tx.query(
        `INSERT INTO identities (provider, subject_hmac, subject_enc, user_id, created_at, last_login_at)
         VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (provider, subject_hmac) DO NOTHING`,
        [provider, subjectHmac, subjectEnc, userId, now],
      )
      return r.rowCount > 0
    },

    async deleteUserRow(id: string, tx: Queryable = db): Promise<void> {
      await tx.query('DELETE FROM users WHERE id = $1', [id])
    },

    async setPhone(userId: string, phone: { enc: string; hmac: string } | null, tx: Queryable = db): Promise<void> {
      await tx.query('UPDATE users SET phone_enc = $2, phone_hmac = $3 WHERE id = $1', [userId, phone?.enc ?? null, phone?.hmac ?? null])
    },

    async setRealName(userId: string, v: { nameEnc: string; idEnc: string; idHmac: string } | null, now: Date, tx: Queryable = db): Promise<void> {
      await tx.query(
        `UPDATE users SET realname_name_enc = $2, id_number_enc = $3, id_number_hmac = $4, realname_at = $5,
                level = CASE WHEN $4::text IS NULL THEN 1 ELSE 2 END
          WHERE id = $1`,
        [userId, v?.nameEnc ?? null, v?.idEnc ?? null, v?.idHmac ?? null, v ? now : null],
      )
    },

    async idNumberOwner(idHmac: string, tx: Queryable = db): Promise<string | null> {
      const r = await tx.query<{ id: string }>('SELECT id FROM users WHERE id_number_hmac = $1', [idHmac])
      return r.rows[0]?.id ?? null
    },

    /** Moves identities, sessions and the rows of `ownedTables` (plain `user_id` columns, from the modules' AccountHooks) of `from` to `to`. */
    async moveOwnership(from: string, to: string, ownedTables: readonly string[], tx: Queryable = db): Promise<void> {
      await tx.query('UPDATE identities SET user_id = $2 WHERE user_id = $1', [from, to])
      await tx.query('UPDATE sessions SET user_id = $2 WHERE user_id = $1', [from, to])
      for (const table of ownedTables) await tx.query(`UPDATE ${table} SET user_id = $2 WHERE user_id = $1`, [from, to])
    },

    async deleteSmsIdentities(userId: string, tx: Queryable = db): Promise<void> {
      await tx.query(`DELETE FROM identities WHERE user_id = $1 AND provider = 'sms'`, [userId])
    },

    async identities(userId: string, tx: Queryable = db) {
      const r = await tx.query<{ provider: Provider; subject_enc: string; created_at: Date; last_login_at: Date }>(
        'SELECT provider, subject_enc, created_at, last_login_at FROM identities WHERE user_id = $1 ORDER BY created_at',
        [userId],
      )
      return r.rows
    },

    async sessions(userId: string, now: Date, tx: Queryable = db) {
      const r = await tx.query<{ id: string; provider: Provider | null; created_at: Date; last_seen_at: Date; expires_at: Date }>(
        `SELECT id, provider, created_at, last_seen_at, expires_at FROM sessions
          WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2 ORDER BY created_at DESC`,
        [userId, now],
      )
      return r.rows
    },

    async session(id: string, tx: Queryable = db) {
      const r = await tx.query<{ id: string; user_id: string | null; revoked_at: Date | null }>(
        'SELECT id, user_id, revoked_at FROM sessions WHERE id = $1',
        [id],
      )
      return r.rows[0] ?? null
    },

    async revokeSession(id: string, now: Date, tx: Queryable = db): Promise<void> {
      await tx.query('UPDATE sessions SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [id, now])
    },

    /** Erases every personal field and every way in; the row stays as an empty tombstone. */
    async erase(userId: string, now: Date, tx: Queryable = db): Promise<void> {
      await tx.query('DELETE FROM identities WHERE user_id = $1', [userId])
      await tx.query('DELETE FROM sessions WHERE user_id = $1', [userId])
      await tx.query(
        `UPDATE users SET phone_enc = NULL, phone_hmac = NULL, realname_name_enc = NULL, id_number_enc = NULL,
                id_number_hmac = NULL, realname_at = NULL, level = 1, deleted_at = $2
          WHERE id = $1`,
        [userId, now],
      )
    },

    // SMS codes

    /** Serialises sends and checks for one phone across nodes until the transaction ends. */
    async lockPhone(phoneHmac: string, tx: Queryable): Promise<void> {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`sms:${phoneHmac}`])
    },

    async lastSent(phoneHmac: string, tx: Queryable = db): Promise<Date | null> {
      const r = await tx.query<{ at: Date | null }>('SELECT max(created_at) AS at FROM sms_codes WHERE phone_hmac = $1', [phoneHmac])
      return r.rows[0]?.at ?? null
    },

    async countSentSince(column: 'phone_hmac' | 'ip_hmac', hmac: string, since: Date, tx: Queryable = db): Promise<number> {
      const r = await tx.query<{ n: number }>(`SELECT count(*) AS n FROM sms_codes WHERE ${column} = $1 AND created_at >= $2`, [hmac, since])
      return Number(r.rows[0].n)
    },

    async insertCode(v: { phoneHmac: string; codeHmac: string; ipHmac: string; now: Date; expiresAt: Date }, tx: Queryable = db): Promise<number> {
      const r = await tx.query<{ id: number }>(
        'INSERT INTO sms_codes (phone_hmac, code_hmac, ip_hmac, created_at, expires_at) VALUES ($1, $2, $3, $4, $5) RETURNING id',
        [v.phoneHmac, v.codeHmac, v.ipHmac, v.now, v.expiresAt],
      )
      return Number(r.rows[0].id)
    },

    async deleteCode(id: number, tx: Queryable = db): Promise<void> {
      await tx.query('DELETE FROM sms_codes WHERE id = $1', [id])
    },

    async latestCode(phoneHmac: string, tx: Queryable = db): Promise<SmsCodeRow | null> {
      const r = await tx.query<SmsCodeRow>(
        'SELECT id, code_hmac, created_at, expires_at, tries, used_at FROM sms_codes WHERE phone_hmac = $1 ORDER BY created_at DESC, id DESC LIMIT 1',
        [phoneHmac],
      )
      return r.rows[0] ?? null
    },

    async addTry(id: number, tx: Queryable = db): Promise<number> {
      const r = await tx.query<{ tries: number }>('UPDATE sms_codes SET tries = tries + 1 WHERE id = $1 RETURNING tries', [id])
      return Number(r.rows[0].tries)
    },

    /** false if someone else used it first. */
    async useCode(id: number, now: Date, tx: Queryable = db): Promise<boolean> {
      const r = await tx.query('UPDATE sms_codes SET used_at = $2 WHERE id = $1 AND used_at IS NULL', [id, now])
      return r.rowCount > 0
    },

    async codesFor(phoneHmac: string, tx: Queryable = db) {
      const r = await tx.query<{ created_at: Date; expires_at: Date; used_at: Date | null }>(
        'SELECT created_at, expires_at, used_at FROM sms_codes WHERE phone_hmac = $1 ORDER BY created_at',
        [phoneHmac],
      )
      return r.rows
    },

    async deleteCodesFor(phoneHmac: string, tx: Queryable = db): Promise<void> {
      await tx.query('DELETE FROM sms_codes WHERE phone_hmac = $1', [phoneHmac])
    },

    async activity(userId: string, tx: Queryable = db) {
      const r = await tx.query<{ at: Date; action: string }>(
        `SELECT at, action FROM audit_log WHERE target = $1 ORDER BY at, id`,
        [`user:${userId}`],
      )
      return r.rows
    },
  }
}

export type IdentityRepo = ReturnType<typeof createIdentityRepo>
