// Hotspots: ≥ HOTSPOT_MIN requests of one category within HOTSPOT_RADIUS_M in HOTSPOT_DAYS days — the one a request
// belongs to (the dispatcher's related panel) and the current ones (GET /api/staff/hotspots).
import type { Hotspot } from '@contract/similar'
import { categoryLabel } from '@domain/request-categories'
import type { Queryable } from '../../db'
import { similarRepo, type HotspotRow } from './repo'
import { boundingBox, DAY_MS, distanceMeters, metersBetween } from './score'

export const HOTSPOT_MIN = 5
export const HOTSPOT_RADIUS_M = 500
export const HOTSPOT_DAYS = 7

/** A cluster of one category around a centre, as the API shows it. */
function hotspotOf(category: string, members: HotspotRow[], center: { lat: number; lng: number }): Hotspot {
  const name = categoryLabel(category) ?? category
  return {
    category,
    categoryName: name,
    count: members.length,
    radiusMeters: HOTSPOT_RADIUS_M,
    days: HOTSPOT_DAYS,
    center: { lat: Number(center.lat.toFixed(5)), lng: Number(center.lng.toFixed(5)) },
    message: `${HOTSPOT_DAYS} 天内 ${HOTSPOT_RADIUS_M} 米范围内有 ${members.length} 件同类诉求（${name}），建议作为一个问题从根源处理`,
    requests: members.map((x) => ({ id: x.request_id, number: x.number, status: x.status })),
  }
}

/**
 * Is this request part of a cluster: ≥ HOTSPOT_MIN requests of its category within HOTSPOT_RADIUS_M of it, all
 * filed inside one HOTSPOT_DAYS window that contains it? Null when not (or when it has no place or category).
 */
export async function hotspotFor(
  db: Queryable,
  req: { id: string; category: string | null; lat: number | null; lng: number | null; filed_at: Date },
): Promise<Hotspot | null> {
  if (!req.category || req.lat === null || req.lng === null) return null
  const span = HOTSPOT_DAYS * DAY_MS
  const rows = await similarRepo.hotspotRowsNear(
    db,
    req.category,
    new Date(req.filed_at.getTime() - span),
    new Date(req.filed_at.getTime() + span),
    boundingBox(req.lat, req.lng, HOTSPOT_RADIUS_M),
  )
  const near = rows.filter((x) => distanceMeters({ lat: req.lat as number, lng: req.lng as number }, x) <= HOTSPOT_RADIUS_M)
  const f = req.filed_at.getTime()
  // The best window [start, start + span] containing this request's filing time.
  let best: HotspotRow[] = []
  for (const first of near) {
    const start = first.filed_at.getTime()
    if (start > f || start + span < f) continue
    const inWindow = near.filter((x) => x.filed_at.getTime() >= start && x.filed_at.getTime() <= start + span)
    if (inWindow.length > best.length) best = inWindow
  }
  if (best.length < HOTSPOT_MIN) return null
  const lat = best.reduce((s, x) => s + x.lat, 0) / best.length
  const lng = best.reduce((s, x) => s + x.lng, 0) / best.length
  return hotspotOf(req.category, best, { lat, lng })
}

/**
 * The clusters of the HOTSPOT_DAYS days before `now`: per category, the request with the most same-category
 * neighbours within HOTSPOT_RADIUS_M is a centre; it and its neighbours form a cluster when they are ≥ HOTSPOT_MIN,
 * and are not counted again. Largest first.
 */
export async function currentHotspots(db: Queryable, now: Date): Promise<Hotspot[]> {
  return clusterHotspots(await similarRepo.hotspotRows(db, new Date(now.getTime() - HOTSPOT_DAYS * DAY_MS), now))
}

