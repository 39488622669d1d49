// Candidate lookup over the similar-request index, and scoring. Never a scan of every request: the query's
// informative terms, rarest first (at most MAX_LOOKUP_TERMS, very common ones skipped while rarer ones exist), are
// looked up in similar_postings within the time window (its primary key is (term, filed_at, doc_id)), summed per
// request with their weights, narrowed in the same statement by type group, district, a bounding box around the
// place and visibility; the best MAX_CANDIDATES are then scored fully (score.ts) with the document frequencies of
// all their terms. A located query also takes the located requests within NEARBY_M (at most NEARBY_CANDIDATES, the
// nearest) as candidates — the place channel: a second caller often names the place in other words (嘉禾站 for
// 嘉禾望岗地铁站C口) and shares no rare word with the first; such candidates are scored the same way, so one at the
// same place about something else stays low.
import type { RequestType } from '@contract/request'
import { suggestCategories } from '@domain/request-categories'
import type { Queryable } from '../../db'
import { dfCache } from './df-cache'
import { isPostingTerm } from './indexer'
import { similarRepo } from './repo'
import { boundingBox, categoryFactor, combinedScore, cosine, distanceMeters, MAX_DISTANCE_M, termWeight, typeGroup } from './score'
import { normalize, terms } from './text'

const MAX_LOOKUP_TERMS = 12
const MAX_CANDIDATES = 80
/** The best partial sums read from the postings before narrowing joins the documents (keeps the join small). */
const PRESELECT = 500
/** Terms in more than this share of all requests are only looked up when nothing rarer is in the query. */
const COMMON_SHARE = 0.03
/** Rarest terms are taken until their document frequencies add up to this (at least 3 terms): bounds the rows read. */
const POSTINGS_BUDGET = 12_000
/** The place channel: located requests this close to a located query are candidates whatever their words. */
const NEARBY_M = 300
const NEARBY_CANDIDATES = 30

export type Viewer = { kind: 'resident'; userId: string } | { kind: 'staff' }

export interface LookupInput {
  content: string
  type?: RequestType
  district?: string | null
  lat?: number | null
  lng?: number | null
  /** The query request's own category (staff view); otherwise the categories its words point to are used. */
  category?: string | null
  viewer: Viewer
  excludeRequestId?: string
  /** Only requests filed in [from, to]. */
  from: Date
  to: Date
  /** Scored items at or above this are returned (SIMILAR_CUT for residents). */
  minScore: number
  limit: number
}

export interface Scored {
  requestId: string
  score: number
  distance: number | null
}

/** Candidates from the index, scored and sorted best first (all of them down to minScore, at most limit). */
export async function lookup(db: Queryable, input: LookupInput, nowMs = Date.now()): Promise<Scored[]> {
  const qTerms = terms(input.content)
  if (qTerms.size === 0) return []
  const cache = dfCache(db)
  const docs = await cache.prepare(db, nowMs)
  await cache.fill(db, qTerms)

  const informative = [...qTerms].filter(isPostingTerm).sort((a, b) => cache.df(a) - cache.df(b) || (a < b ? -1 : 1))
  const rare = informative.filter((t) => cache.df(t) > 0 && cache.df(t) <= Math.max(30, docs * COMMON_SHARE))
  const pool = rare.length >= 3 ? rare : informative.filter((t) => cache.df(t) > 0)
  const chosen: string[] = []
  let budget = 0
  for (const t of pool) {
    if (chosen.length >= MAX_LOOKUP_TERMS || (chosen.length >= 3 && budget + cache.df(t) > POSTINGS_BUDGET)) break
    chosen.push(t)
    budget += cache.df(t)
  }

  const located = typeof input.lat === 'number' && typeof input.lng === 'number'
  const narrowing = {
    from: input.from,
    to: input.to,
    typeGroup: input.type ? typeGroup(input.type) : null,
    visibleTo: input.viewer.kind === 'resident' ? input.viewer.userId : null,
    excludeRequestId: input.excludeRequestId ?? null,
  }
  const [byWords, byPlace] = await Promise.all([
    chosen.length === 0
      ? []
      : similarRepo.candidates(db, {
          ...narrowing,
          terms: chosen,
          weights: chosen.map((t) => termWeight(t, cache.df(t), docs) ** 2),
          district: input.district ?? null,
          box: located ? boundingBox(input.lat as number, input.lng as number, MAX_DISTANCE_M) : null,
          preselect: PRESELECT,
          limit: MAX_CANDIDATES,
        }),
    located
      ? similarRepo.nearby(db, {
          ...narrowing,
          lat: input.lat as number,
          lng: input.lng as number,
          box: boundingBox(input.lat as number, input.lng as number, NEARBY_M),
          limit: NEARBY_CANDIDATES,
        })
      : [],
  ])
  const seen = new Set(byWords.map((c) => c.doc_id))
  const candidates = [...byWords, ...byPlace.filter((c) => !seen.has(c.doc_id))]
  if (candidates.length === 0) return []
  await cache.fill(
    db,
    candidates.flatMap((c) => c.terms),
  )
  const weight = (t: string) => termWeight(t, cache.df(t), docs)
  const queryCategories = input.category ? [input.category] : suggestCategories(normalize(input.content), 3).map((c) => c.code)
  const out: Scored[] = []
  for (const c of candidates) {
    let distance: number | null = null
    if (located && c.lat !== null && c.lng !== null) {
      distance = distanceMeters({ lat: input.lat as number, lng: input.lng as number }, { lat: c.lat, lng: c.lng })
      if (distance > MAX_DISTANCE_M) continue
    }
    const score = combinedScore(cosine(qTerms, c.terms, weight), distance, categoryFactor(c.category, queryCategories))
    if (score >= input.minScore) out.push({ requestId: c.request_id, score, distance })
  }
  return out.sort((a, b) => b.score - a.score).slice(0, input.limit)
}
