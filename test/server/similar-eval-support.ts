// The harness of the honest evaluation set (test/fixtures/similar-eval, issue 15): files every pair's first request and
// every decoy as public historical requests, looks every second caller's text up through the real API — what residents
// see (POST /api/requests/similar: `items` at or above the cut, `related` below) and the dispatcher's related panel (GET
// /api/staff/requests/:id/related: `duplicates` at or above the cut, `related` below) — and returns, per surface,
// recall@3, recall and precision at the cut, the decoys above the cut and the closest stranger's score.
// It knows nothing of how a method scores: it reads only what the API answers.
import type { FiledRequest, FileRequestBody } from '@contract/request'
import type { RelatedResult, SimilarResult } from '@contract/similar'
import { createSession } from '../../server/auth'
import type { Db } from '../../server/db'
import type { App } from '../../server/app'
import { EVAL_DECOYS, EVAL_PAIRS, firstPairOf, type EvalPair } from '../fixtures/similar-eval'
import type { Served } from './helpers'

const DAY_MS = 86_400_000

/** One request to file: its body and when it was filed. */
export interface EvalFiling {
  body: FileRequestBody
  at: Date
}

/** Files the requests (in order) and returns their ids in the same order. */
export type FileRequests = (filings: readonly EvalFiling[]) => Promise<string[]>

export interface EvalSetup {
  api: Served
  /** The app's "now" during the lookups; history is filed `daysAgo` days before it. */
  now: Date
  /** Files the history (first requests and decoys, all public). */
  fileHistory: FileRequests
  /** Files the second callers' requests (at `now`) so the dispatcher's panel can be opened on them. */
  fileSeconds: FileRequests
  /** A signed-in resident who filed none of the history: asks POST /api/requests/similar. */
  residentHeaders: Record<string, string>
  /** A dispatcher's session: opens the related panel. */
  dispatcherHeaders: Record<string, string>
}

export interface EvalMiss {
  pair: string
  /** 1-based rank of the best correct item in what the surface shows; 0 when it is not shown at all. */
  rank: number
  score: number
}

export interface EvalFalseMatch {
  pair: string
  /** What was shown: decoy:<id>, first:<pair id> or second:<pair id>. */
  found: string
  score: number
}

export interface SurfaceFigures {
  surface: 'resident' | 'dispatcher'
  queries: number
  recallAt3: number
  recallAtCut: number
  precisionAtCut: number
  /** Items shown at or above the cut, over all queries. */
  aboveCut: number
  decoysAboveCut: number
  /** Items at or above the cut that are not the same problem (decoys or other pairs' requests). */
  strangersAboveCut: number
  /** The best score of anything that is not the same problem (residents: only what is shown, else 0). */
  closestStranger: number
  closestStrangerAt: EvalFalseMatch | null
  misses: EvalMiss[]
  falseMatches: EvalFalseMatch[]
  /** Every query's shown scores, split by whether the item is the same problem (for choosing a cut: SIMILAR_EVAL_DUMP=1). */
  perQuery: { pair: string; same: number[]; strangers: { found: string; score: number }[] }[]
}

export interface EvalFigures {
  pairs: number
  decoys: number
  /** Milliseconds spent filing the history, on the residents' lookups, filing the second callers, on the panels. */
  ms: { history: number; resident: number; seconds: number; dispatcher: number }
  resident: SurfaceFigures
  dispatcher: SurfaceFigures
}

/** A few dozen metres from the first request, the same offset for a pair every run. */
function nearby(pair: EvalPair): { lat: number; lng: number } {
  let h = 0
  for (const ch of pair.id) h = (h * 31 + ch.charCodeAt(0)) >>> 0
  const dLat = 0.0001 + (h % 5) * 0.0001
  const dLng = 0.0001 + ((h >> 3) % 5) * 0.0001
  return { lat: pair.at[0] + (h & 1 ? dLat : -dLat), lng: pair.at[1] + (h & 2 ? dLng : -dLng) }
}

