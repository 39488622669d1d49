// Tests for reference data and the departments module: idempotent seeding from JSON and GET /api/departments.
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { DepartmentList } from '@contract/department'
import { buildApp } from '../../server/app'
import type { Db } from '../../server/db'
import { SEED_DIR, SeedError, seedReference } from '../../server/db/seed'
import { seedDemo } from '../../server/db/seed/demo'
import { databases, inject, tempDir, testConfig, useFreshDatabase } from './helpers'

interface SeedDepartment {
  code: string
  name: string
  shortName?: string | null
  sort?: number
}
const FILE = JSON.parse(readFileSync(path.join(SEED_DIR, 'departments.json'), 'utf8')) as { departments: SeedDepartment[] }

function seedDir(departments: unknown): string {
  const dir = tempDir('seed')
  writeFileSync(path.join(dir, 'departments.json'), JSON.stringify({ departments }))
  return dir
}

async function count(db: Db): Promise<number> {
  return (await db.query<{ n: number }>('SELECT count(*) AS n FROM departments')).rows[0].n
}

describe('departments.json', () => {
  it('lists about twenty Guangzhou departments with unique codes and names', () => {
    const list = FILE.departments
    expect(list.length).toBeGreaterThanOrEqual(18)
    expect(new Set(list.map((d) => d.code)).size).toBe(list.length)
    expect(new Set(list.map((d) => d.name)).size).toBe(list.length)
    const names = list.map((d) => d.name)
    for (const name of ['广州市公安局', '广州市医疗保障局', '广州住房公积金管理中心', '国家税务总局广州市税务局', '广州市12345政府服务便民热线']) {
      expect(names).toContain(name)
    }
  })
})

describe.each(databases())('reference data and /api/departments on $name', ({ open }) => {
  const fresh = useFreshDatabase(open)

  it('loads every department, and a second run changes nothing', async () => {
    const first = await seedReference(fresh.db)
    expect(first.departments).toEqual({ total: FILE.departments.length, changed: FILE.departments.length })
    const second = await seedReference(fresh.db)
    expect(second.departments).toEqual({ total: FILE.departments.length, changed: 0 })
    expect(await count(fresh.db)).toBe(FILE.departments.length)
  })

  it('updates an edited name and restores a row changed in the database', async () => {
    await seedReference(fresh.db)
    const edited = FILE.departments.map((d) => (d.code === 'gz-police' ? { ...d, name: '广州市公安局（测试改名）' } : d))
    const result = await seedReference(fresh.db, { dir: seedDir(edited) })
    expect(result.departments.changed).toBe(1)
    expect(await count(fresh.db)).toBe(FILE.departments.length)
    const row = await fresh.db.query<{ name: string }>(`SELECT name FROM departments WHERE code = 'gz-police'`)
    expect(row.rows[0].name).toBe('广州市公安局（测试改名）')

    await fresh.db.query(`UPDATE departments SET short_name = '乱改的' WHERE code = 'gz-tax'`)
    await seedReference(fresh.db)
    const tax = await fresh.db.query<{ short_name: string; name: string }>(`SELECT name, short_name FROM departments WHERE code = 'gz-tax'`)
    expect(tax.rows[0]).toEqual({ name: '国家税务总局广州市税务局', short_name: '市税务局' })
  })

  it('rejects a malformed data file without writing anything', async () => {
    await expect(seedReference(fresh.db, { dir: seedDir([{ code: 'Bad Code', name: '' }]) })).rejects.toThrow(SeedError)
    await expect(
      seedReference(fresh.db, { dir: seedDir([{ code: 'dup', name: '甲' }, { code: 'dup', name: '乙' }]) }),
    ).rejects.toThrow(/dup 重复/)
    expect(await count(fresh.db)).toBe(0)
  })

  it('writes the demo marker only through seedDemo, idempotently', async () => {
    await seedDemo(fresh.db)
    await seedDemo(fresh.db)
    expect((await fresh.db.query(`SELECT key, value FROM app_meta WHERE key = 'demo'`)).rows).toEqual([{ key: 'demo', value: '1' }])
  })

  it('GET /api/departments lists them in the file order with short names', async () => {
    await seedReference(fresh.db)
    await fresh.db.query(`UPDATE departments SET short_name = NULL WHERE code = 'gz-justice'`)
    const app = await inject(await buildApp({ config: testConfig(), db: fresh.db, logger: false }))
    try {
      const res = await app.request('/api/departments')
      expect(res.statusCode).toBe(200)
      const body = res.json<DepartmentList>()
      expect(body.items.map((d) => d.code)).toEqual(FILE.departments.map((d) => d.code))
      expect(body.items[0]).toEqual({ code: 'gz-police', name: '广州市公安局', shortName: '市公安局' })
      // Without a short name the full name stands in.
      expect(body.items.find((d) => d.code === 'gz-justice')).toEqual({ code: 'gz-justice', name: '广州市司法局', shortName: '广州市司法局' })
    } finally {
      await app.close()
    }
  })
})
