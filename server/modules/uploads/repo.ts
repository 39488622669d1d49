// SQL for photos (the uploads table) and the one fact about a request a photo's reader needs; every method takes an
// optional transaction.
import type { Queryable } from '../../db'

export interface UploadRow {
  id: string
  user_id: string | null
  staff_id: string | null
  storage_key: string
  content_type: string
  bytes: number
  width: number
  height: number
  request_id: string | null
  created_at: Date
}

export function createUploadsRepo(db: Queryable) {
  return {
    async insert(
      u: { id: string; userId: string | null; staffId: string | null; storageKey: string; bytes: number; width: number; height: number; now: Date; contentType?: 'image/jpeg' | 'application/pdf'; pages?: number },
      tx: Queryable = db,
    ): Promise<void> {
      await tx.query(
        `INSERT INTO uploads (id, user_id, staff_id, storage_key, content_type, bytes, width, height, created_at, pages)
         VALUES ($1, $2, $3, $4, $9, $5, $6, $7, $8, $10)`,
        [u.id, u.userId, u.staffId, u.storageKey, u.bytes, u.width, u.height, u.now, u.contentType ?? 'image/jpeg', u.pages ?? 1],
      )
    },

    async byId(id: string, tx: Queryable = db): Promise<UploadRow | null> {
      const r = await tx.query<UploadRow>('SELECT * FROM uploads WHERE id = $1', [id])
      return r.rows[0] ?? null
    },

    /** Who may see the request a photo is attached to: its resident and its department. */
    async requestOwner(requestId: string, tx: Queryable = db): Promise<{ user_id: string | null; department_code: string | null } | null> {
      const r = await tx.query<{ user_id: string | null; department_code: string | null }>(
        'SELECT user_id, department_code FROM requests WHERE id = $1',
        [requestId],
      )
      return r.rows[0] ?? null
    },

    /** Deletes the resident's photos not attached to a request; answers their storage keys. */
    async deleteUnattached(userId: string, tx: Queryable = db): Promise<string[]> {
      const r = await tx.query<{ storage_key: string }>('DELETE FROM uploads WHERE user_id = $1 AND request_id IS NULL AND application_id IS NULL RETURNING storage_key', [userId])
      return r.rows.map((row) => row.storage_key)
    },
  }
}

export type UploadsRepo = ReturnType<typeof createUploadsRepo>
