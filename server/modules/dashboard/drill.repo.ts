// SQL for the drill-down: the raw rows behind each figure. Every figure counts the rows of one "source" — requests
// filed in the period, or the update rows of one kind of step (dispatch, close/answer, rate/revisit) made in the
// period — that satisfy one predicate (METRICS). The figures themselves are read from dashboard_daily (repo.ts,
// migration 018), whose counts follow the same predicates; the drill-down lists the rows, and its total is the
// figure's own sum from the summary (open and overdue: counted from the rows) — test/server/dashboard-summary.test.ts
// lists every row of each drill-down and checks the list is as long as the figure. Definitions: README "一网统管 figures".
import type { RequestStatus, RequestType } from '@contract/request'
import type { DashboardMetric } from '@contract/dashboard'
import { SATISFIED_MIN_LEVEL } from '@domain/dashboard'
import type { Queryable } from '../../db'
import { dashboardRepo, dispatchedTo, OPEN_SQL, Params, requestFilter, type Counts, type Scope } from './repo'

type Source = 'received' | 'dispatches' | 'closings' | 'ratings'

/** Which rows each figure counts: a source and a predicate over its columns. */
export const METRICS: Record<DashboardMetric, { source: Source; where: string }> = {
  received: { source: 'received', where: 'true' },
  open: { source: 'received', where: 's.is_open' },
  overdue: { source: 'received', where: 's.is_overdue' },
  dispatched: { source: 'dispatches', where: 'true' },
  'signed-on-time': { source: 'dispatches', where: 's.ok' },
  closed: { source: 'closings', where: 'true' },
  'closed-on-time': { source: 'closings', where: 's.ok' },
  rated: { source: 'ratings', where: 'true' },
  satisfied: { source: 'ratings', where: `s.level >= ${SATISFIED_MIN_LEVEL}` },
  'rated-default': { source: 'ratings', where: 's.is_default' },
  'resolution-answered': { source: 'ratings', where: 's.resolved IS NOT NULL' },
  resolved: { source: 'ratings', where: 's.resolved' },
}

/**
 * The summary column each summable figure is (migration 018's definitions): the drill-down's total is read from the
 * summary like the figure itself — the summary test lists every row of each drill-down and checks they are as many.
 * Open and overdue are counts of "now", not summed by day: counted from the rows.
 */
const SUMMARY_COLUMN: Partial<Record<DashboardMetric, keyof Counts>> = {
  received: 'received',
  dispatched: 'dispatched',
  'signed-on-time': 'signed_on_time',
  closed: 'closed',
  'closed-on-time': 'closed_on_time',
  rated: 'rated',
  satisfied: 'satisfied',
  'rated-default': 'defaults',
  'resolution-answered': 'answered',
  resolved: 'resolved',
}

/** Whether the scope filters on the request's own columns (the step sources then join requests). */
const filtersRequests = (s: Scope) => Boolean(s.district || s.type || s.category)

/** The rows of a source: request_id, at, department_code and the source's own flags. */
function sourceSql(source: Source, p: Params, s: Scope): string {
  const from = p.add(s.from, 'timestamptz')
  const to = p.add(s.to, 'timestamptz')
  if (source === 'received') {
    // Open / overdue: in the department's hands now when a department is asked for.
    const held = s.department ? ` AND r.department_code = ${p.add(s.department, 'text')}` : ''
    const open = `(${OPEN_SQL('r')}${held})`
    return `SELECT r.id AS request_id, r.filed_at AS at, r.department_code,
                   ${open} AS is_open, ${open} AND r.deadline < ${p.add(s.now, 'timestamptz')} AS is_overdue
              FROM requests r
             WHERE r.filed_at >= ${from} AND r.filed_at < ${to}${requestFilter(p, s)}${s.department ? dispatchedTo(p, s.department) : ''}`
  }
  const step = { dispatches: `u.action = 'dispatch'`, closings: `u.action IN ('close', 'answer')`, ratings: `u.action IN ('rate', 'revisit')` }[source]
  const deptKey = source === 'dispatches' ? 'departmentCode' : 'handledBy'
  const dept = s.department ? ` AND u.data->>'${deptKey}' = ${p.add(s.department, 'text')}` : ''
  const common = `u.request_id, u.created_at AS at, u.data->>'${deptKey}' AS department_code`
  // The request row is read only when the scope filters on it.
  const join = filtersRequests(s) ? ' JOIN requests r ON r.id = u.request_id' : ''
  const where = `WHERE ${step} AND u.created_at >= ${from} AND u.created_at < ${to}${requestFilter(p, s)}${dept}`
  if (source === 'dispatches') {
    // Signed on time: the step after this dispatch (a 签收 or a 退单; nothing else can follow 已派单) is a 签收 made
    // by the dispatch's 签收 deadline.
    return `SELECT ${common},
                   COALESCE(n.action = 'sign' AND n.created_at <= (u.data->>'signDeadline')::timestamptz, false) AS ok
              FROM request_updates u${join}
              LEFT JOIN LATERAL (SELECT x.action, x.created_at FROM request_updates x
                                  WHERE x.request_id = u.request_id AND x.id > u.id AND x.action IN ('sign', 'return')
                                  ORDER BY x.id LIMIT 1) n ON true
             ${where}`
  }
  if (source === 'closings') {
    return `SELECT ${common}, COALESCE(u.created_at <= (u.data->>'deadline')::timestamptz, false) AS ok
              FROM request_updates u${join} ${where}`
  }
  // A rating an upheld 申诉复核 excluded (a 'rating-excluded' row of the request naming it) is not counted.
  return `SELECT ${common}, (u.data->>'level')::int AS level, (u.data->>'resolved')::boolean AS resolved,
                 COALESCE((u.data->>'default')::boolean, false) AS is_default
            FROM request_updates u${join} ${where}
             AND NOT EXISTS (SELECT 1 FROM request_updates x WHERE x.request_id = u.request_id AND x.action = 'rating-excluded'
                                AND x.data->>'ratingUpdateId' = u.id::text)`
}

export interface DrillRow {
  id: string
  number: string
  type: RequestType
  category: string | null
  content: string
  district: string | null
  status: RequestStatus
  filed_at: Date
  deadline: Date
  at: Date
  counted_department: string | null
}

export const drillRepo = {
  /** The rows a metric counts: how many, and one page of them (newest step first). */
  async drill(q: Queryable, metric: DashboardMetric, s: Scope, page: number, pageSize: number): Promise<{ total: number; rows: DrillRow[] }> {
    const { source, where } = METRICS[metric]
    const p = new Params()
    const src = sourceSql(source, p, s)
    const column = SUMMARY_COLUMN[metric]
    const total = column
      ? dashboardRepo.total(q, s, column)
      : q.query<{ n: number }>(`SELECT count(*) AS n FROM (${src}) s WHERE ${where}`, [...p.values]).then((r) => Number(r.rows[0].n))
    const limit = p.add(pageSize, 'int')
    const offset = p.add((page - 1) * pageSize, 'int')
    const rows = q.query<DrillRow>(
      `SELECT r.id, r.number, r.type, r.category, r.content, r.district, r.status, r.filed_at, r.deadline,
              s.at, s.department_code AS counted_department
         FROM (${src}) s JOIN requests r ON r.id = s.request_id
        WHERE ${where}
        ORDER BY s.at DESC, r.number DESC
        LIMIT ${limit} OFFSET ${offset}`,
      p.values,
    )
    const [n, r] = await Promise.all([total, rows])
    return { total: n, rows: r.rows }
  },
}
