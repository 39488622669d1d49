// The embedded driver: PGlite (PostgreSQL in WASM), on disk in a directory or in memory for tests.
import { mkdir, readFile, unlink, writeFile } from 'node:fs/promises'
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

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * PGlite has no lock of its own: two processes on one directory would corrupt it. A `<dir>.lock`
 * file beside it holds the owner's pid; a lock left by a dead process is taken over.
 */
export async function lockDirectory(dir: string): Promise<() => Promise<void>> {
  const lockFile = `${dir}.lock`
  const mine = String(process.pid)
  try {
    await writeFile(lockFile, mine, { flag: 'wx' })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    const holder = Number((await readFile(lockFile, 'utf8').catch(() => '')).trim())
    if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) {
      throw new Error(
        `PGlite 数据目录 ${dir} 正被另一个进程（PID ${holder}）使用。同一数据目录只能由一个服务进程打开；` +
          `需要多个进程时请改用 PostgreSQL（设置 DATABASE_URL）。如确认没有进程在用，可删除 ${lockFile} 后重试。`,
      )
    }
    await writeFile(lockFile, mine)
  }
  return async () => {
    const holder = await readFile(lockFile, 'utf8').catch(() => '')
    if (holder.trim() === mine) await unlink(lockFile).catch(() => undefined)
  }
}

/** Opens PGlite in `dir` (created when missing; the same directory reopens the same data), or in memory. */
export async function openPglite(dir?: string | null): Promise<Db> {
  // Same values as the PostgreSQL driver: dates stay 'YYYY-MM-DD' strings instead of UTC-midnight Dates.
  const options = { parsers: { [types.DATE]: (value: string) => value } }
  let pg: PGlite
  let unlock: () => Promise<void> = async () => undefined
  if (dir) {
    await mkdir(dir, { recursive: true })
    unlock = await lockDirectory(dir)
    try {
      pg = await PGlite.create(dir, options)
    } catch (err) {
      await unlock()
      throw err
    }
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
      try {
        await pg.close()
      } finally {
        await unlock()
      }
    },
  }
}
