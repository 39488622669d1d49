// SQL for 我的收藏 and 最近浏览 (saved_favourites, saved_recent); every method takes an optional transaction.
import type { SavedItem } from '@contract/saved'
import type { Queryable } from '../../db'

export const RECENT_MAX = 20
const FAVOURITES_MAX = 500

export function createSavedRepo(db: Queryable) {
  async function read(table: 'saved_favourites' | 'saved_recent', at: 'saved_at' | 'viewed_at', limit: number, userId: string, tx: Queryable): Promise<SavedItem[]> {
    const r = await tx.query<{ code: string; name: string; department: string; at: Date }>(
      `SELECT s.code, s.name, d.name AS department, x.${at} AS at
         FROM ${table} x JOIN services s ON s.code = x.service_code JOIN departments d ON d.code = s.department_code
        WHERE x.user_id = $1 AND s.status = 'active'
        ORDER BY x.${at} DESC, s.code LIMIT ${limit}`,
      [userId],
    )
    return r.rows.map((row) => ({ code: row.code, name: row.name, department: row.department, at: row.at.getTime() }))
  }

  return {
    favourites: (userId: string, tx: Queryable = db) => read('saved_favourites', 'saved_at', FAVOURITES_MAX, userId, tx),
    recent: (userId: string, tx: Queryable = db) => read('saved_recent', 'viewed_at', RECENT_MAX, userId, tx),

    /** Codes of `codes` that are active catalog items. */
    async knownCodes(codes: string[], tx: Queryable = db): Promise<Set<string>> {
      if (codes.length === 0) return new Set()
      const r = await tx.query<{ code: string }>(`SELECT code FROM services WHERE code = ANY($1::text[]) AND status = 'active'`, [codes])
      return new Set(r.rows.map((row) => row.code))
    },

    async addFavourite(userId: string, code: string, at: Date, tx: Queryable = db): Promise<void> {
      await tx.query(
        `INSERT INTO saved_favourites (user_id, service_code, saved_at) VALUES ($1, $2, $3) ON CONFLICT (user_id, service_code) DO NOTHING`,
        [userId, code, at],
      )
    },

    async removeFavourites(userId: string, codes: string[], tx: Queryable = db): Promise<void> {
      await tx.query('DELETE FROM saved_favourites WHERE user_id = $1 AND service_code = ANY($2::text[])', [userId, codes])
    },

    async removeFavourite(userId: string, code: string, tx: Queryable = db): Promise<void> {
      await tx.query('DELETE FROM saved_favourites WHERE user_id = $1 AND service_code = $2', [userId, code])
    },

    async view(userId: string, code: string, at: Date, tx: Queryable = db): Promise<void> {
      await tx.query(
        `INSERT INTO saved_recent (user_id, service_code, viewed_at) VALUES ($1, $2, $3)
         ON CONFLICT (user_id, service_code) DO UPDATE SET viewed_at = EXCLUDED.viewed_at`,
        [userId, code, at],
      )
    },

    async clearRecent(userId: string, tx: Queryable = db): Promise<void> {
      await tx.query('DELETE FROM saved_recent WHERE user_id = $1', [userId])
    },

    /** Keeps the RECENT_MAX latest views. */
    async trimRecent(userId: string, tx: Queryable = db): Promise<void> {
      await tx.query(
        `DELETE FROM saved_recent WHERE user_id = $1 AND service_code NOT IN (
           SELECT service_code FROM saved_recent WHERE user_id = $1 ORDER BY viewed_at DESC, service_code LIMIT ${RECENT_MAX})`,
        [userId],
      )
    },

    /** One statement for the list; DISTINCT ON keeps one mark per item (the earliest save); the earlier save wins. */
    async mergeFavourites(userId: string, marks: { code: string; at: Date }[], tx: Queryable = db): Promise<void> {
      await tx.query(
        `INSERT INTO saved_favourites (user_id, service_code, saved_at)
         SELECT DISTINCT ON (code) $1::uuid, code, at FROM unnest($2::text[], $3::timestamptz[]) AS m(code, at) ORDER BY code, at
         ON CONFLICT (user_id, service_code) DO UPDATE SET saved_at = LEAST(saved_favourites.saved_at, EXCLUDED.saved_at)`,
        [userId, marks.map((m) => m.code), marks.map((m) => m.at)],
      )
    },

    /** One statement for the list; DISTINCT ON keeps one mark per item (the latest view); the later view wins. */
    async mergeRecent(userId: string, marks: { code: string; at: Date }[], tx: Queryable = db): Promise<void> {
      await tx.query(
        `INSERT INTO saved_recent (user_id, service_code, viewed_at)
         SELECT DISTINCT ON (code) $1::uuid, code, at FROM unnest($2::text[], $3::timestamptz[]) AS m(code, at) ORDER BY code, at DESC
         ON CONFLICT (user_id, service_code) DO UPDATE SET viewed_at = GREATEST(saved_recent.viewed_at, EXCLUDED.viewed_at)`,
        [userId, marks.map((m) => m.code), marks.map((m) => m.at)],
      )
    },

    /** Account merge: the kept account takes the union; for the same item the earlier save / later view wins. */
    async moveToAccount(from: string, to: string, tx: Queryable = db): Promise<void> {
      await tx.query(
        `WITH moved AS (DELETE FROM saved_favourites WHERE user_id = $1 RETURNING service_code, saved_at)
         INSERT INTO saved_favourites (user_id, service_code, saved_at) SELECT $2, service_code, saved_at FROM moved
         ON CONFLICT (user_id, service_code) DO UPDATE SET saved_at = LEAST(saved_favourites.saved_at, EXCLUDED.saved_at)`,
        [from, to],
      )
      await tx.query(
        `WITH moved AS (DELETE FROM saved_recent WHERE user_id = $1 RETURNING service_code, viewed_at)
         INSERT INTO saved_recent (user_id, service_code, viewed_at) SELECT $2, service_code, viewed_at FROM moved
         ON CONFLICT (user_id, service_code) DO UPDATE SET viewed_at = GREATEST(saved_recent.viewed_at, EXCLUDED.viewed_at)`,
        [from, to],
      )
    },

    async eraseAll(userId: string, tx: Queryable = db): Promise<void> {
      await tx.query('DELETE FROM saved_favourites WHERE user_id = $1', [userId])
      await tx.query('DELETE FROM saved_recent WHERE user_id = $1', [userId])
    },
  }
}

export type SavedRepo = ReturnType<typeof createSavedRepo>
