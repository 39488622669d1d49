// Erasure (DELETE /api/me) for photos: the resident's uploads not attached to a request go — the rows and the files in
// the storage. Photos attached to a request stay with it (the request is kept for statistics, without its contact).
//
// The erase hook runs inside the erasure transaction and gets only that transaction, so each app's uploads plugin
// adds its PhotoStorage here while it runs (and removes it on close). The files are deleted after their rows, still
// inside the transaction: if a later step of the erasure fails and rolls back, the rows come back without their
// files (reading them answers 404) — nothing personal is kept, and the resident can simply ask again.
import type { Queryable } from '../../db'
import { USER_ERASE_HOOKS } from '../identity/repo'
import type { PhotoStorage } from './storage'

export const LIVE_STORAGES = new Set<PhotoStorage>()

USER_ERASE_HOOKS.push(async (tx: Queryable, userId: string) => {
  const gone = await tx.query<{ storage_key: string }>('DELETE FROM uploads WHERE user_id = $1 AND request_id IS NULL RETURNING storage_key', [userId])
  for (const { storage_key: key } of gone.rows) {
    for (const storage of LIVE_STORAGES) await storage.delete(key)
  }
})
