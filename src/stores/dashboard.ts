// DashboardStore: 一屏观 (the 一网统管 command view) for staff — the period (今天, 近 7 天, 近 30 天, 自定义), the
// district / department / category filters, the figures (polled every 30 s without reload), the map's mode, the wall
// display mode, and the work orders behind one figure (drill-down). Every call carries the staff token; the server
// scopes a department clerk to their department.
import { makeAutoObservable, reaction, runInAction } from 'mobx'
import type { ApiClient } from '@/api/client'
import * as endpoints from '@/api/dashboard'
import { ApiError, toApiError } from '@/api/errors'
import type { Dashboard, DashboardMetric, DashboardQuery, DrillItem } from '@contract/dashboard'
import type { RequestType } from '@contract/request'
import { DASHBOARD_MAX_DAYS } from '@domain/dashboard'
import type { LoadStatus } from './loadable'

export type PeriodKey = 'today' | '7d' | '30d' | 'custom'
export type MapMode = 'per10k' | 'raw'

export const PERIODS: readonly { key: PeriodKey; label: string; days?: number }[] = [
  { key: 'today', label: '今天', days: 1 },
  { key: '7d', label: '近 7 天', days: 7 },
  { key: '30d', label: '近 30 天', days: 30 },
  { key: 'custom', label: '自定义' },
]

/** How often the figures refresh while the view is open (the issue asks for ≤ 30 s). */
export const POLL_MS = 30_000
const DRILL_PAGE_SIZE = 50
const DAY_RE = /^\d{4}-\d{2}-\d{2}$/

/** The Asia/Shanghai calendar day of an instant (UTC+8, no daylight saving), as YYYY-MM-DD. */
export function shanghaiDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10)
}

/** A calendar day moved by n days. */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}

function validDay(day: string): boolean {
  return DAY_RE.test(day) && addDays(day, 0) === day
}

/** Days from `from` to `to`, both included. */
export function spanDays(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1
}

/** What is wrong with a custom period, in the words a clerk reads; undefined when it can be asked for. */
export function customPeriodProblem(from: string, to: string): string | undefined {
  if (!validDay(from) || !validDay(to)) return '请选择开始和结束日期'
  if (to < from) return '结束日期不能早于开始日期'
  if (spanDays(from, to) > DASHBOARD_MAX_DAYS) return `统计周期最长 ${DASHBOARD_MAX_DAYS} 天`
  return undefined
}

/** The from/to days of a preset period ending today (Asia/Shanghai). */
export function presetRange(key: Exclude<PeriodKey, 'custom'>, now: Date): { from: string; to: string } {
  const to = shanghaiDay(now)
  const days = PERIODS.find((p) => p.key === key)?.days ?? 30
  return { from: addDays(to, -(days - 1)), to }
}

/** A figure's work orders: which figure, under which filters (the dashboard's, narrowed to a row or a cell). */
export interface DrillTarget {
  metric: DashboardMetric
  query: DashboardQuery
  /** What the list shows as its title, e.g. 超期工单 · 天河区. */
  title: string
}

export class DashboardStore {
  period: PeriodKey = '30d'
  customFrom = ''
  customTo = ''
  district = ''
  department = ''
  category = ''
  categoryLabel = ''
  mapMode: MapMode = 'per10k'
  wall = false

  data: Dashboard | null = null
  status: LoadStatus = 'idle'
  error: ApiError | undefined = undefined
  /** When the figures last arrived (device time); a failed poll keeps the figures and says so. */
  updatedAt: Date | null = null
  refreshFailed = false

  drill: DrillTarget | null = null
  drillItems: DrillItem[] = []
  drillTotal = 0
  drillPage = 0
  drillStatus: LoadStatus = 'idle'
  drillError: ApiError | undefined = undefined

  private seq = 0
  private drillSeq = 0
  private timer: ReturnType<typeof setInterval> | undefined = undefined

  constructor(
    private readonly api: ApiClient,
    private readonly token: () => string | undefined,
    private readonly now: () => Date = () => new Date(),
  ) {
    makeAutoObservable<DashboardStore, 'api' | 'token' | 'now' | 'seq' | 'drillSeq' | 'timer'>(this, {
      api: false,
      token: false,
      now: false,
      seq: false,
      drillSeq: false,
      timer: false,
    })
    // Another clerk (or none) on this device: nothing the previous one saw may show.
    reaction(
      () => this.token(),
      () => this.clear(),
    )
  }

  /** Forgets the figures, the filters and any open list (sign-out, another clerk). */
  clear(): void {
    this.seq++
    this.drillSeq++
    this.stopPolling()
    this.data = null
    this.status = 'idle'
    this.error = undefined
    this.updatedAt = null
    this.refreshFailed = false
    this.district = ''
    this.department = ''
    this.category = ''
    this.categoryLabel = ''
    this.drill = null
    this.drillItems = []
    this.drillTotal = 0
    this.drillPage = 0
    this.drillStatus = 'idle'
    this.drillError = undefined
  }

  private staffToken(): string {
    const t = this.token()
    if (!t) throw new ApiError('auth', 'UNAUTHORIZED', '请先登录工作人员账号', 401)
    return t
  }

  /** The custom period's problem, when the custom period is chosen. */
  get periodProblem(): string | undefined {
    return this.period === 'custom' ? customPeriodProblem(this.customFrom, this.customTo) : undefined
  }

