// SQL for the 一屏观 figures. Every figure counts the rows of one "source" — requests filed in the period, or the
// update rows of one kind of step (dispatch, close/answer, rate/revisit) made in the period — that satisfy one
// predicate (METRICS). The figures are counts over those rows, and the drill-down lists the very same rows, so a
// number and the list behind it cannot disagree. Definitions: README "一网统管 figures".
import type { RequestStatus, RequestType } from '@contract/request'
import type { DashboardMetric } from '@contract/dashboard'
import { OPEN_STATES } from '@domain/workorder'
import { SATISFIED_MIN_LEVEL } from '@domain/dashboard'
import type { Queryable } from '../../db'

/** What every query is limited to. Null: no filter. */
export interface Scope {
  /** Start of the first day and start of the day after the last (Asia/Shanghai), as instants. */
  from: Date
  to: Date
  district: string | null
  department: string | null
  type: RequestType | null
  category: string | null
  now: Date
}

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
  'resolution-answered': { source: 'ratings', where: 's.resolved IS NOT NULL' },
  resolved: { source: 'ratings', where: 's.resolved' },
}

/** Numbered parameters for one statement. */
class Params {
  readonly values: unknown[] = []
  add(value: unknown, cast: string): string {
    this.values.push(value)
    return `$${this.values.length}::${cast}`
  }
}

/** Whether the scope filters on the request's own columns (the step sources then join requests). */
const filtersRequests = (s: Scope) => Boolean(s.district || s.type || s.category)

/** The request filters (district, type, category) on alias r. */
function requestFilter(p: Params, s: Scope): string {
  let sql = ''
  if (s.district) sql += ` AND r.district = ${p.add(s.district, 'text')}`
  if (s.type) sql += ` AND r.type = ${p.add(s.type, 'text')}`
  if (s.category) {
    const c = p.add(s.category, 'text')
    sql += ` AND (r.category = ${c} OR left(r.category, length(${c}) + 1) = ${c} || '.')`
  }
  return sql
}

/**
 * A request counts for a department once it has been dispatched to it. Asked per request of the period (a scalar
 * subquery, one probe of request_updates_dispatched_to_idx each): as a semi-join the planner would read every
 * dispatch the department ever had.
 */
function dispatchedTo(p: Params, department: string): string {
  return ` AND COALESCE((SELECT true FROM request_updates d WHERE d.request_id = r.id AND d.action = 'dispatch'
                          AND d.data->>'departmentCode' = ${p.add(department, 'text')} LIMIT 1), false)`
}

/** The Asia/Shanghai date of an instant (a date: grouped on, then written as text once per group by DAY_TEXT). */
const DAY_SQL = (col: string) => `((${col} AT TIME ZONE 'UTC') + interval '8 hours')::date`
const DAY_TEXT = (col: string) => `to_char(${DAY_SQL(col)}, 'YYYY-MM-DD')`

