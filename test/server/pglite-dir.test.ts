// Tests for PGlite on disk: the data directory is created, kept across restarts, and never opened by two at once.
import { existsSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { openDatabase } from '../../server/db'
import { migrate, migrationLevel } from '../../server/db/migrate'
import { seedReference } from '../../server/db/seed'
import { tempDir } from './helpers'

describe('PGlite data directory', () => {
  const dataDir = tempDir('pglite')
  const dir = path.join(dataDir, 'pglite')

  it('creates the directory, refuses a second opener, and keeps the data for the next start', async () => {
    const first = await openDatabase({ pgliteDir: dir })
    try {
      expect(existsSync(path.join(dir, 'PG_VERSION'))).toBe(true)
      const applied = await migrate(first)
      expect(applied.applied.length).toBeGreaterThan(0)
      await seedReference(first)
      await first.query(`INSERT INTO app_meta (key, value) VALUES ('kept', 'yes')`)
      await expect(openDatabase({ pgliteDir: dir })).rejects.toThrow(/正被另一个进程/)
    } finally {
      await first.close()
    }
    expect(existsSync(`${dir}.lock`)).toBe(false)

    const second = await openDatabase({ pgliteDir: dir })
    try {
      const level = await migrationLevel(second)
      expect(await migrate(second)).toEqual({ level, applied: [] })
      expect((await second.query(`SELECT value FROM app_meta WHERE key = 'kept'`)).rows).toEqual([{ value: 'yes' }])
      expect((await seedReference(second)).departments.changed).toBe(0)
    } finally {
      await second.close()
    }
  })

  it('takes over a lock left by a process that died', async () => {
    // A pid far above any real one stands for a crashed server.
    writeFileSync(`${dir}.lock`, '99999999')
    const db = await openDatabase({ pgliteDir: dir })
    try {
      expect(await migrationLevel(db)).toBeGreaterThan(0)
    } finally {
      await db.close()
    }
    expect(existsSync(`${dir}.lock`)).toBe(false)
  })
})
