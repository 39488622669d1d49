// 一屏观's figures for one scope: received by type, district and day; open and overdue; the 三率 and the on-time rate
// with their numerators and denominators; the graded department table; the trend by day; the top and rising
// categories; and the hotspots of the period's last days. The counting is SQL (repo.ts); this file adds the groups up.
import type { CategoryFigures, Dashboard, DepartmentFigures, Rates, TrendDay } from '@contract/dashboard'
import { addCalendarDays } from '@domain/calendar'
import { departmentScore, gradeOf, rateOf } from '@domain/dashboard'
import { GZ_DISTRICTS } from '@domain/districts'
import { categoryLabel } from '@domain/request-categories'
import { REQUEST_TYPES } from '@domain/workorder'
import type { Queryable } from '../../db'
import { clusterHotspots, HOTSPOT_DAYS } from '../similar/hotspots'
import { dashboardRepo as repo, type Scope, type StepGroup } from './repo'
import type { Period } from './scope'

const DAY_MS = 86_400_000
const TOP_CATEGORIES = 10
const RISING_CATEGORIES = 5

interface Tally {
  n: number
  ok: number
  answered: number
  resolved: number
}

const emptyTally = (): Tally => ({ n: 0, ok: 0, answered: 0, resolved: 0 })

function add(into: Tally, g: StepGroup): void {
  into.n += g.n
  into.ok += g.ok
  into.answered += g.answered
  into.resolved += g.resolved
}

/** Sums of step groups: overall, per department and per day. */
function tallies(groups: StepGroup[]) {
  const all = emptyTally()
  const byDepartment = new Map<string, Tally>()
  const byDay = new Map<string, Tally>()
  for (const g of groups) {
    add(all, g)
    if (g.department_code) {
      if (!byDepartment.has(g.department_code)) byDepartment.set(g.department_code, emptyTally())
      add(byDepartment.get(g.department_code) as Tally, g)
    }
    if (!byDay.has(g.day)) byDay.set(g.day, emptyTally())
    add(byDay.get(g.day) as Tally, g)
  }
  return { all, byDepartment, byDay }
}

function ratesOf(dispatches: Tally, closings: Tally, ratings: Tally): Rates {
  return {
    response: rateOf(dispatches.ok, dispatches.n),
    resolution: rateOf(ratings.resolved, ratings.answered),
    satisfaction: rateOf(ratings.ok, ratings.n),
    onTime: rateOf(closings.ok, closings.n),
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
  const [received, dispatchGroups, closingGroups, ratingGroups, categories, located, names] = await Promise.all([
    repo.received(db, scope),
    repo.steps(db, 'dispatches', scope),
    repo.steps(db, 'closings', scope),
    repo.steps(db, 'ratings', scope),
    repo.categories(db, scope, new Date(scope.from.getTime() - period.days * DAY_MS)),
    hotspotFrom < hotspotTo ? repo.located(db, scope, hotspotFrom, hotspotTo) : Promise.resolve([]),
    repo.departmentNames(db),
  ])

  const byType = Object.fromEntries(REQUEST_TYPES.map((t) => [t, 0])) as Dashboard['byType']
  const districts = new Map<string, number>(GZ_DISTRICTS.map((d) => [d.name, 0]))
  const receivedByDay = new Map<string, number>()
  const heldOpen = new Map<string, { open: number; overdue: number }>()
  let total = 0
  let open = 0
  let overdue = 0
  for (const g of received) {
    if (g.department_group) {
      if (g.department_code && g.open > 0) heldOpen.set(g.department_code, { open: g.open, overdue: g.overdue })
      continue
    }
    total += g.n
    open += g.open
    overdue += g.overdue
    if (g.type) byType[g.type] += g.n
    if (g.district) districts.set(g.district, (districts.get(g.district) ?? 0) + g.n)
    if (g.day) receivedByDay.set(g.day, (receivedByDay.get(g.day) ?? 0) + g.n)
  }

  const dispatches = tallies(dispatchGroups)
  const closings = tallies(closingGroups)
  const ratings = tallies(ratingGroups)

  const codes = new Set([...dispatches.byDepartment.keys(), ...closings.byDepartment.keys(), ...ratings.byDepartment.keys(), ...heldOpen.keys()])
  if (scope.department) for (const c of [...codes]) if (c !== scope.department) codes.delete(c)
  const departments: DepartmentFigures[] = [...codes].sort().map((code) => {
    const d = dispatches.byDepartment.get(code) ?? emptyTally()
    const c = closings.byDepartment.get(code) ?? emptyTally()
    const r = ratings.byDepartment.get(code) ?? emptyTally()
    const rates = ratesOf(d, c, r)
    const score = departmentScore([rates.response, rates.onTime, rates.satisfaction, rates.resolution])
    return {
      department: code,
      name: names.get(code) ?? code,
      dispatched: d.n,
      closed: c.n,
      overdue: heldOpen.get(code)?.overdue ?? 0,
      satisfied: r.ok,
      rates,
      score,
      grade: gradeOf(score),
    }
  })

  const trend: TrendDay[] = []
  for (let day = period.from; day <= period.to; day = addCalendarDays(day, 1)) {
    const d = dispatches.byDay.get(day) ?? emptyTally()
    const c = closings.byDay.get(day) ?? emptyTally()
    const r = ratings.byDay.get(day) ?? emptyTally()
    trend.push({
      date: day,
      received: receivedByDay.get(day) ?? 0,
      dispatched: d.n,
      signedOnTime: d.ok,
      closed: c.n,
      closedOnTime: c.ok,
      rated: r.n,
      satisfied: r.ok,
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
    closed: closings.all.n,
    rates: ratesOf(dispatches.all, closings.all, ratings.all),
    departments,
    trend,
    topCategories: top,
    risingCategories: rising,
    hotspots: clusterHotspots(located),
    asOf: scope.now.toISOString(),
  }
}
