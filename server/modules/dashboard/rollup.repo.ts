// SQL for the views that filter on no column of the request (the city's, and a department's): they never read the full
// (district, type, category) key of dashboard_daily. The total, the department table and the trend come from
// dashboard_days (migration 019: per day and department); received by type, by district and by category from
// dashboard_received_days / dashboard_received_months (migration 024: per department's rows — '' the city's — and day
// or month, one row per value of each of the three columns), the whole months of the period from the monthly table and
// its edge days from the daily one. Triggers keep both exactly the sums of dashboard_daily (the summary test checks it).
// Also a district's categories (districtCategories, migration 026's district-first received rollups); a district's
// counts and trend read 026's other rollups through repo.ts summaryRows.
import type { RequestType } from '@contract/request'
import type { Queryable } from '../../db'
import { byDistrict, Params, splitRange, type Scope, type SummaryGroup } from './repo'

const COUNT_COLUMNS = ['dispatched', 'signed_on_time', 'closed', 'closed_on_time', 'rated', 'satisfied', 'answered', 'resolved', 'defaults'] as const
type Dim = 'category' | 'district' | 'type'

/** Whether the scope filters on the request's own columns (then only dashboard_daily has the key). */
export const filtersRequest = (s: Scope): boolean => Boolean(s.district || s.type || s.category)

/** Received per (dimension, value) of the days [from, to), of the department's rows ('' the city's). */
function receivedRows(p: Params, department: string, dims: Dim[], from: string, to: string): string {
  const { months, days } = splitRange(from, to)
  const dept = p.add(department, 'text')
  const dimIn = `d.dim IN (${dims.map((d) => `'${d}'`).join(', ')})`
  const parts: string[] = []
  if (days.length) {
    const ranges = days.map(([a, b]) => `(d.day >= ${p.add(a, 'date')} AND d.day < ${p.add(b, 'date')})`).join(' OR ')
    parts.push(`SELECT d.dim, d.value, d.received FROM dashboard_received_days d WHERE d.department_code = ${dept} AND (${ranges}) AND ${dimIn}`)
  }
  if (months) {
    parts.push(`SELECT d.dim, d.value, d.received FROM dashboard_received_months d
                 WHERE d.department_code = ${dept} AND d.month >= ${p.add(months[0], 'date')} AND d.month < ${p.add(months[1], 'date')} AND ${dimIn}`)
  }
  return parts.length ? parts.join(' UNION ALL ') : `SELECT d.dim, d.value, d.received FROM dashboard_received_days d WHERE false`
}

const none = { day: null, department_code: null, type: null, district: null }
const zero = Object.fromEntries(COUNT_COLUMNS.map((c) => [c, 0])) as Record<(typeof COUNT_COLUMNS)[number], number>

