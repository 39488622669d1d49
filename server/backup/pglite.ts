// Backup and restore of the embedded database: PGlite's own dumpDataDir() / loadDataDir of DATA_DIR/pglite.
//
// PGlite lives inside the server's process, so a second process cannot read it while the server runs (the
// directory's lock file says so, and this refuses). The server is stopped for the minute a backup takes; in
// exchange the dump is exactly the state at the stop, taken by PGlite itself (all its files, checkpointed), and a
// restore proves it opens before it replaces anything. Copying the directory by hand gives the same only if
// nothing writes to it, and proves nothing.
import { existsSync } from 'node:fs'
import { readFile, rename, rm, writeFile } from 'node:fs/promises'
import { PGlite } from '@electric-sql/pglite'
import type { Queryable } from '../db'
import { lockDirectory } from '../db/pglite'
import { migrationLevel } from '../db/migrate'
import { BackupError } from './archive'

function queryable(pg: PGlite): Queryable {
  return {
    async query<T>(sql: string, params?: readonly unknown[]) {
      const r = await pg.query<T>(sql, params ? [...params] : undefined)
      return { rows: r.rows, rowCount: r.rows.length }
    },
    async exec(sql: string) {
      await pg.exec(sql)
    },
  }
}

async function locked<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  let unlock: () => Promise<void>
  try {
    unlock = await lockDirectory(dir)
  } catch (err) {
    throw new BackupError(`${(err as Error).message}\n内置数据库（PGlite）的备份与恢复需要先停止服务（SIGTERM 后等它退出），完成后再启动。`)
  }
  try {
    return await fn()
  } finally {
    await unlock()
  }
}

/** Dumps the PGlite data directory to `file` (a tar); answers the migration level it holds. */
export async function dumpPglite(dir: string, file: string): Promise<number> {
  if (!existsSync(dir)) throw new BackupError(`内置数据库目录 ${dir} 不存在：请检查 DATA_DIR`)
  return locked(dir, async () => {
    const pg = await PGlite.create(dir)
    try {
      const level = await migrationLevel(queryable(pg))
      // Uncompressed: the archive around it is gzip'd once.
      const dump = await pg.dumpDataDir('none')
      await writeFile(file, Buffer.from(await dump.arrayBuffer()))
      return level
    } finally {
      await pg.close()
    }
  })
}

/**
 * Replaces the PGlite data directory with the dump in `file`. The dump is first loaded into `<dir>.restoring` and
 * opened; only then is the current directory moved aside to `aside` and the new one put in its place.
 */
export async function loadPglite(dir: string, file: string, aside: string): Promise<void> {
  const restoring = `${dir}.restoring`
  await locked(dir, async () => {
    await rm(restoring, { recursive: true, force: true })
    try {
      const pg = await PGlite.create(restoring, { loadDataDir: new Blob([await readFile(file)]) })
      await migrationLevel(queryable(pg))
      await pg.close()
    } catch (err) {
      await rm(restoring, { recursive: true, force: true })
      throw new BackupError(`备份中的内置数据库无法打开，未做任何改动：${(err as Error).message}`)
    }
    if (existsSync(dir)) await rename(dir, aside)
    await rename(restoring, dir)
  })
}
