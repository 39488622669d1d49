// Search-quality gate for the catalog: runs the query set against /api/services, prints recall@5 and MRR as one JSON line, requires recall@5 ≥ 0.9.
import type { ServiceSearchResult } from '@contract/service'
import { databases, useServedApp } from './helpers'
import { QUALITY_QUERIES } from './search-quality.queries'

describe.each(databases())('catalog search quality on $name', ({ name, open }) => {
  const served = useServedApp(open)

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
      const res = await served.app.request(`/api/services?pageSize=10&q=${encodeURIComponent(q)}`)
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
