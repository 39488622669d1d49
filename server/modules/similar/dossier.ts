// The 涉事单位 dossier (GET /api/staff/entities/:id) and the 联系涉事单位 log (POST …/contacts): every request naming
// one entity across districts and types, how residents wrote it, the addresses and phones they gave, the departments
// that handled it and how those requests ended, whether it could be reached, and a timeline.
import type { ContactResult, EntityContactBody, EntityDossier } from '@contract/similar'
import { STATUS_LABEL } from '@domain/workorder'
import type { Queryable } from '../../db'
import { AppError } from '../../errors'
import { dossierRepo, type DossierRow } from './dossier.repo'
import { listed } from './listing'
import { staffSummary } from './text'

export const RESULT_LABEL: Record<ContactResult, string> = {
  reached: '已联系上',
  unreachable: '联系不上',
  refused: '拒绝配合',
  promised: '已承诺整改',
}

const notFound = () => new AppError(404, 'NOT_FOUND', '找不到该涉事单位')

/** Entity ids are 22 base64url characters (indexer.ts entityId). */
const ID_SHAPE = /^[A-Za-z0-9_-]{22}$/

/** The fullest way residents wrote it: the most frequent, longer first. */
function bestName(rows: DossierRow[]): string {
  const counts = new Map<string, number>()
  for (const r of rows) counts.set(r.text, (counts.get(r.text) ?? 0) + 1)
  return [...counts.entries()].sort((a, b) => [...b[0]].length - [...a[0]].length || b[1] - a[1])[0][0]
}

export async function entityDossier(db: Queryable, id: string): Promise<EntityDossier> {
  if (!ID_SHAPE.test(id)) throw notFound()
  const rows = await dossierRepo.requestsNaming(db, id)
  if (rows.length === 0) throw notFound()
  const ids = [...new Set(rows.map((r) => r.request_id))]
  const [others, located, updates, contacts] = await Promise.all([
    dossierRepo.otherEntities(db, ids, id),
    dossierRepo.locationAddresses(db, ids),
    dossierRepo.updates(db, ids),
    dossierRepo.contacts(db, id),
  ])

  const departments = new Map<string, EntityDossier['departments'][number]>()
  for (const r of rows) {
    if (!r.department_code) continue
    const d = departments.get(r.department_code) ?? { code: r.department_code, name: r.department_name ?? r.department_code, count: 0, outcomes: [] }
    d.count++
    const o = d.outcomes.find((x) => x.status === r.status)
    if (o) o.count++
    else d.outcomes.push({ status: r.status, statusLabel: STATUS_LABEL[r.status], count: 1 })
    departments.set(r.department_code, d)
  }

  const timeline: EntityDossier['timeline'] = []
  for (const r of rows) timeline.push({ at: r.filed_at.toISOString(), kind: 'filed', text: `${r.number} 受理：${staffSummary(r.content, 40)}`, requestId: r.request_id })
  for (const u of updates) {
    const dispatched = u.to_status === 'dispatched'
    timeline.push({
      at: u.created_at.toISOString(),
      kind: dispatched ? 'dispatched' : 'closed',
      text: dispatched ? `${u.number} 派发至${u.department_name ?? '承办部门'}` : `${u.number} 办结${u.department_name ? `（${u.department_name}）` : ''}`,
      requestId: u.request_id,
    })
  }
  for (const c of contacts) {
    timeline.push({ at: c.created_at.toISOString(), kind: 'contact', text: `${c.staff_name} 联系涉事单位：${RESULT_LABEL[c.result]}${c.note ? `，${c.note}` : ''}` })
  }
  timeline.sort((a, b) => a.at.localeCompare(b.at))

  const last = contacts[0]
  return {
    id,
    kind: rows[0].kind,
    name: bestName(rows),
    variants: [...new Set(rows.map((r) => r.text))],
    requests: rows.map((r) => ({
      ...listed({ id: r.request_id, number: r.number, status: r.status, filed_at: r.filed_at }),
      summary: staffSummary(r.content),
      type: r.type,
      category: r.category,
      district: r.district,
      department: r.department_code ? { code: r.department_code, name: r.department_name ?? r.department_code } : null,
      nameAsWritten: r.text,
    })),
    districts: [...new Set(rows.map((r) => r.district).filter((d): d is string => !!d))],
    addresses: [...new Set([...others.filter((o) => o.kind === 'address').map((o) => o.text), ...located])],
    phones: others.filter((o) => o.kind === 'phone').map((o) => o.text),
    departments: [...departments.values()].sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
    reachable: last ? last.result !== 'unreachable' : null,
    contacts: contacts.map((c) => ({
      id: c.id,
      staffName: c.staff_name,
      method: c.method,
      result: c.result,
      resultLabel: RESULT_LABEL[c.result],
      note: c.note,
      createdAt: c.created_at.toISOString(),
    })),
    timeline,
  }
}

/** Records one attempt to reach the entity; answers the dossier as it is now. */
export async function addEntityContact(db: Queryable, id: string, staffId: string, body: EntityContactBody, now: Date): Promise<EntityDossier> {
  if (!ID_SHAPE.test(id) || !(await dossierRepo.exists(db, id))) throw notFound()
  await dossierRepo.addContact(db, { entityId: id, staffId, method: body.method, result: body.result, note: (body.note ?? '').trim(), at: now })
  return entityDossier(db, id)
}
