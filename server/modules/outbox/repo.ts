// SQL for the outbox: queued notices, residents' subscribe-message consents, and the WeChat access token shared by
// all nodes; every function takes the Queryable (a pool or a transaction) it runs on.
import type { NoticeTemplate } from '@contract/notice'
import type { Queryable } from '../../db'

export interface ClaimedNotice {
  id: number
  user_id: string
  template: NoticeTemplate
  data: Record<string, string>
  page: string | null
  attempts: number
}

export interface NoticeRow {
  userId: string
  template: NoticeTemplate
  data: unknown
  page: string | null
  dedupeKey: string
  sendAfter: Date
  now: Date
}

export function createOutboxRepo(db: Queryable) {
  return {
    /** false when a notice with this dedupe key was already queued. */
    async enqueue(n: NoticeRow, tx: Queryable = db): Promise<boolean> {
      const r = await tx.query(
        `INSERT INTO outbox (user_id, template, data, page, dedupe_key, send_after, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (dedupe_key) DO NOTHING`,
        [n.userId, n.template, JSON.stringify(n.data), n.page, n.dedupeKey, n.sendAfter, n.now],
      )
      return r.rowCount === 1
    },

    async withdraw(dedupeKey: string, tx: Queryable = db): Promise<boolean> {
      const r = await tx.query(`UPDATE outbox SET status = 'skipped', last_error = '已撤回' WHERE dedupe_key = $1 AND status = 'pending'`, [dedupeKey])
      return r.rowCount === 1
    },

    /** Claims that outlived their node: delivery unknown, so never retried. */
    async failExpiredClaims(now: Date, tx: Queryable = db): Promise<void> {
      await tx.query(`UPDATE outbox SET status = 'failed', last_error = '发送中断，结果未知，为避免重复不再重试' WHERE status = 'sending' AND claimed_until < $1`, [now])
    },

    /** Locks up to `limit` due rows (skipping rows other nodes hold) and marks them 'sending' until `claimedUntil`; run in a transaction. */
    async claimDue(now: Date, limit: number, claimedUntil: Date, tx: Queryable): Promise<ClaimedNotice[]> {
      const r = await tx.query<ClaimedNotice>(
        `SELECT id, user_id, template, data, page, attempts FROM outbox
         WHERE status = 'pending' AND send_after <= $1 ORDER BY send_after, id LIMIT ${limit} FOR UPDATE SKIP LOCKED`,
        [now],
      )
      if (r.rows.length) {
        await tx.query(`UPDATE outbox SET status = 'sending', attempts = attempts + 1, claimed_until = $2 WHERE id = ANY($1::bigint[])`, [
          r.rows.map((row) => row.id),
          claimedUntil,
        ])
      }
      return r.rows
    },

    async finish(id: number, status: 'sent' | 'skipped' | 'failed', error: string | null, now: Date, tx: Queryable = db): Promise<void> {
      await tx.query(
        `UPDATE outbox SET status = $2, last_error = $3, sent_at = CASE WHEN $2 = 'sent' THEN $4::timestamptz END, claimed_until = NULL WHERE id = $1`,
        [id, status, error, now],
      )
    },

    async retryLater(id: number, error: string, sendAfter: Date, tx: Queryable = db): Promise<void> {
      await tx.query(`UPDATE outbox SET status = 'pending', last_error = $2, send_after = $3, claimed_until = NULL WHERE id = $1`, [id, error, sendAfter])
    },

    /** One more message the resident accepted for each of `templates`. */
    async addConsents(userId: string, templates: readonly string[], now: Date, tx: Queryable = db): Promise<void> {
      for (const template of templates) {
        await tx.query(
          `INSERT INTO notice_consents (user_id, template, remaining, updated_at) VALUES ($1, $2, 1, $3)
           ON CONFLICT (user_id, template) DO UPDATE SET remaining = notice_consents.remaining + 1, updated_at = $3`,
          [userId, template, now],
        )
      }
    },

    async consents(userId: string, tx: Queryable = db): Promise<{ template: string; remaining: number }[]> {
      const r = await tx.query<{ template: string; remaining: number }>('SELECT template, remaining FROM notice_consents WHERE user_id = $1', [userId])
      return r.rows
    },

    /** Uses one unit of consent; false when none is left. */
    async takeConsent(userId: string, template: string, now: Date, tx: Queryable = db): Promise<boolean> {
      const r = await tx.query(
        'UPDATE notice_consents SET remaining = remaining - 1, updated_at = $3 WHERE user_id = $1 AND template = $2 AND remaining > 0',
        [userId, template, now],
      )
      return r.rowCount > 0
    },

    async returnConsent(userId: string, template: string, tx: Queryable = db): Promise<void> {
      await tx.query('UPDATE notice_consents SET remaining = remaining + 1 WHERE user_id = $1 AND template = $2', [userId, template])
    },

    /** The sealed subject of the resident's most recently used WeChat identity, or null. */
    async wechatSubject(userId: string, tx: Queryable = db): Promise<string | null> {
      const r = await tx.query<{ subject_enc: string }>(
        `SELECT subject_enc FROM identities WHERE user_id = $1 AND provider = 'wechat' ORDER BY last_login_at DESC LIMIT 1`,
        [userId],
      )
      return r.rows[0]?.subject_enc ?? null
    },

    async platformToken(name: string, tx: Queryable = db): Promise<{ token: string; expires_at: Date } | null> {
      const r = await tx.query<{ token: string; expires_at: Date }>('SELECT token, expires_at FROM platform_tokens WHERE name = $1', [name])
      return r.rows[0] ?? null
    },

    async savePlatformToken(name: string, token: string, expiresAt: Date, tx: Queryable = db): Promise<void> {
      await tx.query(
        `INSERT INTO platform_tokens (name, token, expires_at) VALUES ($1, $2, $3)
         ON CONFLICT (name) DO UPDATE SET token = EXCLUDED.token, expires_at = EXCLUDED.expires_at`,
        [name, token, expiresAt],
      )
    },
  }
}

export type OutboxRepo = ReturnType<typeof createOutboxRepo>
