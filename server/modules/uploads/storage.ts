// Where photo bytes live: a small interface so object storage can replace the local directory (DATA_DIR/uploads).
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises'
import path from 'node:path'

export interface PhotoStorage {
  /** Stores `bytes` under `key` (e.g. 2026/11/<uuid>.jpg); overwriting is not expected. */
  put(key: string, bytes: Buffer): Promise<void>
  /** The bytes, or null when nothing is stored under `key`. */
  get(key: string): Promise<Buffer | null>
  delete(key: string): Promise<void>
}

const KEY = /^[0-9]{4}\/[0-9]{2}\/[0-9a-f-]{36}\.(jpg|pdf)$/

/** Files under `root`; writes go to a temporary name first so a reader never sees half a file. */
export function localDiskStorage(root: string): PhotoStorage {
  const file = (key: string) => {
    if (!KEY.test(key)) throw new Error(`bad storage key: ${key}`)
    return path.join(root, ...key.split('/'))
  }
  return {
    async put(key, bytes) {
      const target = file(key)
      await mkdir(path.dirname(target), { recursive: true, mode: 0o700 })
      const tmp = `${target}.${process.pid}.tmp`
      await writeFile(tmp, bytes, { mode: 0o600 })
      await rename(tmp, target)
    },
    async get(key) {
      try {
        return await readFile(file(key))
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
        throw err
      }
    },
    async delete(key) {
      await unlink(file(key)).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err
      })
    },
  }
}