function historyFiling(p: { type: FileRequestBody['type']; category: string; district: string; at: EvalPair['at']; daysAgo: number }, content: string, located: boolean, now: Date): EvalFiling {
  const body: FileRequestBody = { type: p.type, category: p.category, content, public: true }
  if (located) body.location = { lat: p.at[0], lng: p.at[1], address: p.at[2], district: p.district }
  return { body, at: new Date(now.getTime() - p.daysAgo * DAY_MS) }
}

const round = (x: number): number => Math.round(x * 10_000) / 10_000

interface Shown {
  id: string
  score: number
  aboveCut: boolean
}

/** Accumulates one surface's figures over the queries. */
class Tally {
  private queries = 0
  private top3 = 0
  private atCut = 0
  private above = 0
  private correctAbove = 0
  private decoys = 0
  private strangers = 0
  private closest: EvalFalseMatch | null = null
  readonly misses: EvalMiss[] = []
  readonly falseMatches: EvalFalseMatch[] = []
  readonly perQuery: SurfaceFigures['perQuery'] = []

  constructor(
    private readonly surface: SurfaceFigures['surface'],
    private readonly labelOf: Map<string, string>,
  ) {}

  /** `shown` best first; `correct` the request ids that are the same problem. */
  add(pair: string, shown: Shown[], correct: Set<string>): void {
    this.queries++
    const rank = shown.findIndex((s) => correct.has(s.id))
    if (rank >= 0 && rank < 3) this.top3++
    if (shown.some((s) => s.aboveCut && correct.has(s.id))) this.atCut++
    else this.misses.push({ pair, rank: rank + 1, score: rank >= 0 ? shown[rank].score : 0 })
    this.perQuery.push({
      pair,
      same: shown.filter((s) => correct.has(s.id)).map((s) => s.score),
      strangers: shown.filter((s) => !correct.has(s.id)).map((s) => ({ found: this.labelOf.get(s.id) ?? `unknown:${s.id}`, score: s.score })),
    })
    for (const s of shown) {
      const label = this.labelOf.get(s.id) ?? `unknown:${s.id}`
      if (s.aboveCut) this.above++
      if (correct.has(s.id)) {
        if (s.aboveCut) this.correctAbove++
        continue
      }
      const match = { pair, found: label, score: s.score }
      if (!this.closest || s.score > this.closest.score) this.closest = match
      if (!s.aboveCut) continue
      this.strangers++
      if (label.startsWith('decoy:')) this.decoys++
      this.falseMatches.push(match)
    }
  }

  figures(): SurfaceFigures {
    return {
      surface: this.surface,
      queries: this.queries,
      recallAt3: round(this.top3 / Math.max(1, this.queries)),
      recallAtCut: round(this.atCut / Math.max(1, this.queries)),
      precisionAtCut: round(this.correctAbove / Math.max(1, this.above)),
      aboveCut: this.above,
      decoysAboveCut: this.decoys,
      strangersAboveCut: this.strangers,
      closestStranger: this.closest?.score ?? 0,
      closestStrangerAt: this.closest,
      misses: this.misses,
      falseMatches: this.falseMatches,
      perQuery: this.perQuery,
    }
  }
}

