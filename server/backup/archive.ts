// The backup file: one gzip'd tar holding manifest.json, the database dump (database/), the uploaded photos
// (uploads/) and, only when asked for, the generated keys (keys/).
import { createHmac } from 'node:crypto'
import { existsSync } from 'node:fs'
import { cp, mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'
import * as tar from 'tar'
import type { Config } from '../config'
import { loadDataKey } from '../crypto'
import type { DbKind } from '../db'

export const FORMAT = 'onestop-backup'
export const FORMAT_VERSION = 1

export interface Manifest {
  format: typeof FORMAT
  version: number
  createdAt: string
  /** Which database the dump is of: a PGlite data directory or a pg_dump custom-format archive. */
  database: DbKind
  /** The highest migration applied when the backup was made. */
  migrationLevel: number
  appVersion: string
  /** A fingerprint of the data key that sealed ID numbers, phones and names (not the key); null when none existed. */
  dataKeyCheck: string | null
  /** Whether keys/ (DATA_DIR/keys: data.key, citycode.json) is inside; false by default. */
  keys: boolean
  uploads: boolean
}

export class BackupError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'BackupError'
  }
}

/** Paths inside the staging directory (and the archive). */
export const ENTRY = {
  manifest: 'manifest.json',
  database: 'database',
  pglite: 'database/pglite.tar',
  postgres: 'database/postgres.dump',
  uploads: 'uploads',
  keys: 'keys',
} as const

/**
 * The data key's fingerprint: HMAC-SHA256 under the key of a fixed text, 16 hex digits. It tells whether a key is
 * the one a backup was sealed with without revealing it. Null when there is no key (never generates one).
 */
export function dataKeyCheck(config: Pick<Config, 'dataKey' | 'keysDir' | 'nodeEnv'>): string | null {
  if (!config.dataKey && !existsSync(path.join(config.keysDir, 'data.key'))) return null
  return createHmac('sha256', loadDataKey(config)).update('onestop backup key check').digest('hex').slice(0, 16)
}

/** Copies a directory into the staging area when it exists; answers whether it did. */
export async function stageDirectory(from: string, staging: string, entry: string): Promise<boolean> {
  if (!existsSync(from)) return false
  await cp(from, path.join(staging, entry), { recursive: true, preserveTimestamps: true })
  return true
}

/** Writes the archive next to `file` and renames it into place, so a failed backup never leaves a half file behind. */
export async function packArchive(staging: string, manifest: Manifest, file: string): Promise<void> {
  await writeFile(path.join(staging, ENTRY.manifest), `${JSON.stringify(manifest, null, 2)}\n`)
  const entries: string[] = [ENTRY.manifest, ENTRY.database]
  if (manifest.uploads) entries.push(ENTRY.uploads)
  if (manifest.keys) entries.push(ENTRY.keys)
  await mkdir(path.dirname(file), { recursive: true })
  const partial = `${file}.partial`
  await tar.create({ gzip: true, file: partial, cwd: staging, portable: true }, entries)
  await rename(partial, file)
}

/** Unpacks a backup into `staging` and answers its checked manifest. */
export async function unpackArchive(file: string, staging: string): Promise<Manifest> {
  if (!existsSync(file)) throw new BackupError(`找不到备份文件 ${file}`)
  await mkdir(staging, { recursive: true })
  try {
    await tar.extract({ file, cwd: staging, strict: true })
  } catch (err) {
    throw new BackupError(`备份文件 ${file} 无法解开（不是一站办的备份，或已损坏）：${(err as Error).message}`)
  }
  let manifest: Manifest
  try {
    manifest = JSON.parse(await readFile(path.join(staging, ENTRY.manifest), 'utf8')) as Manifest
  } catch {
    throw new BackupError(`备份文件 ${file} 缺少说明文件 manifest.json，不是一站办的备份`)
  }
  if (manifest.format !== FORMAT) throw new BackupError(`备份文件 ${file} 不是一站办的备份`)
  if (manifest.version > FORMAT_VERSION) {
    throw new BackupError(`备份文件格式版本为 ${manifest.version}，本程序只认识到版本 ${FORMAT_VERSION}：请用更新的一站办恢复`)
  }
  return manifest
}