/** The clusters among located, categorised requests (as currentHotspots forms them); the dashboard passes its own rows. */
export function clusterHotspots(rows: readonly (HotspotRow & { category: string })[]): Hotspot[] {
  const byCategory = new Map<string, HotspotRow[]>()
  for (const row of rows) {
    const list = byCategory.get(row.category)
    if (list) list.push(row)
    else byCategory.set(row.category, [row])
  }
  const out: Hotspot[] = []
  for (const [category, inCategory] of byCategory) out.push(...clustersOf(category, inCategory))
  // Largest first; on a tie by category name (not by the rows' order, which a pre-filter changes), then as found.
  return out.sort((a, b) => b.count - a.count || (a.category < b.category ? -1 : a.category > b.category ? 1 : 0))
}

/** Metres per degree of latitude, rounded down (a grid cell of R / this degrees is at least R metres tall). */
const M_PER_DEGREE = 111_000

/**
 * Every point's neighbours within HOTSPOT_RADIUS_M (itself included, indices in the input order), found through the grid:
 * each point is compared only with the 9 cells around its own, so a city's week of requests takes milliseconds rather
 * than comparing every pair. Points of one category only (the caller groups).
 */
function neighbourLists(points: readonly { lat: number; lng: number }[]): number[][] {
  if (points.length === 0) return []
  const lat = Float64Array.from(points, (x) => x.lat)
  const lng = Float64Array.from(points, (x) => x.lng)
  const grid = gridOf(lat, lng)
  return points.map((_, i) => {
    const near: number[] = []
    forNearby(grid, i, (j) => {
      if (metersBetween(lat[i], lng[i], lat[j], lng[j]) <= HOTSPOT_RADIUS_M) near.push(j)
    })
    return near.sort((p, q) => p - q)
  })
}

/** Cells of a grid at most: a wider spread of points gets larger cells (still exact, only more pairs to compare). */
const MAX_CELLS = 4_000_000

/**
 * The grid: cells at least HOTSPOT_RADIUS_M wide, numbered row × width + column from one cell outside the points'
 * corner, and the points sorted by cell (a counting sort: `order[start[c] .. start[c + 1])` are cell c's points). Typed
 * arrays rather than a Map of cells: the hot loop looks up nine cells per point, and for a city's week (~19,000 points)
 * Map lookups were most of the time.
 */
interface Grid {
  row: Int32Array
  col: Int32Array
  width: number
  start: Int32Array
  order: Int32Array
}

function gridOf(lat: Float64Array, lng: Float64Array): Grid {
  let [minLat, maxLat, minLng, maxLng] = [Infinity, -Infinity, Infinity, -Infinity]
  for (let i = 0; i < lat.length; i++) {
    minLat = Math.min(minLat, lat[i])
    maxLat = Math.max(maxLat, lat[i])
    minLng = Math.min(minLng, lng[i])
    maxLng = Math.max(maxLng, lng[i])
  }
  const widest = Math.min(89, Math.max(Math.abs(minLat), Math.abs(maxLat)))
  let cellLat = HOTSPOT_RADIUS_M / M_PER_DEGREE
  let cellLng = HOTSPOT_RADIUS_M / (M_PER_DEGREE * Math.cos((widest * Math.PI) / 180))
  const size = () => [Math.floor((maxLat - minLat) / cellLat) + 3, Math.floor((maxLng - minLng) / cellLng) + 3]
  while (size()[0] * size()[1] > MAX_CELLS) {
    cellLat *= 2
    cellLng *= 2
  }
  const [height, width] = size()
  const row = new Int32Array(lat.length)
  const col = new Int32Array(lat.length)
  const start = new Int32Array(height * width + 1)
  for (let i = 0; i < lat.length; i++) {
    row[i] = Math.floor((lat[i] - minLat) / cellLat) + 1
    col[i] = Math.floor((lng[i] - minLng) / cellLng) + 1
    start[row[i] * width + col[i] + 1]++
  }
  for (let c = 1; c < start.length; c++) start[c] += start[c - 1]
  const order = new Int32Array(lat.length)
  const next = start.slice(0, -1)
  for (let i = 0; i < lat.length; i++) order[next[row[i] * width + col[i]]++] = i
  return { row, col, width, start, order }
}

