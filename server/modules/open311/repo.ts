// SQL for Open311's public request list: requests with their department and the number they were merged into.
import type { RequestStatus } from '@contract/request'
import type { Queryable } from '../../db'

export interface PublicRequestRow {
  number: string
  status: RequestStatus
  category: string | null
  content: string
  public: boolean
  address: string | null
  lat: number | null
  lng: number | null
  filed_at: Date
  updated_at: Date
  deadline: Date
  department_name: string | null
  merged_number: string | null
}

/** Either `numbers` (the other filters are ignored), or requests filed in [from, to] of `categories` (any when absent) and open states. */
export type PublicRequestFilter =
  | { numbers: string[] }
  | { from: Date; to: Date; categories?: string[]; status?: { open: boolean; openStates: readonly string[] } }

const LIST_SQL = `SELECT r.number, r.status, r.category, r.content, r.public, r.address, r.lat, r.lng, r.filed_at, r.updated_at, r.deadline,
                         dep.name AS department_name, m.number AS merged_number
                    FROM requests r
                    LEFT JOIN departments dep ON dep.code = r.department_code
                    LEFT JOIN requests m ON m.id = r.merged_into`

/** Newest first. */
export async function publicRequests(db: Queryable, filter: PublicRequestFilter, limit: number, offset: number): Promise<PublicRequestRow[]> {
  const params: unknown[] = []
  const add = (v: unknown) => {
    params.push(v)
    return `$${params.length}`
  }
  const where: string[] = []
  if ('numbers' in filter) where.push(`r.number = ANY(${add(filter.numbers)}::text[])`)
  else {
    where.push(`r.filed_at BETWEEN ${add(filter.from)} AND ${add(filter.to)}`)
    if (filter.categories) where.push(`r.category = ANY(${add(filter.categories)}::text[])`)
    if (filter.status) where.push(`${filter.status.open ? '' : 'NOT '}(r.status = ANY(${add(filter.status.openStates)}::text[]))`)
  }
  const r = await db.query<PublicRequestRow>(
    `${LIST_SQL} WHERE ${where.join(' AND ')} ORDER BY r.filed_at DESC, r.number DESC LIMIT ${limit} OFFSET ${offset}`,
    params,
  )
  return r.rows
}

export async function publicRequestByNumber(db: Queryable, number: string): Promise<PublicRequestRow | null> {
  const r = await db.query<PublicRequestRow>(`${LIST_SQL} WHERE r.number = $1`, [number])
  return r.rows[0] ?? null
}
