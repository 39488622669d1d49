// The one small database interface every repo, service and test uses, whichever driver is behind it.

export interface QueryResult<T> {
  rows: T[]
  /** Rows returned by a SELECT or changed by an INSERT/UPDATE/DELETE. */
  rowCount: number
}

/** Something SQL can run on: the database itself or an open transaction. */
export interface Queryable {
  /** One statement with `$1…$n` parameters. */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>>
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
