// SQL of the 涉事单位 dossier: the requests naming one entity, the addresses and phones given in them, their
// dispatch and close updates, and the 联系涉事单位 log.
import type { RequestStatus, RequestType } from '@contract/request'
import type { ContactMethod, ContactResult } from '@contract/similar'
import type { Queryable } from '../../db'

export interface DossierRow {
  kind: 'company' | 'address' | 'phone' | 'plate'
  text: string
  request_id: string
  number: string
  status: RequestStatus
  type: RequestType
  category: string | null
  district: string | null
  content: string
  filed_at: Date
  department_code: string | null
  department_name: string | null
}

export interface UpdateRow {
  request_id: string
  number: string
  to_status: string
  department_name: string | null
  created_at: Date
}

export interface ContactRow {
  id: string
  staff_name: string
  method: ContactMethod
  result: ContactResult
  note: string
  created_at: Date
}

/** At most this many requests in one dossier (the newest). */
export const DOSSIER_MAX_REQUESTS = 200

export const dossierRepo = {
  async requestsNaming(q: Queryable, entityId: string): Promise<DossierRow[]> {
    const r = await q.query<DossierRow>(
      `SELECT e.kind, e.text, r.id AS request_id, r.number, r.status, r.type, r.category, r.district, r.content, r.filed_at,
              r.department_code, dep.name AS department_name
         FROM similar_entities e
         JOIN requests r ON r.id = e.request_id
         LEFT JOIN departments dep ON dep.code = r.department_code
        WHERE e.entity_id = $1
        ORDER BY r.filed_at DESC, r.number DESC
        LIMIT ${DOSSIER_MAX_REQUESTS}`,
      [entityId],
    )
    return r.rows
  },

  /** Addresses and phones (already masked) the requests name besides the entity itself. */
  async otherEntities(q: Queryable, requestIds: string[], entityId: string): Promise<{ kind: string; text: string }[]> {
    const r = await q.query<{ kind: string; text: string }>(
      `SELECT kind, text, min(filed_at) AS first
         FROM similar_entities
        WHERE request_id = ANY($1::uuid[]) AND kind IN ('address', 'phone') AND entity_id <> $2
        GROUP BY kind, text
        ORDER BY first`,
      [requestIds, entityId],
    )
    return r.rows
  },

  /** The requests' location addresses as residents picked them. */
  async locationAddresses(q: Queryable, requestIds: string[]): Promise<string[]> {
    const r = await q.query<{ address: string }>(
      `SELECT address, min(filed_at) AS first FROM requests
        WHERE id = ANY($1::uuid[]) AND address IS NOT NULL AND address <> '' GROUP BY address ORDER BY first`,
      [requestIds],
    )
    return r.rows.map((row) => row.address)
  },

  /** Dispatch and close updates of the requests, oldest first. */
  async updates(q: Queryable, requestIds: string[]): Promise<UpdateRow[]> {
    const r = await q.query<UpdateRow>(
      `SELECT u.request_id, r.number, u.to_status, dep.name AS department_name, u.created_at
         FROM request_updates u
         JOIN requests r ON r.id = u.request_id
         LEFT JOIN departments dep ON dep.code = COALESCE(u.data->>'departmentCode', u.data->>'handledBy')
        WHERE u.request_id = ANY($1::uuid[]) AND u.to_status IN ('dispatched', 'closed')
        ORDER BY u.created_at, u.id`,
      [requestIds],
    )
    return r.rows
  },

  async contacts(q: Queryable, entityId: string): Promise<ContactRow[]> {
    const r = await q.query<ContactRow>(
      `SELECT c.id::text AS id, s.display_name AS staff_name, c.method, c.result, c.note, c.created_at
         FROM entity_contacts c JOIN staff s ON s.id = c.staff_id
        WHERE c.entity_id = $1
        ORDER BY c.created_at DESC, c.id DESC`,
      [entityId],
    )
    return r.rows
  },

  async addContact(
    q: Queryable,
    c: { entityId: string; staffId: string; method: ContactMethod; result: ContactResult; note: string; at: Date },
  ): Promise<void> {
    await q.query('INSERT INTO entity_contacts (entity_id, staff_id, method, result, note, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
      c.entityId,
      c.staffId,
      c.method,
      c.result,
      c.note,
      c.at,
    ])
  },

  async exists(q: Queryable, entityId: string): Promise<boolean> {
    const r = await q.query('SELECT 1 FROM similar_entities WHERE entity_id = $1 LIMIT 1', [entityId])
    return (r.rowCount ?? 0) > 0
  },
}
