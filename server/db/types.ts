// The one small database interface every repo, service and test uses, whichever driver is behind it.

export interface QueryResult<T> {
  rows: T[]
  /** Rows returned by a SELECT or changed by an INSERT/UPDATE/DELETE. */
  rowCount: number
}

export interface QueryOptions {
  /**
   * Keep this statement prepared on each PostgreSQL connection under this name (unique per SQL text), so the server
   * parses and plans it once per connection instead of on every call. For the few statements every request runs (the
   * session lookup, the booking); PGlite ignores it.
   */
  prepare?: string
}

/** Something SQL can run on: the database itself or an open transaction. */
export interface Queryable {
  /** One statement with `$1…$n` parameters. */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<QueryResult<T>>
  /** One or more statements separated by semicolons, without parameters (migrations, DDL). */
  exec(sql: string): Promise<void>
}

export type DbKind = 'pglite' | 'postgres'

/**
 * A database handle. Both drivers return the same JS values: int8/bigint and count(*) as number,
 * numeric as string, date as 'YYYY-MM-DD' string, timestamptz as Date, json/jsonb parsed.
 */
export interface Db extends Queryable {
  readonly kind: DbKind
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>
  /** Closes the database; safe to call twice. */
  close(): Promise<void>
}
