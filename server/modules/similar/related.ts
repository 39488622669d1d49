// The dispatcher's related panel beside one request (GET /api/staff/requests/:id/related): likely duplicates (并案
// candidates), related requests by text or a shared entity, the entities with their history, the hotspot the request
// belongs to and the entity department hint.
import type { RelatedRequest, RelatedResult } from '@contract/similar'
import type { Queryable } from '../../db'
import { notFound } from '../requests/context'
import { entityDepartmentHint, entityLinks } from './entities'
import { hotspotFor } from './hotspots'
import { listed } from './listing'
import { lookup } from './lookup'
import { similarRepo } from './repo'
import { DAY_MS, distanceMeters, RELATED_FLOOR, roundScore, SIMILAR_CUT, WINDOW_DAYS } from './score'
import { staffSummary } from './text'

export async function relatedForStaff(db: Queryable, id: string, now: Date): Promise<RelatedResult> {
  const row = await similarRepo.ownRow(db, id)
  if (!row) throw notFound()
  const window = WINDOW_DAYS * DAY_MS
  const scored = await lookup(
    db,
    {
      content: row.content,
      type: row.type,
      district: row.district,
      lat: row.lat,
      lng: row.lng,
      category: row.category,
      viewer: { kind: 'staff' },
      excludeRequestId: row.id,
      from: new Date(row.filed_at.getTime() - window),
      to: new Date(Math.min(now.getTime(), row.filed_at.getTime() + window)),
      minScore: RELATED_FLOOR,
      limit: 20,
    },
    now.getTime(),
  )
  const ownEntities = await similarRepo.entitiesOf(db, row.id)
  const hits = await similarRepo.entityHits(db, ownEntities, row.id)
  const sharedBy = new Map<string, string[]>()
  for (const h of hits) {
    const e = ownEntities.find((x) => x.kind === h.kind && x.key === h.key)
    if (!e) continue
    const list = sharedBy.get(h.request_id) ?? []
    if (!list.includes(e.text)) list.push(e.text)
    sharedBy.set(h.request_id, list)
  }
  const scoreOf = new Map(scored.map((s) => [s.requestId, s]))
  // Requests naming the same entity are related even when their text is not close (the ten most recent).
  const entityOnly = [...sharedBy.keys()].filter((rid) => !scoreOf.has(rid)).slice(0, 10)
  const info = await similarRepo.requestInfo(db, [...scored.map((s) => s.requestId), ...entityOnly])

  const view = (rid: string, score: number, distance: number | null): RelatedRequest | null => {
    const r = info.get(rid)
    if (!r) return null
    const item: RelatedRequest = {
      ...listed(r),
      summary: staffSummary(r.content),
      category: r.category,
      department: r.department_code ? { code: r.department_code, name: r.department_name ?? r.department_code } : null,
      score: roundScore(score),
      sharedEntities: sharedBy.get(rid) ?? [],
    }
    if (distance === null && row.lat !== null && row.lng !== null && r.lat !== null && r.lng !== null) {
      distance = distanceMeters({ lat: row.lat, lng: row.lng }, { lat: r.lat, lng: r.lng })
    }
    if (distance !== null) item.distanceMeters = Math.round(distance)
    return item
  }
  const duplicates: RelatedRequest[] = []
  const related: RelatedRequest[] = []
  for (const s of scored) {
    const item = view(s.requestId, s.score, s.distance)
    if (!item) continue
    // A merged request is not a merge target; it is still related (it follows another one).
    if (s.score >= SIMILAR_CUT && item.status !== 'merged') duplicates.push(item)
    else related.push(item)
  }
  for (const rid of entityOnly) {
    const item = view(rid, 0, null)
    if (item) related.push(item)
  }
  return {
    id: row.id,
    duplicates,
    related: related.slice(0, 20),
    entities: entityLinks(ownEntities, hits),
    hotspot: await hotspotFor(db, row),
    departmentHint: await entityDepartmentHint(db, { requestId: row.id }),
  }
}
