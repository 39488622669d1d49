// SQL for the 一屏观 figures. What sums by day — received by type, district, day and category, and every step count
// (dispatched, signed on time, closed, closed on time, rated, satisfied, answered, resolved, defaults) — is read
// from dashboard_daily (migration 018), which triggers keep exact in the same transaction as each change to the rows
// it counts. What cannot be summed by day — open and overdue now — is counted from the requests' partial index of
// open ones. The drill-down reads the raw rows (drill.repo.ts). Definitions: README "一网统管 figures".
import type { RequestStatus, RequestType } from '@contract/request'
import { shanghaiDate } from '@domain/calendar'
import { OPEN_STATES } from '@domain/workorder'
import type { Queryable } from '../../db'
import { candidatesOf } from '../similar/hotspots'

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

/** Numbered parameters for one statement. */
export class Params {
  readonly values: unknown[] = []
  add(value: unknown, cast: string): string {
    this.values.push(value)
    return `$${this.values.length}::${cast}`
  }
}

/**
 * "Open now", written out (constant states from domain/workorder) so the planner can use the partial index
 * requests_open_filed_idx, whose predicate is the same list (migration 018).
 */
export const OPEN_SQL = (alias: string) => `${alias}.status IN (${OPEN_STATES.map((x) => `'${x}'`).join(', ')})`

/** The request filters (district, type, category) on alias r. */
export function requestFilter(p: Params, s: Scope, alias = 'r'): string {
  let sql = ''
  if (s.district) sql += ` AND ${alias}.district = ${p.add(s.district, 'text')}`
  if (s.type) sql += ` AND ${alias}.type = ${p.add(s.type, 'text')}`
  if (s.category) {
    const c = p.add(s.category, 'text')
    sql += ` AND (${alias}.category = ${c} OR left(${alias}.category, length(${c}) + 1) = ${c} || '.')`
  }
  return sql
}

/**
 * A request counts for a department once it has been dispatched to it. Asked per request (a scalar subquery, one
 * probe of request_updates_dispatched_to_idx each): as a semi-join the planner would read every dispatch the
 * department ever had.
 */
export function dispatchedTo(p: Params, department: string): string {
  return ` AND COALESCE((SELECT true FROM request_updates d WHERE d.request_id = r.id AND d.action = 'dispatch'
                          AND d.data->>'departmentCode' = ${p.add(department, 'text')} LIMIT 1), false)`
}

