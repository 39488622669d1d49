// Similarity scoring: term weights (prior × IDF), the text cosine, place and category factors, and the documented cut.
//
// How the score is built (score = text × place × category, in [0, 1]):
// - text: the cosine of the two requests' term sets, w(t) = prior(t) × ln(1 + max(N, 1000) / df(t)). Terms (text.ts,
//   segment.ts): civic concepts ("c:漏水" for 漏水/渗水/滴水/冷凝水 …, prior 1.2), words of the jieba segmentation with
//   the Guangzhou dictionaries (prior 1), character bigrams as a second channel for partial overlaps (prior 1, scoring
//   only), place words, house numbers and numbers (prior 0.5: where, not what), one-character words (0.3) and words
//   every request uses (反映, 希望, 处理 …, 0.25).
// - place: both located → ≤ 150 m ×1.15, ≤ 500 m ×1.05, ≤ 1,500 m ×0.85, farther ×0.6 (beyond MAX_DISTANCE_M the
//   request is not a candidate at all); one or both without a location → ×1. The lookup also narrows by district.
// - category: the doc's category among the categories the query's words point to (or equal to the query request's
//   own category, for the dispatcher) → ×1.1; a different category when both are known → ×0.75; unknown → ×1.
// - entity: requests naming the same entity (company, phone, plate, address) are linked beside the score, in the
//   dispatcher's related panel and the 涉事单位 dossier; the entity name is also a word of the text.
// The cut (SIMILAR_CUT) was set on the honest evaluation set (test/fixtures/similar-eval, 226 pairs, 120 decoys):
// the lowest cut at which precision stays ≥ 0.95 with no decoy above it; test/server/similar-eval.test.ts prints
// recall and precision at it for residents and the dispatcher (README has the figures).
import type { RequestType } from '@contract/request'
import { termPrior } from './text'

/** Items at or above this score are "the same incident" (residents: 已有类似诉求; dispatcher: likely duplicates). */
export const SIMILAR_CUT = 0.235
/**
 * Below the cut but at or above this: shown to the dispatcher as related (a ranked list, at most 20). Low on purpose:
 * a second caller's words often share little with the first's, and the dispatcher reads the list, so the twin should
 * be on it (0.10 left 13 of 226 twins of the evaluation set off the top 3; 0.02 leaves 5).
 */
export const RELATED_FLOOR = 0.02
/** Only requests filed within this many days are candidates (a street flooded a year ago is another incident). */
export const WINDOW_DAYS = 90
/** Located requests farther apart than this are never candidates. */
export const MAX_DISTANCE_M = 3000

export const DAY_MS = 86_400_000

/** A score as the API shows it: three decimals. */
export const roundScore = (x: number): number => Math.round(x * 1000) / 1000

export type TypeGroup = 'incident' | 'consult' | 'suggestion'

/** 求助/投诉/举报 describe incidents and may be twins of each other; 咨询 and 建议 only of their own kind. */
export function typeGroup(type: RequestType): TypeGroup {
  return type === 'consult' ? 'consult' : type === 'suggestion' ? 'suggestion' : 'incident'
}

/** Great-circle distance in metres (haversine; plenty for a city). */
export function distanceMeters(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  return metersBetween(a.lat, a.lng, b.lat, b.lng)
}

/** The same from bare coordinates (the hotspot grid's hot loop reads them from typed arrays). */
export function metersBetween(aLat: number, aLng: number, bLat: number, bLng: number): number {
  const rad = Math.PI / 180
  const dLat = (bLat - aLat) * rad
  const dLng = (bLng - aLng) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(aLat * rad) * Math.cos(bLat * rad) * Math.sin(dLng / 2) ** 2
  return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(h)))
}

/** A bounding box around a point: a cheap SQL pre-filter before the exact distance. */
export function boundingBox(lat: number, lng: number, meters: number): { minLat: number; maxLat: number; minLng: number; maxLng: number } {
  const dLat = meters / 111_320
  const dLng = meters / (111_320 * Math.max(0.01, Math.cos((lat * Math.PI) / 180)))
  return { minLat: lat - dLat, maxLat: lat + dLat, minLng: lng - dLng, maxLng: lng + dLng }
}

/**
 * N in the IDF is at least this: in a young database (a few requests) every shared word would otherwise look common
 * and twins would score low; from this size on the real count takes over.
 */
export const IDF_MIN_DOCS = 1000

/** Rarity: ln(1 + max(N, IDF_MIN_DOCS) / df); a term no indexed request has counts as df = 1. */
export function idf(df: number, docs: number): number {
  return Math.log(1 + Math.max(docs, IDF_MIN_DOCS) / Math.max(df, 1))
}

export function termWeight(term: string, df: number, docs: number): number {
  return termPrior(term) * idf(df, docs)
}

/** Cosine of two term sets under `weight`. */
export function cosine(query: ReadonlySet<string>, doc: readonly string[], weight: (term: string) => number): number {
  let dot = 0
  let qq = 0
  let dd = 0
  for (const t of query) {
    const w = weight(t)
    qq += w * w
  }
  for (const t of doc) {
    const w = weight(t)
    dd += w * w
    if (query.has(t)) dot += w * w
  }
  return qq > 0 && dd > 0 ? dot / Math.sqrt(qq * dd) : 0
}

export function placeFactor(distance: number | null): number {
  if (distance === null) return 1
  if (distance <= 150) return 1.15
  if (distance <= 500) return 1.05
  if (distance <= 1500) return 0.85
  return 0.6
}

/**
 * `docCategory` against what is known of the query's: its own category (staff view) or the categories its words
 * point to (resident draft). Unknown on either side → neutral.
 */
export function categoryFactor(docCategory: string | null, queryCategories: readonly string[]): number {
  if (!docCategory || queryCategories.length === 0) return 1
  return queryCategories.includes(docCategory) ? 1.1 : 0.75
}

export function combinedScore(text: number, distance: number | null, category: number): number {
  return Math.min(1, text * placeFactor(distance) * category)
}
