// 一屏观's figures for one scope: received by type, district and day; open and overdue; the 三率 and the on-time rate
// with their numerators and denominators; the graded department table; the trend by day; the top and rising
// categories; and the hotspots of the period's last days. The counting is SQL (repo.ts: the daily summary, the open
// requests' index); this file adds the groups up.
import type { CategoryFigures, Dashboard, DepartmentFigures, Rates, TrendDay } from '@contract/dashboard'
import { addCalendarDays, shanghaiDate } from '@domain/calendar'
import { departmentScore, gradeOf, rateOf } from '@domain/dashboard'
import { GZ_DISTRICTS } from '@domain/districts'
import { categoryLabel } from '@domain/request-categories'
import { REQUEST_TYPES } from '@domain/workorder'
import type { Queryable } from '../../db'
import { clusterHotspots, HOTSPOT_DAYS } from '../similar/hotspots'
import { byDistrict, dashboardRepo as repo, type Counts, type Scope, type SummaryGroup } from './repo'
import { filtersRequest, rollupRepo } from './rollup.repo'
import type { Period } from './scope'

const DAY_MS = 86_400_000
const TOP_CATEGORIES = 10
const RISING_CATEGORIES = 5

/** A step count group (Counts without received). */
type Tally = Omit<Counts, 'received'>

const emptyTally = (): Tally => ({
  dispatched: 0, signed_on_time: 0, closed: 0, closed_on_time: 0, rated: 0, satisfied: 0, answered: 0, resolved: 0, defaults: 0,
})

function add(into: Tally, g: Counts): void {
  for (const k of Object.keys(into) as (keyof Tally)[]) into[k] += g[k]
}

/** 满意率 with how many of the counted ratings were 7-day defaults (present only when there were any). */
function satisfactionOf(t: Tally): Rates['satisfaction'] {
  const r = rateOf(t.satisfied, t.rated)
  return t.defaults > 0 ? { ...r, defaults: t.defaults } : r
}

function ratesOf(t: Tally): Rates {
  return {
    response: rateOf(t.signed_on_time, t.dispatched),
    resolution: rateOf(t.resolved, t.answered),
    satisfaction: satisfactionOf(t),
    onTime: rateOf(t.closed_on_time, t.closed),
  }
}

function categoryFigures(rows: { category: string; received: number; previous: number }[]): { top: CategoryFigures[]; rising: CategoryFigures[] } {
  const all = rows.map((c) => ({ ...c, label: categoryLabel(c.category) ?? c.category, growth: c.received - c.previous }))
  const byName = (a: CategoryFigures, b: CategoryFigures) => (a.category < b.category ? -1 : 1)
  return {
    top: all.filter((c) => c.received > 0).sort((a, b) => b.received - a.received || byName(a, b)).slice(0, TOP_CATEGORIES),
    rising: all.filter((c) => c.growth > 0).sort((a, b) => b.growth - a.growth || byName(a, b)).slice(0, RISING_CATEGORIES),
  }
}

export async function dashboardFigures(db: Queryable, period: Period, scope: Scope): Promise<Dashboard> {
  const hotspotTo = new Date(Math.min(scope.to.getTime(), scope.now.getTime()))
  const hotspotFrom = new Date(Math.max(scope.from.getTime(), hotspotTo.getTime() - HOTSPOT_DAYS * DAY_MS))
  const previousFrom = new Date(scope.from.getTime() - period.days * DAY_MS)
  // The city's and a department's views read the narrow rollups; a filter on the request's columns, dashboard_daily.
  const narrow = !filtersRequest(scope)
  const [from, to] = [shanghaiDate(scope.from), shanghaiDate(scope.to)]
  const [summary, openGroups, categories, located, names] = await Promise.all([
    narrow ? rollupRepo.summary(db, scope, from, to) : repo.summary(db, scope),
    repo.open(db, scope),
    narrow
      ? rollupRepo.categories(db, scope, shanghaiDate(previousFrom), from, to)
      : byDistrict(scope)
        ? rollupRepo.districtCategories(db, scope, shanghaiDate(previousFrom), from, to)
        : repo.categories(db, scope, previousFrom),
    hotspotFrom < hotspotTo ? repo.located(db, scope, hotspotFrom, hotspotTo) : Promise.resolve([]),
    repo.departmentNames(db),
  ])

  const byType = Object.fromEntries(REQUEST_TYPES.map((t) => [t, 0])) as Dashboard['byType']
  const districts = new Map<string, number>(GZ_DISTRICTS.map((d) => [d.name, 0]))
  const days = new Map<string, SummaryGroup>()
  const byDepartment = new Map<string, SummaryGroup>()
  const all = emptyTally()
  let total = 0
  for (const g of summary) {
    if (g.by === 'day' && g.day) days.set(g.day, g)
    else if (g.by === 'total') {
      total = g.received
      add(all, g)
    } else if (g.by === 'type' && g.type) byType[g.type] += g.received
    else if (g.by === 'district' && g.district) districts.set(g.district, (districts.get(g.district) ?? 0) + g.received)
    // '' holds the steps of no department (直接答复): the city's, no department's.
    else if (g.by === 'department' && g.department_code) byDepartment.set(g.department_code, g)
  }
  let open = 0
  let overdue = 0
  const heldOpen = new Map<string, { open: number; overdue: number }>()
  for (const g of openGroups) {
    if (g.total) {
      open = g.open
      overdue = g.overdue
    } else if (g.department_code) heldOpen.set(g.department_code, { open: g.open, overdue: g.overdue })
  }

  const stepped = (t: Tally) => t.dispatched + t.closed + t.rated > 0
  const codes = new Set([...[...byDepartment].filter(([, t]) => stepped(t)).map(([c]) => c), ...heldOpen.keys()])
  if (scope.department) for (const c of [...codes]) if (c !== scope.department) codes.delete(c)
  const departments: DepartmentFigures[] = [...codes].sort().map((code) => {
    const t = byDepartment.get(code) ?? emptyTally()
    const rates = ratesOf(t)
    const score = departmentScore([rates.response, rates.onTime, rates.satisfaction, rates.resolution])
    return {
      department: code,
      name: names.get(code) ?? code,
      dispatched: t.dispatched,
      closed: t.closed,
      overdue: heldOpen.get(code)?.overdue ?? 0,
      satisfied: t.satisfied,
      rates,
      score,
      grade: gradeOf(score),
    }
  })

  const trend: TrendDay[] = []
  for (let day = period.from; day <= period.to; day = addCalendarDays(day, 1)) {
    const d = days.get(day)
    trend.push({
      date: day,
      received: d?.received ?? 0,
      dispatched: d?.dispatched ?? 0,
      signedOnTime: d?.signed_on_time ?? 0,
      closed: d?.closed ?? 0,
      closedOnTime: d?.closed_on_time ?? 0,
      rated: d?.rated ?? 0,
      satisfied: d?.satisfied ?? 0,
    })
  }

  const { top, rising } = categoryFigures(categories)
  return {
    from: period.from,
    to: period.to,
    department: scope.department,
    district: scope.district,
    received: total,
    byType,
    byDistrict: [...districts].map(([district, n]) => ({ district, received: n })),
    open,
    overdue,
    closed: all.closed,
    rates: ratesOf(all),
    departments,
    trend,
    topCategories: top,
    risingCategories: rising,
    hotspots: clusterHotspots(located),
    asOf: scope.now.toISOString(),
  }
}
