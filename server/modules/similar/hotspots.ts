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
  for (const row of rows) byCategory.set(row.category, [...(byCategory.get(row.category) ?? []), row])
  const out: Hotspot[] = []
  for (const [category, inCategory] of byCategory) {
    let left = inCategory
    while (left.length >= HOTSPOT_MIN) {
      const near = (c: HotspotRow) => left.filter((x) => distanceMeters(c, x) <= HOTSPOT_RADIUS_M)
      const best = left.map((c) => ({ c, members: near(c) })).sort((a, b) => b.members.length - a.members.length)[0]
      if (best.members.length < HOTSPOT_MIN) break
      out.push(hotspotOf(category, best.members, best.c))
      const taken = new Set(best.members.map((x) => x.request_id))
      left = left.filter((x) => !taken.has(x.request_id))
    }
  }
  return out.sort((a, b) => b.count - a.count)
}
