// Tests for the migration runner: applied once, all-or-nothing on failure, newer schemas refused, concurrent starts safe.
import { copyFileSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Db } from '../../server/db'
import { listMigrations, migrate, migrationLevel, MigrationError, MIGRATIONS_DIR } from '../../server/db/migrate'
import { databases, tempDir, useFreshDatabase } from './helpers'

const FILES = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).sort()
const LATEST = Number(FILES[FILES.length - 1].slice(0, 3))

/** A migrations directory holding the real files plus `extra` ones (name → SQL). */
function migrationsDir(extra: Record<string, string>): string {
  const dir = tempDir('migrations')
  for (const f of FILES) copyFileSync(path.join(MIGRATIONS_DIR, f), path.join(dir, f))
  for (const [name, sql] of Object.entries(extra)) writeFileSync(path.join(dir, name), sql)
  return dir
}

async function records(db: Db) {
  return (await db.query<{ version: number; name: string }>('SELECT version, name FROM schema_migrations ORDER BY version')).rows
}

async function tableExists(db: Db, name: string): Promise<boolean> {
  const r = await db.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [name])
  return r.rows[0].t !== null
}

async function migrationError(p: Promise<unknown>): Promise<MigrationError> {
  try {
    await p
  } catch (err) {
    if (err instanceof MigrationError) return err
    throw err
  }
  throw new Error('expected a MigrationError')
}

describe.each(databases())('migrations on $name', ({ open }) => {
  const fresh = useFreshDatabase(open, { migrated: false })

  it('numbers the project files 001, 002, … without gaps', async () => {
    const list = await listMigrations()
    expect(list.map((m) => m.version)).toEqual(list.map((_, i) => i + 1))
    expect(list[0].file).toBe('001_foundation.sql')
  })

  it('applies every file once and records it', async () => {
    expect(await migrationLevel(fresh.db)).toBe(0)
    const first = await migrate(fresh.db)
    expect(first).toEqual({ level: LATEST, applied: FILES })
    expect((await records(fresh.db)).map((r) => r.version)).toEqual(FILES.map((f) => Number(f.slice(0, 3))))
    for (const table of ['app_meta', 'audit_log', 'departments']) expect(await tableExists(fresh.db, table)).toBe(true)
  })

  it('is a no-op the second time', async () => {
    await migrate(fresh.db)
    await fresh.db.query(`INSERT INTO app_meta (key, value) VALUES ('marker', 'kept')`)
    const second = await migrate(fresh.db)
    expect(second).toEqual({ level: LATEST, applied: [] })
    expect(await records(fresh.db)).toHaveLength(FILES.length)
    // Nothing was re-created: data written in between is still there.
    expect((await fresh.db.query(`SELECT value FROM app_meta WHERE key = 'marker'`)).rows).toEqual([{ value: 'kept' }])
  })

  it('stops on a broken migration, naming the file and the database error, and changes nothing', async () => {
    const next = String(LATEST + 1).padStart(3, '0')
    const bad = `${next}_broken.sql`
    const dir = migrationsDir({
      [bad]: 'CREATE TABLE half_done (id integer);\nINSERT INTO app_meta (key, value) VALUES (\'half\', \'done\');\nSELECT * FROM no_such_table;\n',
    })
    const err = await migrationError(migrate(fresh.db, { dir }))
    expect(err.kind).toBe('failed')
    expect(err.file).toBe(bad)
    expect(err.message).toContain(bad)
    expect(err.message).toContain('no_such_table')
    // The good files before it are applied; the broken one left no table, no row, no record.
    expect(await migrationLevel(fresh.db)).toBe(LATEST)
    expect(await tableExists(fresh.db, 'half_done')).toBe(false)
    expect((await fresh.db.query(`SELECT * FROM app_meta WHERE key = 'half'`)).rowCount).toBe(0)
    expect((await records(fresh.db)).map((r) => r.version)).not.toContain(LATEST + 1)
  })

  it('leaves an up-to-date database untouched when the next file fails', async () => {
    await migrate(fresh.db)
    const before = await records(fresh.db)
    const dir = migrationsDir({ [`${String(LATEST + 1).padStart(3, '0')}_typo.sql`]: 'CREATE TABLEE nope (id int);' })
    const err = await migrationError(migrate(fresh.db, { dir }))
    expect(err.message).toMatch(/typo\.sql/)
    expect(await records(fresh.db)).toEqual(before)
  })

  it('refuses a database newer than the code', async () => {
    await migrate(fresh.db)
    await fresh.db.query(`INSERT INTO schema_migrations (version, name) VALUES ($1, 'from_the_future')`, [LATEST + 5])
    const err = await migrationError(migrate(fresh.db))
    expect(err.kind).toBe('newer-schema')
    expect(err.message).toContain(`${String(LATEST + 5).padStart(3, '0')}_from_the_future`)
    expect(err.message).toContain('数据库结构比当前程序新')
  })

  it('refuses a recorded migration that was renamed in the code', async () => {
    await migrate(fresh.db)
    await fresh.db.query(`UPDATE schema_migrations SET name = 'old_name' WHERE version = 1`)
    const err = await migrationError(migrate(fresh.db))
    expect(err.kind).toBe('renamed')
    expect(err.message).toContain('001_foundation.sql')
  })

  it('rejects badly named files and files that manage their own transaction', async () => {
    const named = await migrationError(migrate(fresh.db, { dir: migrationsDir({ '2_Bad Name.sql': 'SELECT 1;' }) }))
    expect(named.kind).toBe('invalid-file')
    expect(named.message).toContain('2_Bad Name.sql')
    const tx = await migrationError(migrate(fresh.db, { dir: migrationsDir({ '900_commit.sql': 'BEGIN;\nSELECT 1;\nCOMMIT;' }) }))
    expect(tx.message).toContain('900_commit.sql')
    expect(await migrationLevel(fresh.db)).toBe(0)
  })

  it('lets several starts race: each file is applied exactly once', async () => {
    // On PostgreSQL the pool runs these on separate connections; the advisory lock serialises them.
    const results = await Promise.all([migrate(fresh.db), migrate(fresh.db), migrate(fresh.db)])
    expect(results.flatMap((r) => r.applied).sort()).toEqual(FILES)
    expect(results.every((r) => r.level === LATEST)).toBe(true)
    expect(await records(fresh.db)).toHaveLength(FILES.length)
  })
})