/** A day range [from, to) as the whole months inside it and the days at its edges (YYYY-MM-DD, ends excluded). */
export function splitRange(from: string, to: string): { months: [string, string] | null; days: [string, string][] } {
  const monthOf = (day: string) => `${day.slice(0, 7)}-01`
  const nextMonth = (first: string) => {
    const [y, m] = first.split('-').map(Number)
    return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`
  }
  const first = from.endsWith('-01') ? from : nextMonth(monthOf(from))
  const end = monthOf(to)
  if (first >= end) return { months: null, days: from < to ? [[from, to]] : [] }
  const days: [string, string][] = []
  if (from < first) days.push([from, first])
  if (end < to) days.push([end, to])
  return { months: [first, end], days }
}

const COUNT_SQL = 'd.received, d.dispatched, d.signed_on_time, d.closed, d.closed_on_time, d.rated, d.satisfied, d.answered, d.resolved, d.defaults'

/** The scope's filters on summary rows: the request's columns, and its department's rows only when one is asked for. */
function summaryFilter(p: Params, s: Scope): string {
  return `${requestFilter(p, s, 'd')}${s.department ? ` AND d.department_code = ${p.add(s.department, 'text')}` : ''}`
}

/** Whether a scope's summary rows can come from the district rollups (migration 026): a district, and no category. */
export const byDistrict = (s: Scope): boolean => Boolean(s.district && !s.category)

/**
 * The summary rows of the days [from, to) in scope (department, district, type, category and the counts): the whole
 * months from the monthly table, the days at its edges from the daily one — dashboard_monthly / dashboard_daily
 * (migration 019), or for a district's view that needs no category dashboard_district_months / _days (migration 026,
 * keyed by district first; their rows say category '').
 */
function summaryRows(p: Params, s: Scope, from: string, to: string, needsCategory = false): string {
  const { months, days } = splitRange(from, to)
  const parts: string[] = []
  const district = !needsCategory && byDistrict(s)
  const [daily, monthly] = district ? ['dashboard_district_days', 'dashboard_district_months'] : ['dashboard_daily', 'dashboard_monthly']
  const columns = `d.department_code, d.district, d.type, ${district ? "''::text AS category" : 'd.category'}, ${COUNT_SQL}`
  if (days.length) {
    const ranges = days.map(([a, b]) => `(d.day >= ${p.add(a, 'date')} AND d.day < ${p.add(b, 'date')})`).join(' OR ')
    parts.push(`SELECT ${columns} FROM ${daily} d WHERE (${ranges})${summaryFilter(p, s)}`)
  }
  if (months) parts.push(`SELECT ${columns} FROM ${monthly} d WHERE d.month >= ${p.add(months[0], 'date')} AND d.month < ${p.add(months[1], 'date')}${summaryFilter(p, s)}`)
  return parts.length ? parts.join(' UNION ALL ') : `SELECT ${columns} FROM ${daily} d WHERE false`
}

/**
 * Received: in the city, the '' rows (every request); for a department, its rows (requests dispatched to it).
 * Steps: every row in scope.
 */
const receivedSum = (s: Scope, alias = 'x') => (s.department ? `sum(${alias}.received)` : `sum(${alias}.received) FILTER (WHERE ${alias}.department_code = '')`)

/** Counts of one group of summary rows. */
export interface Counts {
  received: number
  dispatched: number
  signed_on_time: number
  closed: number
  closed_on_time: number
  rated: number
  satisfied: number
  answered: number
  resolved: number
  defaults: number
}

export interface SummaryGroup extends Counts {
  /** Which grouping: the whole period, by day, department, type or district (the other keys are null). */
  by: 'total' | 'day' | 'department' | 'type' | 'district'
  day: string | null
  /** '' for the steps of no department. */
  department_code: string | null
  type: RequestType | null
  district: string | null
}

export interface OpenGroup {
  /** Null: the total; else the department holding them now. */
  department_code: string | null
  total: boolean
  open: number
  overdue: number
}

export interface LocatedRow {
  request_id: string
  category: string
  lat: number
  lng: number
  filed_at: Date
  number: string
  status: RequestStatus
}

const COUNT_COLUMNS = ['dispatched', 'signed_on_time', 'closed', 'closed_on_time', 'rated', 'satisfied', 'answered', 'resolved', 'defaults'] as const
const countsOf = (g: Record<string, unknown>): Counts => {
  const out = { received: Number(g.received ?? 0) } as Counts
  for (const c of COUNT_COLUMNS) out[c] = Number(g[c] ?? 0)
  return out
}

/** One packed place: uuid_send(id) (16 bytes), float8send(lat), float8send(lng) (8 bytes each, big-endian). */
const PLACE_BYTES = 32

/** A bytea as a Buffer (node-postgres gives a Buffer, PGlite a Uint8Array). */
const asBuffer = (x: Uint8Array): Buffer => (Buffer.isBuffer(x) ? x : Buffer.from(x.buffer, x.byteOffset, x.byteLength))

/** The uuid at offset o of a packed buffer, as text. */
function uuidAt(buf: Buffer, o: number): string {
  const h = buf.toString('hex', o, o + 16)
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

/** Packed uuids (16 bytes each) as a set of 16-character keys. */
function idKeys(packed: Uint8Array | null): Set<string> {
  const out = new Set<string>()
  if (!packed) return out
  const buf = asBuffer(packed)
  for (let o = 0; o < buf.length; o += 16) out.add(buf.toString('latin1', o, o + 16))
  return out
}

export const dashboardRepo = {
  /** The period's counts in total, by department, by type and by district; and by day (the trend). */
  async summary(q: Queryable, s: Scope): Promise<SummaryGroup[]> {
    const from = shanghaiDate(s.from)
    const to = shanghaiDate(s.to)
    const sums = (alias: string) => COUNT_COLUMNS.map((c) => `sum(${alias}.${c}) AS ${c}`).join(', ')
    const p = new Params()
    const groups = q.query<Record<string, unknown>>(
      `SELECT GROUPING(x.department_code, x.type, x.district) AS g, x.department_code, x.type, x.district,
              ${receivedSum(s)} AS received, ${sums('x')}
         FROM (${summaryRows(p, s, from, to)}) x
        GROUP BY GROUPING SETS ((), (x.department_code), (x.type), (x.district))`,
      p.values,
    )
    // The trend: per day and department alone (dashboard_days) unless the scope filters on the request's columns; a
    // district's from its own rollup.
    const t = new Params()
    const table = byDistrict(s) ? 'dashboard_district_days' : s.district || s.type || s.category ? 'dashboard_daily' : 'dashboard_days'
    const trend = q.query<Record<string, unknown>>(
      `SELECT to_char(d.day, 'YYYY-MM-DD') AS day, ${receivedSum(s, 'd')} AS received, ${sums('d')}
         FROM ${table} d
        WHERE d.day >= ${t.add(from, 'date')} AND d.day < ${t.add(to, 'date')}${summaryFilter(t, s)}
        GROUP BY d.day`,
      t.values,
    )
    const BY: Record<number, SummaryGroup['by']> = { 7: 'total', 3: 'department', 5: 'type', 6: 'district' }
    const none = { day: null, department_code: null, type: null, district: null }
    return [
      ...(await groups).rows.map((g) => ({
        ...none,
        by: BY[Number(g.g)],
        department_code: g.department_code as string | null,
        type: g.type as RequestType | null,
        district: g.district === '' ? null : (g.district as string | null),
        ...countsOf(g),
      })),
      ...(await trend).rows.map((g) => ({ ...none, by: 'day' as const, day: g.day as string, ...countsOf(g) })),
    ]
  },

  /**
   * One count of the whole period from the summary: from dashboard_days when the scope filters on no column of the
   * request (received in the city: the '' rows), else from the full-key rows. The same sums the figures show.
   */
  async total(q: Queryable, s: Scope, column: keyof Counts): Promise<number> {
    const p = new Params()
    const [from, to] = [shanghaiDate(s.from), shanghaiDate(s.to)]
    const sum = column === 'received' ? receivedSum(s) : `sum(x.${column})`
    const sql =
      s.district || s.type || s.category
        ? `SELECT COALESCE(${sum}, 0) AS n FROM (${summaryRows(p, s, from, to)}) x`
        : `SELECT COALESCE(${sum}, 0) AS n FROM dashboard_days x
            WHERE x.day >= ${p.add(from, 'date')} AND x.day < ${p.add(to, 'date')}${s.department ? ` AND x.department_code = ${p.add(s.department, 'text')}` : ''}`
    return Number((await q.query<{ n: number }>(sql, p.values)).rows[0].n)
  },

  /** Received per category in the period and in the period of the same length before it. */
  async categories(q: Queryable, s: Scope, previousFrom: Date): Promise<{ category: string; received: number; previous: number }[]> {
    const p = new Params()
    const from = shanghaiDate(s.from)
    // For a department its own rows (summaryFilter); for the city the rows of every request.
    const city = s.department ? '' : ` AND x.department_code = ''`
    const r = await q.query<{ category: string; received: number; previous: number }>(
      `SELECT x.category, COALESCE(sum(x.received) FILTER (WHERE x.current), 0) AS received,
              COALESCE(sum(x.received) FILTER (WHERE NOT x.current), 0) AS previous
         FROM (SELECT true AS current, c.* FROM (${summaryRows(p, s, from, shanghaiDate(s.to), true)}) c
               UNION ALL
               SELECT false, c.* FROM (${summaryRows(p, s, shanghaiDate(previousFrom), from, true)}) c) x
        WHERE x.category <> ''${city}
        GROUP BY x.category`,
      p.values,
    )
    return r.rows.map((c) => ({ category: c.category, received: Number(c.received), previous: Number(c.previous) }))
  },

  /**
   * Of the requests received in the period: open now and past their deadline now, in total and by the department
   * holding them (with a department: those in its hands, dispatched to it). Reads only the open requests' partial
   * index (requests_open_filed_idx) — a figure of "now" is not summed by day.
   */
  async open(q: Queryable, s: Scope): Promise<OpenGroup[]> {
    const p = new Params()
    // Held by the department: only a dispatch to it sets a request's department_code (transition.ts), so no check of
    // its dispatch rows is needed.
    const held = s.department ? ` AND r.department_code = ${p.add(s.department, 'text')}` : ''
    const r = await q.query<OpenGroup>(
      `SELECT r.department_code, GROUPING(r.department_code) = 1 AS total, count(*) AS open,
              count(*) FILTER (WHERE r.deadline < ${p.add(s.now, 'timestamptz')}) AS overdue
         FROM requests r
        WHERE ${OPEN_SQL('r')} AND r.filed_at >= ${p.add(s.from, 'timestamptz')} AND r.filed_at < ${p.add(s.to, 'timestamptz')}
              ${requestFilter(p, s)}${held}
        GROUP BY GROUPING SETS ((), (r.department_code))`,
      p.values,
    )
    return r.rows.map((g) => ({ ...g, open: Number(g.open), overdue: Number(g.overdue) }))
  },

  /**
   * The hotspot rows: located, categorised, unmerged requests in scope filed in [from, to) that can be in a cluster,
   * oldest first. Two reads: every such request's place from the covering index requests_located_idx (migration 026:
   * no table rows), packed per category as one bytea of (id, lat, lng) records — a city week is ~19,000 places, and as
   * rows their parsing and garbage cost more than the read; candidatesOf narrows them to those within 500 m of a
   * request with ≥ 5 of its category within 500 m; then the rows of only those (a few hundred). Clustering the
   * candidates gives the clusters of every row (see candidatesOf). A department's are the requests dispatched to it:
   * those among its dispatches since `from` (request_updates_dispatch_department_idx) — a request is dispatched after it
   * is filed, so a request filed in the window was dispatched at or after its start.
   */
  async located(q: Queryable, s: Scope, from: Date, to: Date): Promise<LocatedRow[]> {
    const p = new Params()
    const placesRead = q.query<{ category: string; packed: Uint8Array }>(
      `SELECT r.category, string_agg(uuid_send(r.id) || float8send(r.lat) || float8send(r.lng), ''::bytea) AS packed
         FROM requests r
        WHERE r.filed_at >= ${p.add(from, 'timestamptz')} AND r.filed_at < ${p.add(to, 'timestamptz')}
          AND r.category IS NOT NULL AND r.lat IS NOT NULL AND r.lng IS NOT NULL AND r.status <> 'merged'
              ${requestFilter(p, s)}
        GROUP BY r.category`,
      p.values,
    )
    // A department's: intersected here, not joined — the planner misjudges the dispatch index's expression and probes
    // requests one by one (35–160 ms); two index reads and a Set take a few.
    const dispatchedRead = s.department
      ? q.query<{ ids: Uint8Array | null }>(
          `SELECT string_agg(uuid_send(d.request_id), ''::bytea) AS ids FROM request_updates d
            WHERE d.action = 'dispatch' AND d.data->>'departmentCode' = $1 AND d.created_at >= $2`,
          [s.department, from],
        )
      : null
    const [places, dispatched] = await Promise.all([placesRead, dispatchedRead])
    const dispatchedIds = dispatched ? idKeys(dispatched.rows[0]?.ids ?? null) : null
    const candidates: string[] = []
    for (const { packed } of places.rows) {
      const buf = asBuffer(packed)
      let at = [...Array(buf.length / PLACE_BYTES).keys()].map((i) => i * PLACE_BYTES)
      if (dispatchedIds) at = at.filter((o) => dispatchedIds.has(buf.toString('latin1', o, o + 16)))
      const keep = candidatesOf(Float64Array.from(at, (o) => buf.readDoubleBE(o + 16)), Float64Array.from(at, (o) => buf.readDoubleBE(o + 24)))
      at.forEach((o, i) => {
        if (keep[i]) candidates.push(uuidAt(buf, o))
      })
    }
    if (candidates.length === 0) return []
    const r = await q.query<LocatedRow>(
      `SELECT r.id AS request_id, r.category, r.lat, r.lng, r.filed_at, r.number, r.status
         FROM requests r
        WHERE r.id = ANY($1::uuid[]) AND r.status <> 'merged'
        ORDER BY r.filed_at, r.number`,
      [candidates],
    )
    return r.rows
  },

  async departmentNames(q: Queryable): Promise<Map<string, string>> {
    const r = await q.query<{ code: string; name: string; short_name: string | null }>('SELECT code, name, short_name FROM departments')
    return new Map(r.rows.map((d) => [d.code, d.short_name ?? d.name]))
  },
}
