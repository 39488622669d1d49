// The entities requests name (单位, 地址, 电话, 车牌): the links the dispatcher sees beside a request (other requests
// naming the same one, their departments), and the entity department hint the dispatch suggestion puts first.
import type { EntityDepartmentHint, EntityLink } from '@contract/similar'
import type { Queryable } from '../../db'
import { entityId, entityKey } from './indexer'
import { listed } from './listing'
import { similarRepo, type EntityHitRow, type EntityRow } from './repo'
import { extractEntities } from './text'

const KIND_LABEL: Record<string, string> = { company: '单位', address: '地址', phone: '电话', plate: '车牌' }

/** Departments the hits went to, most hits first. */
function departmentCounts(hits: EntityHitRow[]): { code: string; name: string; count: number }[] {
  const counts = new Map<string, { code: string; name: string; count: number }>()
  for (const h of hits) {
    if (!h.department_code) continue
    const c = counts.get(h.department_code) ?? { code: h.department_code, name: h.department_name ?? h.department_code, count: 0 }
    c.count++
    counts.set(h.department_code, c)
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || a.code.localeCompare(b.code))
}

/**
 * Each of the request's own entities with the other requests naming it; an entity no other request names is left
 * out (it links nothing: never "另有 0 件").
 */
export function entityLinks(own: EntityRow[], hits: EntityHitRow[]): EntityLink[] {
  return own.flatMap((e) => {
    const mine = hits.filter((h) => h.kind === e.kind && h.key === e.key)
    if (mine.length === 0) return []
    return {
      id: e.entity_id,
      kind: e.kind,
      text: e.text,
      otherRequests: new Set(mine.map((h) => h.request_id)).size,
      departments: departmentCounts(mine),
      recent: mine.slice(0, 5).map((h) => listed({ ...h, id: h.request_id })),
    }
  })
}

/**
 * The department earlier requests naming the same entities (company, address, phone, plate) went to — the
 * dispatch suggestion puts it first. Pass a request id (its indexed entities) or a text (extracted now).
 * Null when no earlier request naming them was dispatched.
 */
export async function entityDepartmentHint(db: Queryable, source: { requestId: string } | { content: string }): Promise<EntityDepartmentHint | null> {
  const own: EntityRow[] =
    'requestId' in source
      ? await similarRepo.entitiesOf(db, source.requestId)
      : extractEntities(source.content).map((e) => {
          const key = entityKey(e.kind, e.key)
          return { kind: e.kind, key, text: e.text, entity_id: entityId(e.kind, key) }
        })
  const hits = await similarRepo.entityHits(db, own, 'requestId' in source ? source.requestId : null)
  const best = departmentCounts(hits)[0]
  if (!best) return null
  // Name the entity that contributed most to that department.
  const byEntity = new Map<string, number>()
  for (const h of hits) if (h.department_code === best.code) byEntity.set(`${h.kind}\u0000${h.key}`, (byEntity.get(`${h.kind}\u0000${h.key}`) ?? 0) + 1)
  const topKey = [...byEntity.entries()].sort((a, b) => b[1] - a[1])[0][0]
  const entity = own.find((e) => `${e.kind}\u0000${e.key}` === topKey) as EntityRow
  return {
    departmentCode: best.code,
    departmentName: best.name,
    count: best.count,
    reason: `此前 ${best.count} 件涉及${KIND_LABEL[entity.kind]}“${entity.text}”的诉求由${best.name}办理`,
  }
}
