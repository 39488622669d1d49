// The in-memory catalog (server/modules/services/catalog-index.ts) answers browsing, theme counts and bundles the way
// the database would: the same items in the same order (popularity, then the loader's order, then the code) with the
// same totals, on PGlite and PostgreSQL; and a change another node writes (popularity, a withdrawn item) is answered
// once the index has looked at the database again.
import type { Db } from '../../server/db'
import { createServicesRepo } from '../../server/modules/services/repo'
import { createServicesService, type ServicesService } from '../../server/modules/services/service'
import type { ServiceQuery } from '@contract/service'
import { databases, prepareDatabase } from './helpers'

interface Filters {
  audience?: 'person' | 'business'
  dept?: string
  theme?: string
  online?: boolean
  bookable?: boolean
}

/** What the database says a browse page holds: the SQL the listing used before it moved into memory. */
async function browseInSql(db: Db, f: Filters, limit: number, offset: number): Promise<{ codes: string[]; total: number }> {
  const where: string[] = ["s.status = 'active'"]
  const params: unknown[] = []
  const p = (v: unknown) => {
    params.push(v)
    return `$${params.length}`
  }
  if (f.audience) where.push(`s.audience IN (${p(f.audience)}, 'both')`)
  if (f.dept) where.push(`s.department_code = ${p(f.dept)}`)
  if (f.theme) where.push(`EXISTS (SELECT 1 FROM service_themes t WHERE t.service_code = s.code AND t.theme_code = ${p(f.theme)})`)
  if (f.online !== undefined) where.push(`s.online = ${p(f.online)}`)
  if (f.bookable !== undefined) where.push(`s.bookable = ${p(f.bookable)}`)
  const total = Number((await db.query<{ n: number }>(`SELECT count(*) AS n FROM services s WHERE ${where.join(' AND ')}`, params)).rows[0].n)
  const rows = await db.query<{ code: string }>(
    `SELECT s.code FROM services s WHERE ${where.join(' AND ')} ORDER BY s.popularity DESC, s.sort, s.code COLLATE "C" LIMIT ${p(limit)} OFFSET ${p(offset)}`,
    params,
  )
  return { codes: rows.rows.map((r) => r.code), total }
}

async function themeCountsInSql(db: Db): Promise<Record<string, number>> {
  const r = await db.query<{ code: string; n: number }>(
    `SELECT t.code, (SELECT count(*) FROM service_themes st JOIN services s ON s.code = st.service_code
                     WHERE st.theme_code = t.code AND s.status = 'active') AS n
     FROM themes t ORDER BY t.sort, t.code`,
  )
  return Object.fromEntries(r.rows.map((row) => [row.code, Number(row.n)]))
}

const query = (f: Filters, page: number, pageSize: number): ServiceQuery => ({
  audience: f.audience,
  dept: f.dept,
  theme: f.theme,
  online: f.online === undefined ? undefined : f.online ? 'true' : 'false',
  bookable: f.bookable === undefined ? undefined : f.bookable ? 'true' : 'false',
  page,
  pageSize,
})

describe.each(databases())('in-memory catalog on $name', ({ open }) => {
  let db: Db
  let service: ServicesService

  beforeAll(async () => {
    db = await prepareDatabase(await open())
    // Popularity with many ties, so the second and third keys decide too.
    await db.query(`UPDATE services SET popularity = length(code) % 4`)
    // Every call looks at the database again: what another node wrote is answered at once.
    service = createServicesService(createServicesRepo(db), db, { indexRefreshMs: 0 })
  }, 120_000)
  afterAll(() => db?.close())

  const cases: Filters[] = [
    {},
    { theme: 'exit-entry' },
    { theme: 'marriage-birth' },
    { audience: 'business' },
    { audience: 'person', online: true },
    { bookable: true },
    { dept: 'gz-police', bookable: false },
    { theme: 'no-such-theme' },
  ]

  it('lists the same items in the same order with the same totals as the database', async () => {
    for (const f of cases) {
      for (const [page, pageSize] of [[1, 20], [2, 20], [3, 7], [1, 50]]) {
        const expected = await browseInSql(db, f, pageSize, (page - 1) * pageSize)
        const got = await service.search(query(f, page, pageSize))
        expect({ filters: f, page, codes: got.items.map((i) => i.code), total: got.total }).toEqual({ filters: f, page, ...expected })
      }
    }
  })

  it('counts the active items of each theme as the database does', async () => {
    const themes = await service.themes()
    expect(Object.fromEntries(themes.map((t) => [t.code, t.count]))).toEqual(await themeCountsInSql(db))
    expect(themes.every((t) => t.description.length > 0)).toBe(true)
  })

  it('answers what another node changed: popularity at the next look, a withdrawn item after the catalog version moves', async () => {
    const code = 'gz-police-hukou-birth'
    await db.query(`UPDATE services SET popularity = 1000 WHERE code = $1`, [code])
    expect((await service.search(query({}, 1, 1))).items[0].code).toBe(code)

    const item = (await service.search(query({}, 1, 1))).items[0]
    expect(item.themes.length).toBeGreaterThan(0)
    const count = (themes: { code: string; count: number }[], c: string) => themes.find((t) => t.code === c)!.count
    const before = { themes: await service.themes(), bundle: await service.bundle('birth'), total: (await service.search(query({}, 1, 1))).total }
    expect(before.bundle.items.map((i) => i.code)).toContain(code)

    // The loader withdraws an item and moves the catalog version (as catalog-loader does), all on the database.
    await db.query(`UPDATE services SET status = 'withdrawn' WHERE code = $1`, [code])
    await db.query(`UPDATE app_meta SET value = 'changed-by-another-node' WHERE key = 'catalog_version'`)

    const after = { themes: await service.themes(), bundle: await service.bundle('birth'), total: (await service.search(query({}, 1, 1))).total }
    expect(after.total).toBe(before.total - 1)
    expect(after.bundle.items.map((i) => i.code)).not.toContain(code)
    for (const t of item.themes) expect(count(after.themes, t)).toBe(count(before.themes, t) - 1)
    expect(Object.fromEntries(after.themes.map((t) => [t.code, t.count]))).toEqual(await themeCountsInSql(db))
    expect((await service.search(query({}, 1, 1))).items[0].code).not.toBe(code)
    for (const f of cases.slice(0, 3)) {
      const expected = await browseInSql(db, f, 20, 0)
      const got = await service.search(query(f, 1, 20))
      expect({ codes: got.items.map((i) => i.code), total: got.total }).toEqual(expected)
    }
  })
})
