// Where 一屏观 goes: back to the staff workbench, and the list of the work orders behind one figure.
import Taro from '@tarojs/taro'
import type { DashboardMetric } from '@contract/dashboard'
import type { RequestType } from '@contract/request'
import type { DrillTarget } from '@/stores/dashboard'
import { ROUTES, routeUrl } from '@/routes'

const METRICS: readonly DashboardMetric[] = ['received', 'open', 'overdue', 'dispatched', 'signed-on-time', 'closed', 'closed-on-time', 'rated', 'satisfied', 'rated-default', 'resolution-answered', 'resolved']
const TYPES: readonly RequestType[] = ['consult', 'help', 'complaint', 'report', 'suggestion']

/** Back where the page was opened from, or to `fallback` when it was opened directly (a link, a wall screen). */
export function backOr(fallback: string): void {
  if (Taro.getCurrentPages().length > 1) Taro.navigateBack()
  else Taro.redirectTo({ url: fallback })
}

/** The drill-down list of one figure: its metric, title and filters in the URL (shareable, survives a reload). */
export function drillUrl(t: DrillTarget): string {
  const q = t.query
  return routeUrl(ROUTES.commandDrill, { metric: t.metric, title: t.title, from: q.from, to: q.to, district: q.district, department: q.department, type: q.type, category: q.category })
}

/** The target a drill-down URL names, or null when its metric is not one the server counts. */
export function drillTargetOf(params: Partial<Record<string, string>>): DrillTarget | null {
  const p = (k: string) => {
    const v = params[k]
    if (!v) return undefined
    try {
      return decodeURIComponent(v)
    } catch {
      return v // already decoded by the router
    }
  }
  const metric = p('metric') as DashboardMetric | undefined
  if (!metric || !METRICS.includes(metric)) return null
  const type = p('type') as RequestType | undefined
  return {
    metric,
    title: p('title') ?? '工单',
    query: { from: p('from'), to: p('to'), district: p('district'), department: p('department'), category: p('category'), type: type && TYPES.includes(type) ? type : undefined },
  }
}
