// The server driver: a node-postgres pool on DATABASE_URL, for one or many API nodes sharing PostgreSQL.
import pg from 'pg'
import type { Db, Queryable, QueryOptions, QueryResult } from './types'

const INT8 = 20
const DATE = 1082

/** Per-pool type parsers so results match PGlite's: int8 as number, date as 'YYYY-MM-DD'. */
const typeParsers: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (format !== 'binary') {
      if (oid === INT8) return (value: string) => Number(value)
      if (oid === DATE) return (value: string) => value
    }
    return format === 'binary' ? pg.types.getTypeParser(oid, 'binary') : pg.types.getTypeParser(oid)
  }) as pg.CustomTypesConfig['getTypeParser'],
}

function toResult<T>(r: pg.QueryResult): QueryResult<T> {
  return { rows: r.rows as T[], rowCount: r.rowCount ?? r.rows.length }
}

/** node-postgres' query config: a named statement is parsed once per connection and reused by name. */
function statement(sql: string, params: readonly unknown[] | undefined, options: QueryOptions | undefined): pg.QueryConfig {
  return { text: sql, values: params ? [...params] : undefined, ...(options?.prepare ? { name: options.prepare } : {}) }
}

function wrapClient(client: pg.PoolClient): Queryable {
  return {
    async query<T>(sql: string, params?: readonly unknown[], options?: QueryOptions) {
      return toResult<T>(await client.query(statement(sql, params, options)))
    },
    async exec(sql: string) {
      // Without parameters node-postgres uses the simple protocol, which accepts several statements.
      await client.query(sql)
    },
  }
}

export interface PostgresOptions {
  /** Largest number of connections this node keeps open. */
  poolSize?: number
}

/** Opens a connection pool and checks that the server answers. */
export async function openPostgres(connectionString: string, options: PostgresOptions = {}): Promise<Db> {
  const pool = new pg.Pool({ connectionString, max: options.poolSize ?? 10, types: typeParsers })
  // An idle connection dropped by the server must not crash the process; the next query reconnects.
  pool.on('error', (err) => {
    console.error(`数据库空闲连接出错：${err.message}`)
  })
  try {
    await pool.query('SELECT 1')
  } catch (err) {
    await pool.end().catch(() => undefined)
    throw err
  }
  let closed = false
  return {
    kind: 'postgres',
    async query<T>(sql: string, params?: readonly unknown[], options?: QueryOptions) {
      return toResult<T>(await pool.query(statement(sql, params, options)))
    },
    async exec(sql: string) {
      await pool.query(sql)
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect()
      let broken: Error | undefined
      try {
        await client.query('BEGIN')
        try {
          const result = await fn(wrapClient(client))
          await client.query('COMMIT')
          return result
        } catch (err) {
          try {
            await client.query('ROLLBACK')
          } catch (rollbackError) {
            // The connection is unusable: release it with the error so the pool discards it.
            broken = rollbackError as Error
          }
          throw err
        }
      } finally {
        client.release(broken)
      }
    },
    async close() {
      if (closed) return
      closed = true
      await pool.end()
    },
  }
}
