// What `npm run backup` and `npm run restore` do, on the same configuration as the server (DATABASE_URL or
// DATA_DIR/pglite, DATA_DIR/uploads, DATA_DIR/keys). The archive's layout is in archive.ts.
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { Config } from '../config'
import { openDatabase } from '../db'
import { migrationLevel } from '../db/migrate'
import { BackupError, ENTRY, FORMAT, FORMAT_VERSION, dataKeyCheck, packArchive, stageDirectory, unpackArchive, type Manifest } from './archive'
import { dumpPglite, loadPglite } from './pglite'
import { dumpPostgres, restorePostgres } from './postgres'

export { BackupError } from './archive'

export interface BackupOptions {
  /** Put DATA_DIR/keys into the archive too (off by default: see README, 备份与恢复). */
  withKeys?: boolean
  /** Where pg_dump / pg_restore / psql are; default: the newest installed. */
  pgBin?: string
  log?: (line: string) => void
  version?: string
}

export interface RestoreOptions {
  /** Restore even though the data key differs from the backup's (sealed fields then cannot be read). */
  force?: boolean
  pgBin?: string
  log?: (line: string) => void
}

const KIND_NAME = { pglite: '内置数据库（PGlite）', postgres: 'PostgreSQL' } as const

function stamp(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '')
}

async function postgresLevel(config: Config): Promise<number> {
  const db = await openDatabase({ databaseUrl: config.databaseUrl, poolSize: 1 })
  try {
    return await migrationLevel(db)
  } finally {
    await db.close()
  }
}

/** Writes a backup of the database, the uploads and (withKeys) the keys to `file`; answers its manifest. */
export async function backup(config: Config, file: string, options: BackupOptions = {}): Promise<Manifest> {
  const log = options.log ?? (() => undefined)
  const kind = config.databaseUrl ? 'postgres' : 'pglite'
  const staging = await mkdtemp(path.join(os.tmpdir(), 'onestop-backup-'))
  try {
    await mkdir(path.join(staging, ENTRY.database))
    log(`正在导出${KIND_NAME[kind]}…`)
    let level: number
    if (config.databaseUrl) {
      level = await postgresLevel(config)
      await dumpPostgres(config.databaseUrl, path.join(staging, ENTRY.postgres), options.pgBin)
    } else {
      level = await dumpPglite(config.pgliteDir, path.join(staging, ENTRY.pglite))
    }
    const uploads = await stageDirectory(config.uploadsDir, staging, ENTRY.uploads)
    const keys = options.withKeys ? await stageDirectory(config.keysDir, staging, ENTRY.keys) : false
    if (options.withKeys && !keys) log(`没有 ${config.keysDir}：密钥来自环境变量（DATA_KEY 等），请在密钥管理处另行保管`)
    const manifest: Manifest = {
      format: FORMAT,
      version: FORMAT_VERSION,
      createdAt: new Date().toISOString(),
      database: kind,
      migrationLevel: level,
      appVersion: options.version ?? '0.0.0',
      dataKeyCheck: dataKeyCheck(config),
      keys,
      uploads,
    }
    await packArchive(staging, manifest, file)
    return manifest
  } finally {
    await rm(staging, { recursive: true, force: true })
  }
}

/** The data key the server will use after the restore: DATA_KEY, else the archive's key file, else the current one. */
function keyCheckAfterRestore(config: Config, manifest: Manifest, staging: string): string | null {
  if (config.dataKey || !manifest.keys) return dataKeyCheck(config)
  return dataKeyCheck({ ...config, keysDir: path.join(staging, ENTRY.keys) })
}

/** Moves `dir` aside (when it exists) and puts `from` (when given) in its place; answers where the old one went. */
async function replaceDirectory(dir: string, from: string | null, suffix: string): Promise<string | null> {
  let aside: string | null = null
  if (existsSync(dir)) {
    aside = `${dir}.${suffix}`
    await rename(dir, aside)
  }
  if (from) await rename(from, dir)
  return aside
}

/** Replaces the database, the uploads and (when the archive has them) the keys with the backup in `file`. */
export async function restore(config: Config, file: string, options: RestoreOptions = {}): Promise<Manifest> {
  const log = options.log ?? (() => undefined)
  const kind = config.databaseUrl ? 'postgres' : 'pglite'
  await mkdir(config.dataDir, { recursive: true })
  const now = new Date()
  const suffix = `before-restore-${stamp(now)}`
  // Inside DATA_DIR, so that what it unpacks moves into place by rename.
  const staging = await mkdtemp(path.join(config.dataDir, '.restore-'))
  try {
    const manifest = await unpackArchive(file, staging)
    if (manifest.database !== kind) {
      throw new BackupError(`这是${KIND_NAME[manifest.database]}的备份，而当前配置使用${KIND_NAME[kind]}（${kind === 'postgres' ? '已' : '未'}设置 DATABASE_URL），不能直接恢复`)
    }
    const check = keyCheckAfterRestore(config, manifest, staging)
    if (manifest.dataKeyCheck && check !== manifest.dataKeyCheck) {
      const problem = check ? '与当前的数据密钥不同' : '而当前没有数据密钥'
      const message =
        `备份中的身份证号、手机号、姓名是用另一把数据密钥加密的（密钥指纹 ${manifest.dataKeyCheck}），${problem}：恢复后这些字段将无法读取。` +
        `请设置与备份时相同的 DATA_KEY，或把备份时的 ${path.join(config.keysDir, 'data.key')} 放回原处后再恢复`
      if (!options.force) throw new BackupError(`${message}；确认仍要恢复，请加 --force`)
      log(`注意：${message}（已按 --force 继续）`)
    }
    log(`正在恢复${KIND_NAME[kind]}（备份时间 ${manifest.createdAt}，迁移 ${manifest.migrationLevel}）…`)
    const moved: string[] = []
    if (kind === 'postgres') {
      await restorePostgres(config.databaseUrl!, path.join(staging, ENTRY.postgres), staging, options.pgBin)
    } else {
      const aside = `${config.pgliteDir}.${suffix}`
      await loadPglite(config.pgliteDir, path.join(staging, ENTRY.pglite), aside)
      if (existsSync(aside)) moved.push(aside)
    }
    const uploads = await replaceDirectory(config.uploadsDir, manifest.uploads ? path.join(staging, ENTRY.uploads) : null, suffix)
    if (uploads) moved.push(uploads)
    if (manifest.keys) {
      const keys = await replaceDirectory(config.keysDir, path.join(staging, ENTRY.keys), suffix)
      if (keys) moved.push(keys)
    }
    if (moved.length) log(`恢复前的数据已移到：${moved.join('、')}（确认无误后可删除）`)
    return manifest
  } finally {
    await rm(staging, { recursive: true, force: true })
  }
}

/** The archive's size in a person's units. */
export async function sizeText(file: string): Promise<string> {
  const bytes = (await stat(file)).size
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`
}
