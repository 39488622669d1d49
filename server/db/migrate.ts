// The migration runner: applies server/db/migrations/NNN_name.sql in order, once each, one transaction per file.
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import type { Db, Queryable } from './types'

export const MIGRATIONS_DIR = path.join(__dirname, 'migrations')

/** Held for the length of each migration transaction so two nodes starting together take turns. */
const MIGRATION_LOCK_KEY = 7_235_019_641

const FILE_PATTERN = /^(\d{3,})_([a-z0-9_]+)\.sql$/

export interface Migration {
  version: number
  name: string
  file: string
  sql: string
}

export interface MigrationResult {
  /** Highest applied version after the run. */
  level: number
  /** Files applied by this run, in order (empty when the database was up to date). */
  applied: string[]
}

export interface MigrateOptions {
  /** Directory of NNN_name.sql files; the project's own by default. */
  dir?: string
  /** Progress lines for a person (Chinese). */
  log?: (message: string) => void
}

export type MigrationErrorKind = 'invalid-file' | 'failed' | 'newer-schema' | 'unknown-migration' | 'renamed'

/** Start must stop: the message names the file or version and, when SQL failed, the database's error. */
export class MigrationError extends Error {
  constructor(
    readonly kind: MigrationErrorKind,
    message: string,
    readonly file?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
    this.name = 'MigrationError'
  }
}

const pad = (version: number) => String(version).padStart(3, '0')

/** Reads and checks the migration files of `dir`, sorted by version. */
export async function listMigrations(dir: string = MIGRATIONS_DIR): Promise<Migration[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.sql')).sort()
  const byVersion = new Map<number, Migration>()
  for (const file of names) {
    const match = FILE_PATTERN.exec(file)
    if (!match) {
      throw new MigrationError('invalid-file', `迁移文件名 ${file} 不符合 NNN_名称.sql 的格式（名称只用小写字母、数字和下划线）`, file)
    }
    const version = Number(match[1])
    const previous = byVersion.get(version)
    if (previous) {
      throw new MigrationError('invalid-file', `迁移编号 ${pad(version)} 重复：${previous.file} 与 ${file}`, file)
    }
    const sql = await readFile(path.join(dir, file), 'utf8')
    // The runner owns the transaction; a file that commits itself would break all-or-nothing.
    if (/^\s*(BEGIN|COMMIT|ROLLBACK|START\s+TRANSACTION)\b/im.test(sql)) {
      throw new MigrationError('invalid-file', `迁移文件 ${file} 不能自行开启或提交事务（BEGIN/COMMIT），每个迁移已由程序放在单独的事务中执行`, file)
    }
    byVersion.set(version, { version, name: match[2], file, sql })
  }
  return [...byVersion.values()].sort((a, b) => a.version - b.version)
}

async function lock(tx: Queryable): Promise<void> {
  // Transaction-scoped: released by COMMIT or ROLLBACK, also when the process dies mid-way.
  await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY])
}

async function ensureTable(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await lock(tx)
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`)
  })
}

/** Refuses a database that records migrations this code does not have. */
function checkKnown(applied: { version: number; name: string }[], known: Migration[]): void {
  const byVersion = new Map(known.map((m) => [m.version, m]))
  const codeLevel = known.length ? known[known.length - 1].version : 0
  for (const row of applied) {
    const migration = byVersion.get(row.version)
    if (migration) {
      if (migration.name !== row.name) {
        throw new MigrationError(
          'renamed',
          `迁移 ${pad(row.version)} 在数据库中记录为 "${row.name}"，代码中却是 ${migration.file}：已执行的迁移文件不能改名或换号`,
          migration.file,
        )
      }
      continue
    }
    if (row.version > codeLevel) {
      throw new MigrationError(
        'newer-schema',
        `数据库结构比当前程序新：数据库已执行到迁移 ${pad(row.version)}_${row.name}，而程序只认识到 ${pad(codeLevel)}。请使用更新版本的程序，不要用旧程序连接新数据库。`,
      )
    }
    throw new MigrationError(
      'unknown-migration',
      `数据库记录了程序中不存在的迁移 ${pad(row.version)}_${row.name}：请确认程序版本与数据库是否匹配。`,
    )
  }
}

/** The highest applied migration, 0 on an empty database. */
export async function migrationLevel(db: Queryable): Promise<number> {
  const exists = await db.query<{ t: string | null }>(`SELECT to_regclass('schema_migrations')::text AS t`)
  if (!exists.rows[0]?.t) return 0
  const r = await db.query<{ level: number | null }>('SELECT max(version) AS level FROM schema_migrations')
  return Number(r.rows[0]?.level ?? 0)
}

/**
 * Brings the database up to the newest migration. Each pending file runs in its own transaction
 * together with its schema_migrations row, under an advisory lock, so a failure changes nothing
 * and a second node waits, then finds the work done. Throws MigrationError.
 */
export async function migrate(db: Db, options: MigrateOptions = {}): Promise<MigrationResult> {
  const migrations = await listMigrations(options.dir ?? MIGRATIONS_DIR)
  const log = options.log ?? (() => undefined)
  await ensureTable(db)
  const applied: string[] = []
  for (;;) {
    const next = await db.transaction(async (tx) => {
      await lock(tx)
      const rows = (await tx.query<{ version: number; name: string }>('SELECT version, name FROM schema_migrations ORDER BY version')).rows
      checkKnown(rows, migrations)
      const done = new Set(rows.map((r) => r.version))
      const pending = migrations.find((m) => !done.has(m.version))
      if (!pending) return null
      try {
        await tx.exec(pending.sql)
        await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [pending.version, pending.name])
      } catch (err) {
        const e = err as { message?: string; code?: string }
        const detail = e.code ? `${e.message}（SQLSTATE ${e.code}）` : String(e.message ?? err)
        throw new MigrationError('failed', `数据库迁移 ${pending.file} 执行失败，已整体回滚，数据库未作任何改动：${detail}`, pending.file, {
          cause: err,
        })
      }
      return pending
    })
    if (!next) break
    applied.push(next.file)
    log(`已执行数据库迁移 ${next.file}`)
  }
  return { level: await migrationLevel(db), applied }
}
