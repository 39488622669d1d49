// 已有类似诉求 for a resident filing a request: public requests (or the resident's own) at or above the cut, best first,
// with masked summaries, and apart from them the best few below the cut (附近或相关的诉求: nearby or sharing words, may be
// another problem); merged and refused requests are not shown.
import type { RequestStatus } from '@contract/request'
import type { SimilarItem, SimilarQuery, SimilarResult } from '@contract/similar'
import type { Queryable } from '../../db'
import { listed } from './listing'
import { lookup } from './lookup'
import { similarRepo } from './repo'
import { DAY_MS, RELATED_FLOOR, roundScore, SIMILAR_CUT, WINDOW_DAYS } from './score'
import { publicSummary } from './text'

/** Statuses a resident is not shown as "similar": merged ones (their target is), refused ones. */
const HIDDEN_FOR_RESIDENTS: readonly RequestStatus[] = ['merged', 'rejected']

/** How many 附近或相关的诉求 a resident is shown below the cut. */
const RELATED_SHOWN = 3

/** POST /api/requests/similar. */
export async function similarForResident(db: Queryable, userId: string, query: SimilarQuery, now: Date, limit = 5): Promise<SimilarResult> {
  const scored = await lookup(
    db,
    {
      content: query.content,
      type: query.type,
      district: query.district ?? null,
      lat: query.lat ?? null,
      lng: query.lng ?? null,
      viewer: { kind: 'resident', userId },
      from: new Date(now.getTime() - WINDOW_DAYS * DAY_MS),
      to: now,
      minScore: RELATED_FLOOR,
      limit: (limit + RELATED_SHOWN) * 2,
    },
    now.getTime(),
  )
  const info = await similarRepo.requestInfo(
    db,
    scored.map((s) => s.requestId),
  )
  const items: SimilarItem[] = []
  const related: SimilarItem[] = []
  for (const s of scored) {
    const row = info.get(s.requestId)
    if (!row || HIDDEN_FOR_RESIDENTS.includes(row.status)) continue
    const item: SimilarItem = {
      ...listed(row),
      summary: publicSummary(row.content),
      score: roundScore(s.score),
      mine: row.user_id === userId,
    }
    if (s.distance !== null) item.distanceMeters = Math.round(s.distance)
    if (s.score >= SIMILAR_CUT) {
      if (items.length < limit) items.push(item)
    } else if (related.length < RELATED_SHOWN) related.push(item)
  }
  return { items, related }
}
