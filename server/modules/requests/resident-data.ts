// The resident's requests in the cross-module data hooks: account merges move them, the PIPL export lists them,
// and erasure drops the contact details (the request itself stays for statistics, without anyone to reach); the
// resident's unattached photos go in server/modules/uploads/resident-data.ts (rows and files).
import type { Queryable } from '../../db'
import { USER_ERASE_HOOKS, USER_EXPORT_SECTIONS, USER_OWNED_TABLES } from '../identity/repo'

USER_OWNED_TABLES.push('requests', 'uploads')

USER_EXPORT_SECTIONS.push({
  name: 'requests',
  async collect(db: Queryable, userId: string) {
    const r = await db.query<Record<string, unknown>>(
      `SELECT number, type, category, content, address, district, anonymous, public, status, filed_at AS "filedAt",
              closed_at AS "closedAt", rating_level AS "ratingLevel", rating_comment AS "ratingComment"
         FROM requests WHERE user_id = $1 ORDER BY filed_at`,
      [userId],
    )
    return r.rows
  },
})

USER_ERASE_HOOKS.push(async (tx: Queryable, userId: string) => {
  await tx.query('UPDATE requests SET contact_phone_enc = NULL, contact_name_enc = NULL WHERE user_id = $1', [userId])
})
