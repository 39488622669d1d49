// npm run backup / npm run restore (server/backup/cli.ts as a child process, as an operator runs it): back up,
// change data, restore, find the first state. PGlite always (the data directory, uploads, the data key and its
// check); PostgreSQL too when DATABASE_URL is set (pg_dump / pg_restore, in one transaction).
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { loadConfig, type Config } from '../../server/config'
import { createDataCrypto, loadDataKey } from '../../server/crypto'
import { openDatabase, type Db } from '../../server/db'
import { migrate, migrationLevel } from '../../server/db/migrate'
import { createDepartmentsRepo } from '../../server/modules/departments/repo'
import { tempDir } from './helpers'
import { throwawayPostgres } from './throwaway-postgres'

jest.setTimeout(120_000)

const ROOT = path.resolve(__dirname, '../..')

interface Run {
  code: number | null
  out: string
}

function cli(args: string[], env: Record<string, string>): Promise<Run> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test', INIT_CWD: ROOT, ...env }
  if (!env.DATABASE_URL) delete childEnv.DATABASE_URL
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/backup/cli.ts', ...args], { cwd: ROOT, env: childEnv })
    let out = ''
    child.stdout.on('data', (b) => (out += b))
    child.stderr.on('data', (b) => (out += b))
    child.on('exit', (code) => resolve({ code, out }))
  })
}

function configFor(env: Record<string, string>): Config {
  return loadConfig({ NODE_ENV: 'test', ...env })
}

async function withDb<T>(config: Config, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDatabase(config)
  try {
    return await fn(db)
  } finally {
    await db.close()
  }
}

async function departments(db: Db): Promise<Record<string, string>> {
  const rows = await createDepartmentsRepo(db).list()
  return Object.fromEntries(rows.filter((r) => r.code.startsWith('gz-backup-')).map((r) => [r.code, r.name]))
}

function files(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).sort() : []
}

test('PGlite: backup, change, restore gives back the database, the photos and (with --with-keys) the key; a different key is refused', async () => {
  const dataDir = tempDir('backup')
  const env = { DATA_DIR: dataDir }
  const config = configFor(env)
  const key = loadDataKey(config)
  const sealed = createDataCrypto(key).seal('users.name', '张三')
  const first = { 'gz-backup-a': sealed }

  const db = await openDatabase(config)
  await migrate(db)
  await createDepartmentsRepo(db).upsert({ code: 'gz-backup-a', name: sealed })
  mkdirSync(config.uploadsDir, { recursive: true })
  writeFileSync(path.join(config.uploadsDir, 'photo.jpg'), 'first photo')
  // The server has the embedded database open: a backup would read files being written, so it is refused.
  const busy = await cli(['backup', path.join(dataDir, 'busy.tgz')], env)
  await db.close()
  expect(busy.code).toBe(1)
  expect(busy.out).toContain('需要先停止服务')
  expect(existsSync(path.join(dataDir, 'busy.tgz'))).toBe(false)

  const plain = path.join(dataDir, 'nightly.tgz')
  const withKeys = path.join(dataDir, 'nightly-keys.tgz')
  const made = await cli(['backup', plain], env)
  expect(made.out).toContain('备份完成')
  expect(made.out).toContain('备份不含数据密钥')
  expect(made.code).toBe(0)
  expect((await cli(['backup', withKeys, '--with-keys'], env)).code).toBe(0)

  // Later: the name changes, a department is added, the photo is replaced.
  await withDb(config, async (changed) => {
    await createDepartmentsRepo(changed).upsert({ code: 'gz-backup-a', name: '改过的名字' })
    await createDepartmentsRepo(changed).upsert({ code: 'gz-backup-b', name: '后来加的' })
    expect(await departments(changed)).toEqual({ 'gz-backup-a': '改过的名字', 'gz-backup-b': '后来加的' })
  })
  rmSync(path.join(config.uploadsDir, 'photo.jpg'))
  writeFileSync(path.join(config.uploadsDir, 'later.jpg'), 'later photo')

  const restored = await cli(['restore', plain], env)
  expect(restored.out).toContain('恢复完成')
  expect(restored.code).toBe(0)
  await withDb(config, async (back) => {
    expect(await departments(back)).toEqual(first)
    expect(createDataCrypto(loadDataKey(config)).open('users.name', (await departments(back))['gz-backup-a'])).toBe('张三')
  })
  expect(files(config.uploadsDir)).toEqual(['photo.jpg'])
  expect(readFileSync(path.join(config.uploadsDir, 'photo.jpg'), 'utf8')).toBe('first photo')
  // What was replaced is kept aside, not deleted.
  expect(files(dataDir).filter((f) => f.startsWith('pglite.before-restore-'))).toHaveLength(1)

  // The disk is lost with its key and a new key appears: the plain backup is refused (its sealed names would be unreadable) …
  rmSync(config.keysDir, { recursive: true })
  loadDataKey(config)
  const refused = await cli(['restore', plain], env)
  expect(refused.code).toBe(1)
  expect(refused.out).toContain('数据密钥')
  expect(refused.out).toContain('--force')
  expect(files(dataDir).filter((f) => f.startsWith('pglite.before-restore-'))).toHaveLength(1)

  // … while the backup made with --with-keys brings the key back with the data.
  const full = await cli(['restore', withKeys], env)
  expect(full.code).toBe(0)
  expect(loadDataKey(config).equals(key)).toBe(true)
  await withDb(config, async (back) => {
    expect(createDataCrypto(loadDataKey(config)).open('users.name', (await departments(back))['gz-backup-a'])).toBe('张三')
  })
})

const adminUrl = process.env.DATABASE_URL
;(adminUrl ? test : test.skip)('PostgreSQL: pg_dump backup, change, restore gives back the first state, later objects gone', async () => {
  const pg = await throwawayPostgres(adminUrl!)
  try {
    const env = { DATA_DIR: tempDir('backup-pg'), DATABASE_URL: pg.url, DATA_KEY: Buffer.alloc(32, 7).toString('base64') }
    const config = configFor(env)
    const level = await withDb(config, async (db) => {
      await migrate(db)
      await createDepartmentsRepo(db).upsert({ code: 'gz-backup-a', name: '第一状态' })
      return migrationLevel(db)
    })
    const file = path.join(env.DATA_DIR, 'nightly.dump.tgz')
    const made = await cli(['backup', file], env)
    expect(made.out).toContain('备份完成')
    expect(made.code).toBe(0)

    await withDb(config, async (db) => {
      await createDepartmentsRepo(db).upsert({ code: 'gz-backup-a', name: '改过的名字' })
      await createDepartmentsRepo(db).upsert({ code: 'gz-backup-b', name: '后来加的' })
      // As a later migration would: a table the backup does not have.
      await db.exec('CREATE TABLE backup_later (id int)')
    })

    const restored = await cli(['restore', file], env)
    expect(restored.out).toContain('恢复完成')
    expect(restored.code).toBe(0)
    await withDb(config, async (db) => {
      expect(await departments(db)).toEqual({ 'gz-backup-a': '第一状态' })
      expect(await migrationLevel(db)).toBe(level)
      const later = await db.query<{ t: string | null }>(`SELECT to_regclass('backup_later')::text AS t`)
      expect(later.rows[0].t).toBeNull()
    })

    // Another data key than the backup's: refused before anything is touched.
    const other = await cli(['restore', file], { ...env, DATA_KEY: Buffer.alloc(32, 9).toString('base64') })
    expect(other.code).toBe(1)
    expect(other.out).toContain('数据密钥')
  } finally {
    await pg.drop()
  }
})
