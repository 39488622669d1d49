// SQL for the department's 办件 queue: one page by deadline. The open queue's condition is written out literally so
// PostgreSQL uses the partial indexes of migration 021 (applications_open_queue_idx / applications_open_all_idx); the
// page is picked from the index alone (id, deadline: an index-only scan past the offset) before the rows are read.
import type { ApplicationStatus } from '@contract/applications'
import type { Queryable } from '../../db'
import type { SummaryRow } from './dto'

export interface AppQueueFilter {
  /** Every department's (dispatcher/admin) or one department's. */
  departmentCode: string | null
  queue: 'open' | 'decided' | 'all'
  status: ApplicationStatus | null
  page: number
  pageSize: number
}

const OPEN = `a.status IN ('submitted', 'correction', 'accepted')`

export const appQueueRepo = {
  /**
   * One page and the queue's size in one round trip (a page past the end still answers the size), with only the
   * columns a summary shows. A prepared statement per shape of the filter (its SQL differs by which filters are set).
   */
  async page(q: Queryable, f: AppQueueFilter): Promise<{ rows: SummaryRow[]; total: number }> {
    const where: string[] = []
    const params: unknown[] = []
    const param = (value: unknown) => {
      params.push(value)
      return `$${params.length}`
    }
    if (f.departmentCode) where.push(`a.department_code = ${param(f.departmentCode)}`)
    if (f.queue === 'open') where.push(OPEN)
    else if (f.queue === 'decided') where.push(`NOT ${OPEN}`)
    if (f.status) where.push(`a.status = ${param(f.status)}`)
    const sqlWhere = where.length ? `WHERE ${where.join(' AND ')}` : ''
    const r = await q.query<SummaryRow & { total: number }>(
      `WITH total AS (SELECT count(*)::int AS n FROM applications a ${sqlWhere})
       SELECT t.n AS total, x.* FROM total t LEFT JOIN LATERAL (
         SELECT a.id, a.number, a.service_code, s.name AS service_name, a.status, a.department_code, d.name AS department_name,
                a.submitted_at, a.accepted_at, a.deadline, a.bundle_id, b.number AS bundle_number
           FROM (SELECT a.id, a.deadline FROM applications a ${sqlWhere} ORDER BY a.deadline, a.id LIMIT ${param(f.pageSize)} OFFSET ${param((f.page - 1) * f.pageSize)}) p
           JOIN applications a ON a.id = p.id
           JOIN services s ON s.code = a.service_code JOIN departments d ON d.code = a.department_code
           LEFT JOIN application_bundles b ON b.id = a.bundle_id
       ) x ON true
       ORDER BY x.deadline, x.id`,
      params,
      { prepare: `applications.queue.${f.departmentCode ? 'dept' : 'all'}.${f.queue}.${f.status ? 'status' : 'any'}` },
    )
    const total = r.rows[0]?.total ?? 0
    return { rows: r.rows.filter((row) => row.id !== null).map(({ total: _total, ...row }) => row), total }
  },
}
