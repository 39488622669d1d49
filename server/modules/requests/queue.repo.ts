// SQL for the staff workbench's queue: one page of requests by deadline, narrowed by scope, queue, status and overdue.
import { OPEN_STATES, UNDISPATCHED_STATES } from '@domain/workorder'
import type { RequestStatus } from '@contract/request'
import type { Queryable } from '../../db'
import { DISPATCH_STARTED_SQL, type RequestRow } from './repo'

export interface QueueFilter {
  /** Whose requests: every department's, one department's, or none (a role without a queue). */
  scope: { kind: 'all' } | { kind: 'department'; code: string | null } | { kind: 'none' }
  /** The queue's states; with `orExtensionPending`, also any request with an extension to decide. */
  queue: { states: readonly RequestStatus[]; orExtensionPending: boolean } | null
  statuses: readonly RequestStatus[] | null
  /** true: past the close deadline, or past the dispatch deadline and still not dispatched; false: neither. */
  overdue: boolean | undefined
  now: Date
  page: number
  pageSize: number
}

export type QueueRow = RequestRow & { dispatch_started_at: Date }

export const queueRepo = {
  async page(q: Queryable, f: QueueFilter): Promise<{ rows: QueueRow[]; total: number }> {
    const where: string[] = []
    const params: unknown[] = []
    const param = (value: unknown) => {
      params.push(value)
      return `$${params.length}`
    }
    if (f.scope.kind === 'department') where.push(`department_code = ${param(f.scope.code)}`)
    else if (f.scope.kind === 'none') where.push('FALSE')
    if (f.queue) {
      const inQueue = `status = ANY(${param(f.queue.states)}::text[])`
      where.push(f.queue.orExtensionPending ? `(${inQueue} OR extension_days IS NOT NULL)` : inQueue)
    }
    if (f.statuses) where.push(`status = ANY(${param(f.statuses)}::text[])`)
    if (f.overdue !== undefined) {
      const at = param(f.now)
      const cond = `((deadline < ${at} AND status = ANY(${param(OPEN_STATES)}::text[])) OR (dispatch_deadline < ${at} AND status = ANY(${param(UNDISPATCHED_STATES)}::text[])))`
      where.push(f.overdue ? cond : `NOT ${cond}`)
    }
    const sqlWhere = where.length ? `WHERE ${where.join(' AND ')}` : ''
    const total = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM requests ${sqlWhere}`, params)
    const rows = await q.query<QueueRow>(
      `SELECT *, ${DISPATCH_STARTED_SQL} AS dispatch_started_at FROM requests ${sqlWhere}
        ORDER BY deadline, filed_at, number LIMIT ${param(f.pageSize)} OFFSET ${param((f.page - 1) * f.pageSize)}`,
      params,
    )
    return { rows: rows.rows, total: Number(total.rows[0].n) }
  },
}
