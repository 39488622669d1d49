// Loads server/db/seed/halls.json: upserts the halls and rewrites which bookable services each handles (and at what
// capacity per slot). Runs inside seedReference's transaction, after the catalog; idempotent.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { Type, type Static } from '@sinclair/typebox'
import type { Queryable } from '../types'
import { readDataFile } from './read'
import { createSeedRepo } from './repo'

const Hhmm = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' })
const Period = Type.Tuple([Hhmm, Hhmm])
const Code = Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$' })

export const HallsFile = Type.Object(
  {
    $comment: Type.Optional(Type.String()),
    halls: Type.Array(
      Type.Object(
        {
          id: Code,
          name: Type.String({ minLength: 1 }),
          district: Type.String({ minLength: 1 }),
          address: Type.String({ minLength: 1 }),
          lat: Type.Number({ minimum: 18, maximum: 54 }),
          lng: Type.Number({ minimum: 73, maximum: 136 }),
          phone: Type.String({ minLength: 3 }),
          hours: Type.String({ minLength: 1 }),
          opening: Type.Object(
            {
              periods: Type.Array(Period, { minItems: 1 }),
              slotMinutes: Type.Integer({ minimum: 5, maximum: 240 }),
              saturday: Type.Optional(Type.Array(Period)),
            },
            { additionalProperties: false },
          ),
          sort: Type.Optional(Type.Integer()),
          /** Every active bookable item of these departments. */
          departments: Type.Array(Code),
          /** Added on top of the departments' items. */
          services: Type.Optional(Type.Array(Code)),
          excludeServices: Type.Optional(Type.Array(Code)),
          /** People per slot per service. */
          capacity: Type.Integer({ minimum: 1, maximum: 500 }),
          capacities: Type.Optional(Type.Record(Type.String(), Type.Integer({ minimum: 1, maximum: 500 }))),
        },
        { additionalProperties: false },
      ),
      { minItems: 1 },
    ),
  },
  { additionalProperties: false },
)
export type HallsFile = Static<typeof HallsFile>

export class HallsSeedError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SeedError'
  }
}

/** Reads and checks `dir/halls.json`; null when the directory has none. */
export async function readHalls(dir: string): Promise<HallsFile | null> {
  const file = path.join(dir, 'halls.json')
  if (!existsSync(file)) return null
  const parsed = await readDataFile(file, HallsFile, (m) => new HallsSeedError(m))
  const ids = new Set<string>()
  for (const h of parsed.halls) {
    if (ids.has(h.id)) throw new HallsSeedError(`基础数据文件 halls.json 中大厅编号 ${h.id} 重复`)
    ids.add(h.id)
  }
  return parsed
}

export interface HallsSeedResult {
  total: number
  /** hall × service links. */
  links: number
}

/** Upserts halls and their service links. A hall removed from the file is withdrawn (kept for old bookings). */
export async function loadHalls(tx: Queryable, file: HallsFile): Promise<HallsSeedResult> {
  const repo = createSeedRepo(tx)
  const bookable = await repo.bookableServices()
  const known = await repo.serviceCodes()
  const depts = await repo.departmentCodes()
  let links = 0
  for (const h of file.halls) {
    for (const d of h.departments) if (!depts.has(d)) throw new HallsSeedError(`halls.json：大厅 ${h.id} 引用了不存在的部门 ${d}`)
    for (const c of [...(h.services ?? []), ...(h.excludeServices ?? []), ...Object.keys(h.capacities ?? {})]) {
      if (!known.has(c)) throw new HallsSeedError(`halls.json：大厅 ${h.id} 引用了不存在的事项 ${c}`)
    }
    await repo.upsertHall({ id: h.id, name: h.name, district: h.district, address: h.address, lat: h.lat, lng: h.lng, phone: h.phone, hours: h.hours, opening: h.opening, sort: h.sort ?? 0 })
    const exclude = new Set(h.excludeServices ?? [])
    const codes = new Set(bookable.filter((s) => h.departments.includes(s.department_code) && !exclude.has(s.code)).map((s) => s.code))
    for (const c of h.services ?? []) codes.add(c)
    const list = [...codes].sort()
    await repo.setHallServices(h.id, list, list.map((c) => h.capacities?.[c] ?? h.capacity))
    links += list.length
  }
  await repo.withdrawHallsExcept(file.halls.map((h) => h.id))
  return { total: file.halls.length, links }
}
