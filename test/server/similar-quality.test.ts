// Similar-request quality gate: the labelled set (test/fixtures/similar-quality.ts) among 400 generated requests, through the real
// API; prints precision and recall at the cut as one JSON line, requires recall@3 ≥ 0.9 for true twins and no false twin above the cut.
import { randomBytes } from 'node:crypto'
import type { FiledRequest } from '@contract/request'
import type { SimilarResult } from '@contract/similar'
import { buildApp } from '../../server/app'
import { createDataCrypto } from '../../server/crypto'
import type { Db } from '../../server/db'
import { lookup } from '../../server/modules/similar/lookup'
import { SIMILAR_CUT, WINDOW_DAYS } from '../../server/modules/similar/score'
import { generateCorpus, loadHistory } from '../fixtures/similar-corpus'
import { INCIDENTS, labelledPairCount, NEGATIVE_PAIRS } from '../fixtures/similar-quality'
import { databases, inject, prepareDatabase, testConfig, type Served } from './helpers'
import { makeResident } from './similar-support'

const NOW = new Date('2026-11-24T04:00:00Z')
const KEY = randomBytes(32)

describe.each(databases())('similar-request quality on $name', ({ name, open }) => {
  let db: Db
  let api: Served
  let asker: Record<string, string>
  const original = new Map<string, string>() // incident id → request id of its first text
  const incidentOf = new Map<string, string>() // request id → incident id

  beforeAll(async () => {
    db = await prepareDatabase(await open())
    const crypto = createDataCrypto(KEY)
    const app = await buildApp({ config: testConfig({ DATA_KEY: KEY.toString('base64') }), db, clock: () => NOW, logger: false, crypto })
    api = await inject(app)
    // Background: generated history, indexed by the backfill job (as after migrating an existing database).
    await loadHistory(db, generateCorpus({ count: 400, spreadDays: 60 }), NOW)
    await app.jobs.run('similar.backfill')
    const filer = await makeResident(db, crypto, '13700137000', NOW)
    asker = (await makeResident(db, crypto, '13600136000', NOW)).headers
    let n = 0
    for (const inc of INCIDENTS) {
      const res = await api.request({
        method: 'POST',
        url: '/api/requests',
        headers: { ...filer.headers, 'idempotency-key': `quality-${++n}-key` },
        payload: {
          type: inc.type,
          category: inc.category,
          content: inc.texts[0],
          public: true,
          ...(inc.lat !== null && inc.lng !== null && inc.district ? { location: { lat: inc.lat, lng: inc.lng, address: `${inc.district}某处`, district: inc.district } } : {}),
        },
      })
      expect(res.statusCode).toBe(201)
      const id = res.json<FiledRequest>().id
      original.set(inc.id, id)
      incidentOf.set(id, inc.id)
    }
  }, 120_000)
  afterAll(async () => {
    await api?.close()
    await db?.close()
  })

  it('has at least 40 labelled pairs', () => {
    expect(labelledPairCount()).toBeGreaterThanOrEqual(40)
    for (const [a, b] of NEGATIVE_PAIRS) expect([original.has(a), original.has(b)]).toEqual([true, true])
  })

  it('finds every paraphrase twin in the top 3 (recall@3 ≥ 0.9) and puts no stranger above the cut', async () => {
    let queries = 0
    let top3 = 0
    let truePositives = 0
    const falseTwins: { query: string; found: string; score: number }[] = []
    const misses: { query: string; rank: number; score: number }[] = []
    const negativeScores: Record<string, number> = {}
    for (const inc of INCIDENTS) {
      for (const text of inc.texts.slice(1)) {
        queries++
        const place = inc.noLocation || inc.lat === null || inc.lng === null ? {} : { district: inc.district ?? undefined, lat: inc.lat + 0.0002, lng: inc.lng + 0.0002 }
        const body = { content: text, type: inc.type, ...place }
        // The ranking below the cut: the service's lookup with the endpoint's own narrowing and no cut.
        const ranked = await lookup(db, {
          content: text,
          type: inc.type,
          district: place.district ?? null,
          lat: place.lat ?? null,
          lng: place.lng ?? null,
          viewer: { kind: 'staff' },
          from: new Date(NOW.getTime() - WINDOW_DAYS * 86_400_000),
          to: NOW,
          minScore: 0,
          limit: 50,
        })
        const twin = original.get(inc.id) as string
        const rank = ranked.findIndex((s) => s.requestId === twin)
        if (rank >= 0 && rank < 3) top3++
        for (const [a, b] of NEGATIVE_PAIRS) {
          const other = inc.id === a ? b : inc.id === b ? a : null
          if (!other) continue
          const s = ranked.find((x) => x.requestId === original.get(other))?.score ?? 0
          negativeScores[`${inc.id}→${other}`] = Math.max(negativeScores[`${inc.id}→${other}`] ?? 0, Number(s.toFixed(3)))
        }
        // What the resident gets: only items at or above the cut.
        const res = await api.request({ method: 'POST', url: '/api/requests/similar', headers: asker, payload: body })
        expect(res.statusCode).toBe(200)
        const items = res.json<SimilarResult>().items
        for (const item of items) expect(item.score).toBeGreaterThanOrEqual(SIMILAR_CUT)
        if (items.some((i) => i.id === twin)) truePositives++
        else misses.push({ query: text, rank, score: Number((ranked[rank]?.score ?? 0).toFixed(3)) })
        if (items.length) expect(items[0].id === twin || !items.some((i) => i.id === twin)).toBe(true)
        for (const item of items) if (item.id !== twin) falseTwins.push({ query: text, found: incidentOf.get(item.id) ?? item.number, score: item.score })
      }
    }
    const result = {
      suite: 'similar-quality',
      database: name,
      labelledPairs: labelledPairCount(),
      twinQueries: queries,
      negativePairs: NEGATIVE_PAIRS.length,
      background: 400,
      cut: SIMILAR_CUT,
      precisionAtCut: Number((truePositives / Math.max(1, truePositives + falseTwins.length)).toFixed(4)),
      recallAtCut: Number((truePositives / queries).toFixed(4)),
      recallAt3: Number((top3 / queries).toFixed(4)),
      falseTwinsAboveCut: falseTwins.length,
      hardestNegative: Math.max(...Object.values(negativeScores)),
    }
    console.log(JSON.stringify(result))
    if (falseTwins.length) console.log(JSON.stringify({ falseTwins }))
    if (misses.length) console.log(JSON.stringify({ belowCut: misses }))
    expect(result.recallAt3).toBeGreaterThanOrEqual(0.9)
    expect(falseTwins).toEqual([])
    expect(result.hardestNegative).toBeLessThan(SIMILAR_CUT)
  }, 120_000)
})
