// Opens the database the configuration asks for: PostgreSQL on DATABASE_URL, otherwise PGlite.
import { openPglite } from './pglite'
import { openPostgres } from './postgres'
import type { Db } from './types'

export type { Db, DbKind, Queryable, QueryResult } from './types'

export interface DatabaseOptions {
  /** postgres://… — when set, a node-postgres pool is opened. */
  databaseUrl?: string | null
  /** PGlite data directory (created on first start); omitted or null means in memory (tests). */
  pgliteDir?: string | null
  /** PostgreSQL pool size per node. */
  poolSize?: number
}

/** `openDatabase(config)` works as is: Config carries `databaseUrl` and `pgliteDir`. */
export async function openDatabase(options: DatabaseOptions = {}): Promise<Db> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, { poolSize: options.poolSize })
  return openPglite(options.pgliteDir)
}
