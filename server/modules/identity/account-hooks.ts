// What a module holds about a resident, declared once per module and registered explicitly in server/modules/index.ts
// (never by an import's side effect): how an account merge moves it, what the PIPL export lists, what erasure removes.
import type { Queryable } from '../../db'

export interface AccountHooks {
  /** The module, for logs and tests (e.g. 'appointments'). */
  module: string
  /** Tables whose rows belong to a resident through a plain `user_id` column: a merge moves them to the kept account. */
  ownedTables?: string[]
  /**
   * Run inside the merge transaction, after identities, sessions and every module's `ownedTables` moved (hooks run in
   * the list's order): must move or drop every row of `from` (the account that goes) that a plain UPDATE of `user_id`
   * could not (unique keys per resident).
   */
  merge?: (tx: Queryable, from: string, to: string) => Promise<unknown>
  /** A section of the resident's data export (PIPL right of access), as the resident may see it. */
  export?: { name: string; collect: (db: Queryable, userId: string) => Promise<unknown> }
  /** Run inside the erasure transaction of DELETE /api/me; a throw undoes the erasure. */
  erase?: (tx: Queryable, userId: string, now: Date) => Promise<unknown>
}