/** Files the set's history, looks every second caller up on both surfaces and returns the figures. */
export async function runSimilarEval(setup: EvalSetup): Promise<EvalFigures> {
  const { api, now } = setup
  const ms = { history: 0, resident: 0, seconds: 0, dispatcher: 0 }
  let mark = Date.now()
  const lap = (phase: keyof typeof ms) => {
    ms[phase] = Date.now() - mark
    mark = Date.now()
  }
  const labelOf = new Map<string, string>()

  // History: every first request (pairs sharing one through `firstOf` file it once) and every decoy.
  const firsts = EVAL_PAIRS.filter((p) => !p.firstOf)
  const filings = [
    ...firsts.map((p) => historyFiling(p, p.first as string, p.firstLocated !== false, now)),
    ...EVAL_DECOYS.map((d) => historyFiling(d, d.text, true, now)),
  ]
  const ids = await setup.fileHistory(filings)
  const firstId = new Map<string, string>()
  firsts.forEach((p, i) => {
    firstId.set(p.id, ids[i])
    labelOf.set(ids[i], `first:${p.id}`)
  })
  EVAL_DECOYS.forEach((d, i) => labelOf.set(ids[firsts.length + i], `decoy:${d.id}`))
  lap('history')

  // The same problem: the pair's own first request and those of its group.
  const problemOf = (p: EvalPair): string => p.group ?? firstPairOf(p).id
  const correctFirsts = (p: EvalPair): Set<string> =>
    new Set(EVAL_PAIRS.filter((q) => problemOf(q) === problemOf(p)).map((q) => firstId.get(firstPairOf(q).id) as string))

  const secondQuery = (p: EvalPair) => {
    const type = p.secondType ?? p.type
    if (!p.located) return { content: p.second, type }
    return { content: p.second, type, district: p.district, ...nearby(p) }
  }

  // Residents: what a second caller sees while typing, before anyone else's second request exists.
  const resident = new Tally('resident', labelOf)
  for (const p of EVAL_PAIRS) {
    const res = await api.request({ method: 'POST', url: '/api/requests/similar', headers: setup.residentHeaders, payload: secondQuery(p) })
    if (res.statusCode !== 200) throw new Error(`similar for ${p.id}: ${res.statusCode} ${res.body}`)
    // 已有类似诉求 (at or above the cut) first, then 附近或相关的诉求 (below it), as the form lists them.
    const { items, related } = res.json<SimilarResult>()
    resident.add(
      p.id,
      [...items.map((i) => ({ id: i.id, score: i.score, aboveCut: true })), ...related.map((i) => ({ id: i.id, score: i.score, aboveCut: false }))],
      correctFirsts(p),
    )
  }
  lap('resident')

  // Dispatcher: every second caller's request filed, then the related panel opened on each.
  const secondIds = await setup.fileSeconds(
    EVAL_PAIRS.map((p) => {
      const q = secondQuery(p)
      const body: FileRequestBody = { type: q.type, category: p.category, content: p.second, public: true }
      if ('lat' in q) body.location = { lat: q.lat, lng: q.lng, address: `${p.district}（来电人所在位置）`, district: p.district }
      return { body, at: now }
    }),
  )
  const secondId = new Map<string, string>()
  EVAL_PAIRS.forEach((p, i) => {
    secondId.set(p.id, secondIds[i])
    labelOf.set(secondIds[i], `second:${p.id}`)
  })
  lap('seconds')
  const dispatcher = new Tally('dispatcher', labelOf)
  for (const p of EVAL_PAIRS) {
    const own = secondId.get(p.id) as string
    const res = await api.request({ url: `/api/staff/requests/${own}/related`, headers: setup.dispatcherHeaders })
    if (res.statusCode !== 200) throw new Error(`related for ${p.id}: ${res.statusCode} ${res.body}`)
    const panel = res.json<RelatedResult>()
    const shown: Shown[] = [
      ...panel.duplicates.map((r) => ({ id: r.id, score: r.score, aboveCut: true })),
      ...panel.related.map((r) => ({ id: r.id, score: r.score, aboveCut: false })),
    ]
    shown.sort((a, b) => Number(b.aboveCut) - Number(a.aboveCut) || b.score - a.score)
    const correct = correctFirsts(p)
    for (const q of EVAL_PAIRS) if (q.id !== p.id && problemOf(q) === problemOf(p)) correct.add(secondId.get(q.id) as string)
    dispatcher.add(
      p.id,
      shown.filter((s) => s.id !== own),
      correct,
    )
  }

  lap('dispatcher')
  return { pairs: EVAL_PAIRS.length, decoys: EVAL_DECOYS.length, ms, resident: resident.figures(), dispatcher: dispatcher.figures() }
}

/**
 * Files through POST /api/requests as one resident: the clock is moved to each filing's time and the resident gets a
 * session valid then (sessions last 30 days), so every request is filed, indexed and dated by the app itself; the
 * clock is set back to `now` when done.
 */