  get range(): { from: string; to: string } {
    if (this.period === 'custom') return { from: this.customFrom, to: this.customTo }
    return presetRange(this.period, this.now())
  }

  /** The query every figure and drill-down is asked with. */
  get query(): DashboardQuery {
    const q: DashboardQuery = { ...this.range }
    if (this.district) q.district = this.district
    if (this.department) q.department = this.department
    if (this.category) q.category = this.category
    return q
  }

  get hasFilters(): boolean {
    return Boolean(this.district || this.department || this.category)
  }

  /** Loads the figures; `quiet` (polling) keeps what is shown while asking and on failure. */
  async load(quiet = false): Promise<void> {
    if (this.periodProblem) return
    const seq = ++this.seq
    if (!quiet || !this.data) {
      this.status = 'loading'
      this.error = undefined
    }
    try {
      const data = await endpoints.dashboard(this.api, this.staffToken(), this.query)
      runInAction(() => {
        if (seq !== this.seq) return
        this.data = data
        this.status = 'ready'
        this.updatedAt = this.now()
        this.refreshFailed = false
      })
    } catch (err) {
      runInAction(() => {
        if (seq !== this.seq) return
        if (quiet && this.data) {
          this.refreshFailed = true
          return
        }
        this.status = 'failed'
        this.error = toApiError(err)
      })
    }
  }

  /** Refreshes every `ms` (30 s) without reload until stopped; answers the stop function. */
  startPolling(ms = POLL_MS): () => void {
    this.stopPolling()
    this.timer = setInterval(() => void this.load(true), ms)
    return () => this.stopPolling()
  }

  stopPolling(): void {
    if (this.timer !== undefined) clearInterval(this.timer)
    this.timer = undefined
  }

  setPeriod(key: PeriodKey): void {
    if (key === 'custom' && !this.customFrom) {
      const { from, to } = this.range
      this.customFrom = from
      this.customTo = to
    }
    this.period = key
    void this.load()
  }

  setCustom(from: string, to: string): void {
    this.period = 'custom'
    this.customFrom = from
    this.customTo = to
    void this.load()
  }

  /** A district (the filter; '' = all); a click on the map (`toggle`) on the chosen district clears it. */
  setDistrict(district: string, toggle = false): void {
    this.district = toggle && this.district === district ? '' : district
    void this.load()
  }

  setDepartment(code: string): void {
    this.department = code
    void this.load()
  }

  setCategory(code: string, label = ''): void {
    this.category = code
    this.categoryLabel = code ? label || code : ''
    void this.load()
  }

  /** A hotspot clicked on the map: its district and category become the filters. */
  focusHotspot(district: string, category: string, label: string): void {
    this.district = district
    this.category = category
    this.categoryLabel = label
    void this.load()
  }

  clearFilters(): void {
    this.district = ''
    this.department = ''
    this.category = ''
    this.categoryLabel = ''
    void this.load()
  }

  setMapMode(mode: MapMode): void {
    this.mapMode = mode
  }

  setWall(on: boolean): void {
    this.wall = on
  }

  /** The drill-down target of a figure under the current filters, narrowed by `extra` (a row's department, a type). */
  target(metric: DashboardMetric, title: string, extra: Partial<Record<'district' | 'department' | 'category', string>> & { type?: RequestType } = {}): DrillTarget {
    return { metric, title, query: { ...this.query, ...extra } }
  }

  /** Opens the work orders behind one figure (first page). */
  async openDrill(target: DrillTarget): Promise<void> {
    this.drill = target
    this.drillItems = []
    this.drillTotal = 0
    this.drillPage = 0
    await this.loadDrillPage(1)
  }

  async loadMoreDrill(): Promise<void> {
    if (this.drillStatus === 'loading' || !this.drill || this.drillItems.length >= this.drillTotal) return
    await this.loadDrillPage(this.drillPage + 1)
  }

  /** Every work order of the open list (for the CSV), loading the pages not yet seen; at most `cap` rows. */
  async allDrillItems(cap = 5000): Promise<DrillItem[]> {
    while (this.drill && this.drillStatus !== 'failed' && this.drillItems.length < Math.min(this.drillTotal, cap)) {
      const before = this.drillItems.length
      await this.loadDrillPage(this.drillPage + 1)
      if (this.drillItems.length === before) break
    }
    return this.drillItems.slice(0, cap)
  }

  /** After a failure: the page that failed (the first when nothing is shown yet). */
  retryDrill(): Promise<void> {
    return this.loadDrillPage(this.drillItems.length === 0 ? 1 : this.drillPage + 1)
  }

  private async loadDrillPage(page: number): Promise<void> {
    const target = this.drill
    if (!target) return
    const seq = ++this.drillSeq
    this.drillStatus = 'loading'
    this.drillError = undefined
    try {
      const answer = await endpoints.dashboardRequests(this.api, this.staffToken(), target.metric, target.query, page, DRILL_PAGE_SIZE)
      runInAction(() => {
        if (seq !== this.drillSeq) return
        this.drillItems = page === 1 ? answer.items : [...this.drillItems, ...answer.items]
        this.drillTotal = answer.total
        this.drillPage = page
        this.drillStatus = 'ready'
      })
    } catch (err) {
      runInAction(() => {
        if (seq !== this.drillSeq) return
        this.drillStatus = 'failed'
        this.drillError = toApiError(err)
      })
    }
  }
}
