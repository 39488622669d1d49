// The embedded driver: PGlite (PostgreSQL in WASM), on disk in a directory or in memory for tests.
import { mkdir } from 'node:fs/promises'
import { PGlite, types, type Transaction } from '@electric-sql/pglite'
import type { Db, Queryable, QueryResult } from './types'

type PGliteResults<T> = { rows: T[]; rowCount?: number; affectedRows?: number }

function toResult<T>(r: PGliteResults<T>): QueryResult<T> {
  return { rows: r.rows, rowCount: r.rowCount ?? r.affectedRows ?? r.rows.length }
}

function wrapTransaction(tx: Transaction): Queryable {
  return {
    async query<T>(sql: string, params?: readonly unknown[]) {
      return toResult(await tx.query<T>(sql, params ? [...params] : undefined))
    },
    async exec(sql: string) {
      await tx.exec(sql)
    },
  }
}

/** Opens PGlite in `dir` (created when missing; the same directory reopens the same data), or in memory. */
export async function openPglite(dir?: string | null): Promise<Db> {
  // Same values as the PostgreSQL driver: dates stay 'YYYY-MM-DD' strings instead of UTC-midnight Dates.
  const options = { parsers: { [types.DATE]: (value: string) => value } }
  let pg: PGlite
  if (dir) {
    await mkdir(dir, { recursive: true })
    pg = await PGlite.create(dir, options)
  } else {
    pg = await PGlite.create(options)
  }
  let closed = false
  return {
    kind: 'pglite',
    async query<T>(sql: string, params?: readonly unknown[]) {
      return toResult(await pg.query<T>(sql, params ? [...params] : undefined))
    },
    async exec(sql: string) {
      await pg.exec(sql)
    },
    transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      return pg.transaction((tx) => fn(wrapTransaction(tx)))
    },
    async close() {
      if (closed) return
      closed = true
      await pg.close()
    },
  }
}