export function apiFiler(opts: { api: Served; db: Db; userId: string; setClock: (at: Date) => void; now: Date; keyPrefix: string }): FileRequests {
  let n = 0
  return async (filings) => {
    const ids: string[] = []
    let sessionDay = Number.NaN
    let headers: Record<string, string> = {}
    for (const f of filings) {
      const day = Math.floor(f.at.getTime() / DAY_MS)
      if (day !== sessionDay) {
        const { token } = await createSession(opts.db, { userId: opts.userId, provider: 'sms' }, f.at)
        sessionDay = day
        headers = { authorization: `Bearer ${token}` }
      }
      opts.setClock(f.at)
      const res = await opts.api.request({
        method: 'POST',
        url: '/api/requests',
        headers: { ...headers, 'idempotency-key': `${opts.keyPrefix}-${++n}-eval` },
        payload: f.body,
      })
      if (res.statusCode !== 201) throw new Error(`filing "${f.body.content.slice(0, 20)}": ${res.statusCode} ${res.body}`)
      ids.push(res.json<FiledRequest>().id)
    }
    // Back to the present: the lookups that follow run at `now`.
    opts.setClock(opts.now)
    return ids
  }
}

/** The department an older history request was closed by, per top-level category (as test/fixtures/similar-corpus.ts). */
const CLOSED_BY: Record<string, string> = {
  environment: 'gz-ecology-environment',
  urban: 'gz-urban-management',
  traffic: 'gz-transport',
  housing: 'gz-housing-construction',
  'water-power': 'gz-water',
  market: 'gz-market-regulation',
  social: 'gz-hrss',
  'education-health': 'gz-education',
  'public-safety': 'gz-police',
  other: 'gz-12345',
}

/**
 * Files history in bulk, the way the bulk test helpers do: one INSERT of the rows as they would stand (the address as
 * typed; older than 15 days → closed by the category's department), then the similar module's backfill job indexes
 * them as it does after migrating an existing database. Much faster than one POST each; lookups still go through the API.
 */
export function bulkHistoryFiler(opts: { app: App; db: Db; now: Date; backfillJob?: string }): FileRequests {
  let batch = 0
  return async (filings) => {
    batch++
    const now = opts.now.getTime()
    const numbers = filings.map((_, i) => `EVAL${batch}${String(i).padStart(6, '0')}`)
    const r = await opts.db.query<{ id: string; number: string }>(
      `INSERT INTO requests (number, type, category, content, lat, lng, address, district, public, status, department_code,
                             filed_at, dispatch_deadline, deadline, warn_at, closed_at, updated_at)
       SELECT x.number, x.type, x.category, x.content, x.lat, x.lng, x.address, x.district, true,
              CASE WHEN x.closed THEN 'closed' ELSE 'submitted' END, CASE WHEN x.closed THEN x.dept END,
              x.filed, x.filed + interval '1 day', x.filed + interval '15 days', x.filed + interval '12 days',
              CASE WHEN x.closed THEN x.filed + interval '5 days' END, x.filed
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::float8[], $7::text[], $8::text[], $9::bool[], $10::text[], $11::timestamptz[])
              AS x(number, type, category, content, lat, lng, address, district, closed, dept, filed)
       RETURNING id, number`,
      [
        numbers,
        filings.map((f) => f.body.type),
        filings.map((f) => f.body.category ?? null),
        filings.map((f) => f.body.content),
        filings.map((f) => f.body.location?.lat ?? null),
        filings.map((f) => f.body.location?.lng ?? null),
        filings.map((f) => f.body.location?.address ?? null),
        filings.map((f) => f.body.location?.district ?? null),
        filings.map((f) => now - f.at.getTime() > 15 * DAY_MS),
        filings.map((f) => CLOSED_BY[(f.body.category ?? 'other').split('.')[0]] ?? 'gz-12345'),
        filings.map((f) => f.at),
      ],
    )
    await opts.app.jobs.run(opts.backfillJob ?? 'similar.backfill')
    const idOf = new Map(r.rows.map((x) => [x.number, x.id]))
    return numbers.map((n) => idOf.get(n) as string)
  }
}