/** The rows of a source: request_id, at, department_code and the source's own flags (received: also type, district). */
function sourceSql(source: Source, p: Params, s: Scope): string {
  const from = p.add(s.from, 'timestamptz')
  const to = p.add(s.to, 'timestamptz')
  if (source === 'received') {
    // Open / overdue: in the department's hands now when a department is asked for.
    const held = s.department ? ` AND r.department_code = ${p.add(s.department, 'text')}` : ''
    const open = `(r.status = ANY(${p.add(OPEN_STATES, 'text[]')})${held})`
    return `SELECT r.id AS request_id, r.filed_at AS at, r.department_code, r.type, r.district,
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
  return `SELECT ${common}, (u.data->>'level')::int AS level, (u.data->>'resolved')::boolean AS resolved
            FROM request_updates u${join} ${where}`
}

export interface ReceivedGroup {
  /** Set for the (type, district, day) groups; null in the per-department groups. */
  type: RequestType | null
  district: string | null
  day: string | null
  /** Set for the per-department groups of open requests (department_group true). */
  department_code: string | null
  department_group: boolean
  n: number
  open: number
  overdue: number
}

export interface StepGroup {
  department_code: string | null
  day: string
  n: number
  /** dispatches/closings: on time. ratings: satisfied. */
  ok: number
  /** ratings only: answered 问题是否解决, and answered yes. */
  answered: number
  resolved: number
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

const int = (v: unknown) => Number(v)

export const dashboardRepo = {
  /** Received requests by type, district and day; and the open/overdue ones by the department holding them. */
  async received(q: Queryable, s: Scope): Promise<ReceivedGroup[]> {
    const p = new Params()
    const r = await q.query<ReceivedGroup>(
      `SELECT s.type, s.district, ${DAY_TEXT('s.at')} AS day, s.department_code, GROUPING(s.department_code) = 0 AS department_group,
              count(*) AS n, count(*) FILTER (WHERE s.is_open) AS open, count(*) FILTER (WHERE s.is_overdue) AS overdue
         FROM (${sourceSql('received', p, s)}) s
        GROUP BY GROUPING SETS ((s.type, s.district, ${DAY_SQL('s.at')}), (s.department_code))`,
      p.values,
    )
    return r.rows.map((g) => ({ ...g, n: int(g.n), open: int(g.open), overdue: int(g.overdue) }))
  },

  /** One kind of step by department and day, with its on-time (or satisfied / resolved) counts. */
  async steps(q: Queryable, source: 'dispatches' | 'closings' | 'ratings', s: Scope): Promise<StepGroup[]> {
    const p = new Params()
    const flags =
      source === 'ratings'
        ? `count(*) FILTER (WHERE ${METRICS.satisfied.where}) AS ok, count(*) FILTER (WHERE s.resolved IS NOT NULL) AS answered,
           count(*) FILTER (WHERE s.resolved) AS resolved`
        : 'count(*) FILTER (WHERE s.ok) AS ok, 0 AS answered, 0 AS resolved'
    const r = await q.query<StepGroup>(
      `SELECT s.department_code, ${DAY_TEXT('s.at')} AS day, count(*) AS n, ${flags}
         FROM (${sourceSql(source, p, s)}) s
        GROUP BY s.department_code, ${DAY_SQL('s.at')}`,
      p.values,
    )
    return r.rows.map((g) => ({ ...g, n: int(g.n), ok: int(g.ok), answered: int(g.answered), resolved: int(g.resolved) }))
  },

  /** Received per category in the period and in the period of the same length before it. */
  async categories(q: Queryable, s: Scope, previousFrom: Date): Promise<{ category: string; received: number; previous: number }[]> {
    const p = new Params()
    const from = p.add(s.from, 'timestamptz')
    const r = await q.query<{ category: string; received: number; previous: number }>(
      `SELECT r.category, count(*) FILTER (WHERE r.filed_at >= ${from}) AS received, count(*) FILTER (WHERE r.filed_at < ${from}) AS previous
         FROM requests r
        WHERE r.filed_at >= ${p.add(previousFrom, 'timestamptz')} AND r.filed_at < ${p.add(s.to, 'timestamptz')} AND r.category IS NOT NULL
              ${requestFilter(p, s)}${s.department ? dispatchedTo(p, s.department) : ''}
        GROUP BY r.category`,
      p.values,
    )
    return r.rows.map((c) => ({ category: c.category, received: int(c.received), previous: int(c.previous) }))
  },

  /** Located, categorised, unmerged requests in scope filed in [from, to), oldest first (the hotspot rows). */
  async located(
    q: Queryable,
    s: Scope,
    from: Date,
    to: Date,
  ): Promise<{ request_id: string; category: string; lat: number; lng: number; filed_at: Date; number: string; status: RequestStatus }[]> {
    const p = new Params()
    const r = await q.query<{ request_id: string; category: string; lat: number; lng: number; filed_at: Date; number: string; status: RequestStatus }>(
      `SELECT r.id AS request_id, r.category, r.lat, r.lng, r.filed_at, r.number, r.status
         FROM requests r
        WHERE r.filed_at >= ${p.add(from, 'timestamptz')} AND r.filed_at < ${p.add(to, 'timestamptz')}
          AND r.category IS NOT NULL AND r.lat IS NOT NULL AND r.lng IS NOT NULL AND r.status <> 'merged'
              ${requestFilter(p, s)}${s.department ? dispatchedTo(p, s.department) : ''}
        ORDER BY r.filed_at, r.number`,
      p.values,
    )
    return r.rows
  },

  /** The rows a metric counts: how many, and one page of them (newest step first). */
  async drill(q: Queryable, metric: DashboardMetric, s: Scope, page: number, pageSize: number): Promise<{ total: number; rows: DrillRow[] }> {
    const { source, where } = METRICS[metric]
    const p = new Params()
    const src = sourceSql(source, p, s)
    const total = await q.query<{ n: number }>(`SELECT count(*) AS n FROM (${src}) s WHERE ${where}`, p.values)
    const limit = p.add(pageSize, 'int')
    const offset = p.add((page - 1) * pageSize, 'int')
    const r = await q.query<DrillRow>(
      `SELECT r.id, r.number, r.type, r.category, r.content, r.district, r.status, r.filed_at, r.deadline,
              s.at, s.department_code AS counted_department
         FROM (${src}) s JOIN requests r ON r.id = s.request_id
        WHERE ${where}
        ORDER BY s.at DESC, r.number DESC
        LIMIT ${limit} OFFSET ${offset}`,
      p.values,
    )
    return { total: int(total.rows[0].n), rows: r.rows }
  },

  async departmentNames(q: Queryable): Promise<Map<string, string>> {
    const r = await q.query<{ code: string; name: string; short_name: string | null }>('SELECT code, name, short_name FROM departments')
    return new Map(r.rows.map((d) => [d.code, d.short_name ?? d.name]))
  },
}
