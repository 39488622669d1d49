// Search-quality gate for the catalog: runs the query set against /api/services, prints recall@5 and MRR as one JSON line, requires recall@5 ≥ 0.9.
import type { App } from '../../server/app'
import { buildApp } from '../../server/app'
import type { Db } from '../../server/db'
import type { ServiceSearchResult } from '@contract/service'
import { databases, inject, prepareDatabase, testConfig, type Served } from './helpers'
import { QUALITY_QUERIES } from './search-quality.queries'

describe.each(databases())('catalog search quality on $name', ({ name, open }) => {
  let db: Db
  let app: Served

  beforeAll(async () => {
    db = await prepareDatabase(await open())
    app = await inject((await buildApp({ config: testConfig(), db, logger: false })) as App)
  }, 60_000)
  afterAll(async () => {
    await app?.close()
    await db?.close()
  })

  it('has at least 60 queries of every kind', () => {
    expect(QUALITY_QUERIES.length).toBeGreaterThanOrEqual(60)
    const kinds = new Set(QUALITY_QUERIES.map((q) => q.kind))
    for (const kind of ['name', 'partial', 'colloquial', 'pinyin', 'initials', 'typo', 'mixed']) expect(kinds).toContain(kind)
  })

  it('finds the expected items in the top 5 (recall@5 ≥ 0.9)', async () => {
    let recall = 0
    let reciprocal = 0
    const misses: { q: string; relevant: string[]; got: string[] }[] = []
    for (const { q, relevant } of QUALITY_QUERIES) {
      const res = await app.request(`/api/services?pageSize=10&q=${encodeURIComponent(q)}`)
      expect(res.statusCode).toBe(200)
      const codes = res.json<ServiceSearchResult>().items.map((i) => i.code)
      const top5 = codes.slice(0, 5)
      const found = relevant.filter((c) => top5.includes(c)).length / relevant.length
      const first = codes.findIndex((c) => relevant.includes(c))
      recall += found
      reciprocal += first >= 0 ? 1 / (first + 1) : 0
      if (found < 1) misses.push({ q, relevant, got: top5 })
    }
    const n = QUALITY_QUERIES.length
    const result = { suite: 'catalog-search-quality', database: name, queries: n, recallAt5: Number((recall / n).toFixed(4)), mrr: Number((reciprocal / n).toFixed(4)), misses: misses.length }
    console.log(JSON.stringify(result))
    if (misses.length) console.log(JSON.stringify({ misses }))
    expect(result.recallAt5).toBeGreaterThanOrEqual(0.9)
  })
})
