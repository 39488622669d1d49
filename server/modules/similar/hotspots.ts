// Hotspots: ≥ HOTSPOT_MIN requests of one category within HOTSPOT_RADIUS_M in HOTSPOT_DAYS days — the one a request
// belongs to (the dispatcher's related panel) and the current ones (GET /api/staff/hotspots).
import type { Hotspot } from '@contract/similar'
import { categoryLabel } from '@domain/request-categories'
import type { Queryable } from '../../db'
import { similarRepo, type HotspotRow } from './repo'
import { boundingBox, DAY_MS, distanceMeters } from './score'

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
  return out.sort((a, b) => b.count - a.count)
}

/** Metres per degree of latitude, rounded down (a grid cell of R / this degrees is at least R metres tall). */
const M_PER_DEGREE = 111_000

/**
 * The greedy clustering of one category: the remaining request with the most remaining neighbours within
 * HOTSPOT_RADIUS_M (the first in the rows' order on a tie) is a centre; it and those neighbours form a cluster when
 * they are ≥ HOTSPOT_MIN and leave the pool. Neighbours are found through a grid of cells at least HOTSPOT_RADIUS_M
 * wide (each request compared only with the 9 cells around it), and counts are kept up to date as requests leave,
 * so a city's week of requests clusters in milliseconds rather than comparing every pair on every round.
 */
function clustersOf(category: string, points: HotspotRow[]): Hotspot[] {
  if (points.length < HOTSPOT_MIN) return []
  const maxLat = Math.min(89, Math.max(...points.map((x) => Math.abs(x.lat))))
  const cellLat = HOTSPOT_RADIUS_M / M_PER_DEGREE
  const cellLng = HOTSPOT_RADIUS_M / (M_PER_DEGREE * Math.cos((maxLat * Math.PI) / 180))
  // A cell's key: row × 2^21 + column (columns of a city's longitudes stay far below 2^21).
  const cellOf = (x: HotspotRow) => [Math.floor(x.lat / cellLat), Math.floor(x.lng / cellLng)]
  const key = (a: number, b: number) => a * 2_097_152 + b
  const grid = new Map<number, number[]>()
  points.forEach((x, i) => {
    const [a, b] = cellOf(x)
    const k = key(a, b)
    const cell = grid.get(k)
    if (cell) cell.push(i)
    else grid.set(k, [i])
  })
  // neighbours[i]: every j within the radius (i included), in the rows' order.
  const neighbours = points.map((x) => {
    const [a, b] = cellOf(x)
    const near: number[] = []
    for (let da = -1; da <= 1; da++) {
      for (let db = -1; db <= 1; db++) {
        for (const j of grid.get(key(a + da, b + db)) ?? []) if (distanceMeters(x, points[j]) <= HOTSPOT_RADIUS_M) near.push(j)
      }
    }
    return near.sort((p, q) => p - q)
  })
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
