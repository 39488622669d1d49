// SQL for the department's 办件 queue: one page by deadline. The open queue's condition is written out literally so
// PostgreSQL uses the partial indexes of migration 021 (applications_open_queue_idx / applications_open_all_idx); the
// page is picked from the index alone (id, deadline: an index-only scan past the offset) before the rows are read.
import type { ApplicationStatus } from '@contract/applications'
import type { Queryable } from '../../db'
import type { ApplicationView } from './repo'

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
  async page(q: Queryable, f: AppQueueFilter): Promise<{ rows: ApplicationView[]; total: number }> {
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
    const total = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM applications a ${sqlWhere}`, params)
    const rows = await q.query<ApplicationView>(
      `SELECT a.*, s.name AS service_name, d.name AS department_name, b.number AS bundle_number
         FROM (SELECT a.id, a.deadline FROM applications a ${sqlWhere} ORDER BY a.deadline, a.id LIMIT ${param(f.pageSize)} OFFSET ${param((f.page - 1) * f.pageSize)}) p
         JOIN applications a ON a.id = p.id
         JOIN services s ON s.code = a.service_code JOIN departments d ON d.code = a.department_code
         LEFT JOIN application_bundles b ON b.id = a.bundle_id
        ORDER BY a.deadline, a.id`,
      params,
    )
    return { rows: rows.rows, total: Number(total.rows[0].n) }
  },
}