/** Calls visit(j) for every point j in the 3 × 3 cells around point i's cell (a superset of its neighbours). */
function forNearby(grid: Grid, i: number, visit: (j: number) => void): void {
  for (let r = grid.row[i] - 1; r <= grid.row[i] + 1; r++) {
    for (let c = grid.col[i] - 1; c <= grid.col[i] + 1; c++) {
      const cell = r * grid.width + c
      for (let k = grid.start[cell]; k < grid.start[cell + 1]; k++) visit(grid.order[k])
    }
  }
}

/**
 * Which of these located requests (one category, places as parallel arrays) can be in a cluster: those within
 * HOTSPOT_RADIUS_M of one with ≥ HOTSPOT_MIN within HOTSPOT_RADIUS_M (itself included); 1 = can. The greedy clustering
 * below only ever takes such a request as a centre (counts only fall as members leave) and only its neighbours as
 * members, so the others can neither be in a cluster nor change a count: clustering the candidates (or any set that
 * holds them) gives the same clusters as clustering every row. The 一屏观 reads a week of the city's places (~19,000 at a
 * million requests a year) packed as arrays (dashboard repo.ts) and then only the candidates' rows (a few hundred).
 */
export function candidatesOf(lat: Float64Array, lng: Float64Array): Uint8Array {
  const out = new Uint8Array(lat.length)
  if (lat.length < HOTSPOT_MIN) return out
  // Hot path: counts first, with a cheap exact rejection — the great-circle distance is at least the latitude
  // difference's arc, so a pair further apart in latitude than the radius needs no haversine.
  const radiusLat = (HOTSPOT_RADIUS_M / 6_371_000) * (180 / Math.PI)
  const grid = gridOf(lat, lng)
  const near: number[] = []
  const visit = (i: number) => (j: number) => {
    if (Math.abs(lat[j] - lat[i]) <= radiusLat && metersBetween(lat[i], lng[i], lat[j], lng[j]) <= HOTSPOT_RADIUS_M) near.push(j)
  }
  for (let i = 0; i < lat.length; i++) {
    near.length = 0
    forNearby(grid, i, visit(i))
    if (near.length >= HOTSPOT_MIN) for (const j of near) out[j] = 1
  }
  return out
}

/** candidatesOf for points of any categories, as objects: true for each candidate. */
export function hotspotCandidates(points: readonly { category: string; lat: number; lng: number }[]): boolean[] {
  const out = points.map(() => false)
  const byCategory = new Map<string, number[]>()
  points.forEach((x, i) => {
    const list = byCategory.get(x.category)
    if (list) list.push(i)
    else byCategory.set(x.category, [i])
  })
  for (const indices of byCategory.values()) {
    const keep = candidatesOf(
      Float64Array.from(indices, (i) => points[i].lat),
      Float64Array.from(indices, (i) => points[i].lng),
    )
    keep.forEach((k, j) => {
      if (k) out[indices[j]] = true
    })
  }
  return out
}

/**
 * The greedy clustering of one category: the remaining request with the most remaining neighbours within
 * HOTSPOT_RADIUS_M (the first in the rows' order on a tie) is a centre; it and those neighbours form a cluster when
 * they are ≥ HOTSPOT_MIN and leave the pool. Neighbours come from the grid (neighbourLists), and counts are kept up
 * to date as requests leave, so no pair is compared twice.
 */
function clustersOf(category: string, points: HotspotRow[]): Hotspot[] {
  if (points.length < HOTSPOT_MIN) return []
  // neighbours[i]: every j within the radius (i included), in the rows' order.
  const neighbours = neighbourLists(points)
  const alive = points.map(() => true)
  const count = neighbours.map((n) => n.length)
  const out: Hotspot[] = []
  for (;;) {
    let best = -1
    for (let i = 0; i < points.length; i++) if (alive[i] && (best < 0 || count[i] > count[best])) best = i
    if (best < 0 || count[best] < HOTSPOT_MIN) break
    const members = neighbours[best].filter((j) => alive[j])
    out.push(hotspotOf(category, members.map((j) => points[j]), points[best]))
    for (const j of members) {
      alive[j] = false
      for (const k of neighbours[j]) count[k]--
    }
  }
  return out
}
