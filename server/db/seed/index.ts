// Reference data loaded in every mode: reads the JSON files beside this module and upserts them, idempotently.
import path from 'node:path'
import { Type } from '@sinclair/typebox'
import { createDepartmentsRepo } from '../../modules/departments/repo'
import { catalogDir, loadCatalog, readCatalog, type CatalogSeedResult } from './catalog-loader'
import { loadHalls, readHalls, type HallsSeedResult } from './halls-loader'
import type { Db } from '../types'
import { readDataFile } from './read'

export const SEED_DIR = __dirname

const DepartmentsFile = Type.Object({
  $comment: Type.Optional(Type.String()),
  departments: Type.Array(
    Type.Object(
      {
        code: Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$' }),
        name: Type.String({ minLength: 1 }),
        shortName: Type.Optional(Type.Union([Type.String({ minLength: 1 }), Type.Null()])),
        sort: Type.Optional(Type.Integer()),
      },
      { additionalProperties: false },
    ),
  ),
})
export class SeedError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SeedError'
  }
}

export interface SeedResult {
  departments: { total: number; changed: number }
  /** Absent when the seed directory has no catalog/ folder. */
  catalog?: CatalogSeedResult
  /** Absent when the seed directory has no halls.json. */
  halls?: HallsSeedResult
}

export interface SeedOptions {
  /** Directory holding departments.json and later files; this module's own by default. */
  dir?: string
}

/** Upserts all reference data in one transaction. Running it again changes nothing unless a file changed. */
export async function seedReference(db: Db, options: SeedOptions = {}): Promise<SeedResult> {
  const dir = options.dir ?? SEED_DIR
  const file = await readDataFile(path.join(dir, 'departments.json'), DepartmentsFile, (m) => new SeedError(m))
  const codes = new Set<string>()
  for (const d of file.departments) {
    if (codes.has(d.code)) throw new SeedError(`基础数据文件 departments.json 中部门编码 ${d.code} 重复`)
    codes.add(d.code)
  }
  const catalogFrom = catalogDir(dir)
  const catalog = catalogFrom ? await readCatalog(catalogFrom) : null
  const halls = catalog ? await readHalls(dir) : null
  return db.transaction(async (tx) => {
    const repo = createDepartmentsRepo(tx)
    let changed = 0
    for (const d of file.departments) {
      if (await repo.upsert(d)) changed++
    }
    const result: SeedResult = { departments: { total: file.departments.length, changed } }
    if (catalog) result.catalog = await loadCatalog(tx, catalog)
    if (halls) result.halls = await loadHalls(tx, halls)
    return result
  })
}