export const rollupRepo = {
  /**
   * The period's counts in total, by department and by day (dashboard_days), and received by type and by district
   * (dashboard_received_*), for a scope that filters on no column of the request. Days are YYYY-MM-DD, [from, to).
   */
  async summary(q: Queryable, s: Scope, from: string, to: string): Promise<SummaryGroup[]> {
    const d = new Params()
    const sums = COUNT_COLUMNS.map((c) => `sum(d.${c}) AS ${c}`).join(', ')
    // Received: in the city the '' rows (every request), for a department its rows (requests dispatched to it).
    const received = s.department ? 'sum(d.received)' : `sum(d.received) FILTER (WHERE d.department_code = '')`
    const days = q.query<Record<string, unknown>>(
      `SELECT GROUPING(d.department_code, d.day) AS g, d.department_code, to_char(d.day, 'YYYY-MM-DD') AS day,
              ${received} AS received, ${sums}
         FROM dashboard_days d
        WHERE d.day >= ${d.add(from, 'date')} AND d.day < ${d.add(to, 'date')}${s.department ? ` AND d.department_code = ${d.add(s.department, 'text')}` : ''}
        GROUP BY GROUPING SETS ((), (d.department_code), (d.day))`,
      d.values,
    )
    const r = new Params()
    const values = q.query<{ dim: Dim; value: string; received: number }>(
      `SELECT x.dim, x.value, sum(x.received) AS received FROM (${receivedRows(r, s.department ?? '', ['district', 'type'], from, to)}) x
        GROUP BY x.dim, x.value`,
      r.values,
    )
    const counts = (g: Record<string, unknown>) => {
      const out = { received: Number(g.received ?? 0) } as SummaryGroup
      for (const c of COUNT_COLUMNS) out[c] = Number(g[c] ?? 0)
      return out
    }
    const BY: Record<number, SummaryGroup['by']> = { 3: 'total', 1: 'department', 2: 'day' }
    return [
      ...(await days).rows.map((g) => {
        const by = BY[Number(g.g)]
        return {
          ...counts(g),
          ...none,
          by,
          department_code: by === 'department' ? (g.department_code as string) : null,
          day: by === 'day' ? (g.day as string) : null,
        }
      }),
      ...(await values).rows.map((v) => ({
        ...zero,
        ...none,
        received: Number(v.received),
        by: v.dim as 'district' | 'type',
        type: v.dim === 'type' ? (v.value as RequestType) : null,
        district: v.dim === 'district' && v.value !== '' ? v.value : null,
      })),
    ]
  },

  /** Received per category in [from, to) and in [previousFrom, from) (YYYY-MM-DD), for a scope with no request filter. */
  async categories(q: Queryable, s: Scope, previousFrom: string, from: string, to: string): Promise<{ category: string; received: number; previous: number }[]> {
    const p = new Params()
    const department = s.department ?? ''
    const r = await q.query<{ category: string; received: number; previous: number }>(
      `SELECT x.value AS category, COALESCE(sum(x.received) FILTER (WHERE x.current), 0) AS received,
              COALESCE(sum(x.received) FILTER (WHERE NOT x.current), 0) AS previous
         FROM (SELECT true AS current, c.* FROM (${receivedRows(p, department, ['category'], from, to)}) c
               UNION ALL
               SELECT false, c.* FROM (${receivedRows(p, department, ['category'], previousFrom, from)}) c) x
        WHERE x.value <> ''
        GROUP BY x.value`,
      p.values,
    )
    return r.rows.map((c) => ({ category: c.category, received: Number(c.received), previous: Number(c.previous) }))
  },

  /**
   * The same for a district's view (a district, perhaps a type and a department, no category): from
   * dashboard_district_received_days / _months (migration 026), keyed by district first.
   */
  async districtCategories(q: Queryable, s: Scope, previousFrom: string, from: string, to: string): Promise<{ category: string; received: number; previous: number }[]> {
    if (!byDistrict(s)) throw new Error('districtCategories: the scope names no district or filters by category')
    const p = new Params()
    const rows = (a: string, b: string) => {
      const { months, days } = splitRange(a, b)
      const where = `d.district = ${p.add(s.district, 'text')} AND d.department_code = ${p.add(s.department ?? '', 'text')}${s.type ? ` AND d.type = ${p.add(s.type, 'text')}` : ''}`
      const parts: string[] = []
      if (days.length) {
        const ranges = days.map(([x, y]) => `(d.day >= ${p.add(x, 'date')} AND d.day < ${p.add(y, 'date')})`).join(' OR ')
        parts.push(`SELECT d.category, d.received FROM dashboard_district_received_days d WHERE ${where} AND (${ranges})`)
      }
      if (months) {
        parts.push(`SELECT d.category, d.received FROM dashboard_district_received_months d
                     WHERE ${where} AND d.month >= ${p.add(months[0], 'date')} AND d.month < ${p.add(months[1], 'date')}`)
      }
      return parts.length ? parts.join(' UNION ALL ') : 'SELECT d.category, d.received FROM dashboard_district_received_days d WHERE false'
    }
    const r = await q.query<{ category: string; received: number; previous: number }>(
      `SELECT x.category, COALESCE(sum(x.received) FILTER (WHERE x.current), 0) AS received,
              COALESCE(sum(x.received) FILTER (WHERE NOT x.current), 0) AS previous
         FROM (SELECT true AS current, c.* FROM (${rows(from, to)}) c
               UNION ALL
               SELECT false, c.* FROM (${rows(previousFrom, from)}) c) x
        WHERE x.category <> ''
        GROUP BY x.category`,
      p.values,
    )
    return r.rows.map((c) => ({ category: c.category, received: Number(c.received), previous: Number(c.previous) }))
  },
}
