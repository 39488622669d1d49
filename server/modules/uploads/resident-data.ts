// Photos in the resident's account hooks. Erasure (DELETE /api/me): the resident's uploads not attached to a request or
// an application (application materials are archives the law requires) go
// — the rows and the files in the storage. Photos attached to a request stay with it (the request is kept for
// statistics, without its contact); on a merge they move with the requests' module (its ownedTables).
//
// The files are deleted after their rows, still inside the erasure transaction: if a later step of the erasure fails
// and rolls back, the rows come back without their files (reading them answers 404) — nothing personal is kept, and
// the resident can simply ask again.
import type { AccountHooks } from '../identity/account-hooks'
import { createUploadsRepo } from './repo'
import type { PhotoStorage } from './storage'

/** The hooks for the app whose photos live in `storage` (the same storage its uploads routes write to). */
export function uploadsAccountHooks(storage: PhotoStorage): AccountHooks {
  return {
    module: 'uploads',
    async erase(tx, userId) {
      for (const key of await createUploadsRepo(tx).deleteUnattached(userId)) await storage.delete(key)
    },
  }
}
