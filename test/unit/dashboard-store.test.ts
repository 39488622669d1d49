// 一屏观's store and CSV: the period's days (Asia/Shanghai), the staff token and filters on every call, a map click
// filtering and a second click clearing, polling that keeps the figures when a refresh fails, the drill-down list
// paged and complete for its CSV; CSV text that Excel opens (BOM, CRLF, quoting, no formulas) with each figure's
// numerator and denominator.
import type { Dashboard, DrillItem } from '@contract/dashboard'
import { ApiClient } from '@/api/client'
import { DashboardStore, customPeriodProblem, presetRange, shanghaiDay } from '@/stores/dashboard'
import { BOM, departmentsCsv, districtsCsv, drillCsv, figuresCsv, percentText, rateText, toCsv } from '@/stores/dashboard-csv'
import { DISTRICT_POPULATION_WAN, perTenThousandOf } from '@/stores/dashboard-population'
import { useFakeApi } from '../support/fake-api'
import { httpTransport } from '../support/http-transport'

const fake = useFakeApi()
const NOW = new Date('2026-11-27T17:30:00Z') // 28 November in Shanghai (01:30)

const rate = (numerator: number, denominator: number) => ({ numerator, denominator, rate: denominator ? numerator / denominator : null })
const DASHBOARD: Dashboard = {
  from: '2026-10-30',
  to: '2026-11-28',
  department: null,
  district: null,
  received: 12,
  byType: { consult: 3, help: 2, complaint: 6, report: 1, suggestion: 0 },
  byDistrict: [
    { district: '天河区', received: 7 },
    { district: '越秀区', received: 5 },
  ],
  open: 8,
  overdue: 3,
  closed: 4,
  rates: { response: rate(7, 8), resolution: rate(1, 2), satisfaction: rate(3, 4), onTime: rate(0, 0) },
  departments: [
    {
      department: 'gz-police',
      name: '市公安局',
      dispatched: 8,
      closed: 4,
      overdue: 1,
      satisfied: 3,
      rates: { response: rate(7, 8), resolution: rate(1, 2), satisfaction: rate(3, 4), onTime: rate(4, 4) },
      score: 0.78125,
      grade: 'C',
    },
  ],
  trend: [],
  topCategories: [{ category: 'traffic.parking', label: '=违停, "乱停"', received: 6, previous: 1, growth: 5 }],
  risingCategories: [],
  hotspots: [],
  asOf: '2026-11-27T17:30:00.000Z',
}
const item = (n: number): DrillItem => ({
  id: `id-${n}`,
  number: `2026112800${String(n).padStart(4, '0')}`,
  type: 'complaint',
  typeLabel: '投诉',
  category: 'traffic.parking',
  categoryLabel: '违法停车',
  summary: n === 1 ? '车辆乱停，堵住消防通道,\n请处理' : '乱停车',
  district: '天河区',
  status: 'accepted',
  statusLabel: '已受理',
  filedAt: '2026-11-20T02:00:00.000Z',
  deadline: '2026-11-24T15:59:59.999Z',
  at: '2026-11-20T02:00:00.000Z',
  departmentCode: null,
  departmentName: null,
})

function newStore(token: string | null = 'staff-1') {
  const api = new ApiClient({ baseUrl: fake.baseUrl, transport: httpTransport, retryDelaysMs: [] })
  return new DashboardStore(api, () => token ?? undefined, () => NOW)
}

/** Waits (up to 5 s: the machine may be busy) until `ok` holds. */
async function until(ok: () => boolean): Promise<void> {
  const end = Date.now() + 5000
  while (!ok()) {
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 10))
  }
}
const lastQuery = () => query(fake.hits.at(-1)!.url)
const query = (url: string) => Object.fromEntries(new URL(url, 'http://x').searchParams)

test('periods are Asia/Shanghai days: today, 7 and 30 days ending today; a custom period is checked before asking', () => {
  expect(shanghaiDay(NOW)).toBe('2026-11-28')
  expect(presetRange('today', NOW)).toEqual({ from: '2026-11-28', to: '2026-11-28' })
  expect(presetRange('7d', NOW)).toEqual({ from: '2026-11-22', to: '2026-11-28' })
  expect(presetRange('30d', NOW)).toEqual({ from: '2026-10-30', to: '2026-11-28' })
  expect(customPeriodProblem('2026-11-10', '2026-11-01')).toBe('结束日期不能早于开始日期')
  expect(customPeriodProblem('2026-02-30', '2026-03-01')).toBe('请选择开始和结束日期')
  expect(customPeriodProblem('2025-01-01', '2026-11-01')).toBe('统计周期最长 366 天')
  expect(customPeriodProblem('2026-11-01', '2026-11-10')).toBeUndefined()
})

test('figures load with the staff token and the filters; a map click filters to a district, a second click clears it', async () => {
  fake.route = () => ({ status: 200, body: DASHBOARD })
  const store = newStore()
  await store.load()
  expect(store.status).toBe('ready')
  expect(store.data?.received).toBe(12)
  expect(fake.hits.at(-1)!.auth).toBe('Bearer staff-1')
  expect(fake.hits.at(-1)!.url).toBe('/api/staff/dashboard?from=2026-10-30&to=2026-11-28')

  store.setDistrict('天河区', true)
  await until(() => fake.hits.length === 2 && store.status === 'ready')
  expect(lastQuery()).toEqual({ from: '2026-10-30', to: '2026-11-28', district: '天河区' })
  store.setDistrict('天河区', true)
  await until(() => fake.hits.length === 3 && store.status === 'ready')
  expect(lastQuery()).toEqual({ from: '2026-10-30', to: '2026-11-28' })

  store.focusHotspot('天河区', 'traffic.parking', '违法停车')
  store.setPeriod('7d')
  await until(() => fake.hits.length === 5 && store.status === 'ready')
  expect(lastQuery()).toEqual({ from: '2026-11-22', to: '2026-11-28', district: '天河区', category: 'traffic.parking' })
  store.setCustom('2026-11-10', '2026-11-01')
  expect(store.periodProblem).toBe('结束日期不能早于开始日期')
  await new Promise((r) => setTimeout(r, 100))
  expect(fake.hits.length).toBe(5)
})

test('an error answer shows its message with 重试; without a staff session nothing is asked', async () => {
  fake.route = () => ({ status: 403, body: { code: 'DEPARTMENT_FORBIDDEN', message: '只能查看本部门的统计' } })
  const store = newStore()
  await store.load()
  expect(store.status).toBe('failed')
  expect(store.error?.message).toBe('只能查看本部门的统计')

  const hits = fake.hits.length
  const signedOut = newStore(null)
  await signedOut.load()
  expect(signedOut.status).toBe('failed')
  expect(signedOut.error?.message).toBe('请先登录工作人员账号')
  expect(fake.hits.length).toBe(hits)
})

test('polling refreshes without clearing the figures; a failed refresh keeps them and says so', async () => {
  let received = 12
  let fail = false
  fake.route = () => (fail ? { status: 400, body: { code: 'PERIOD_INVALID', message: '统计周期不正确' } } : { status: 200, body: { ...DASHBOARD, received } })
  const store = newStore()
  await store.load()
  received = 13
  const stop = store.startPolling(40)
  await until(() => store.data?.received === 13)
  expect(store.status).toBe('ready')
  fail = true
  await until(() => store.refreshFailed)
  stop()
  expect(store.data?.received).toBe(13)
  expect(store.status).toBe('ready')
  expect(store.refreshFailed).toBe(true)
  await new Promise((r) => setTimeout(r, 100))
  const hits = fake.hits.length
  await new Promise((r) => setTimeout(r, 200))
  expect(fake.hits.length).toBe(hits)
})

test('a figure opens its work orders under the same filters, narrowed to its row; pages load until the CSV has all', async () => {
  const all = Array.from({ length: 120 }, (_, i) => item(i + 1))
  fake.route = (h) => {
    if (h.url.startsWith('/api/staff/dashboard/requests?')) {
      const q = query(h.url)
      const page = Number(q.page)
      const size = Number(q.pageSize)
      return { status: 200, body: { items: all.slice((page - 1) * size, page * size), total: all.length, page, pageSize: size } }
    }
    return { status: 200, body: DASHBOARD }
  }
  const store = newStore()
  store.setDistrict('天河区')
  await store.openDrill(store.target('overdue', '市公安局 · 超期', { department: 'gz-police' }))
  expect(query(fake.hits.at(-1)!.url)).toEqual({ from: '2026-10-30', to: '2026-11-28', district: '天河区', department: 'gz-police', metric: 'overdue', page: '1', pageSize: '50' })
  expect(store.drillItems).toHaveLength(50)
  expect(store.drillTotal).toBe(120)
  await store.loadMoreDrill()
  expect(store.drillItems).toHaveLength(100)
  const everything = await store.allDrillItems()
  expect(everything.map((i) => i.id)).toEqual(all.map((i) => i.id))
  const csv = drillCsv('市公安局 · 超期', everything)
  expect(csv.name).toBe('一屏观-市公安局_·_超期.csv')
  expect(csv.text.split('\r\n')).toHaveLength(1 + 120 + 1)
})

test('CSV opens in Excel: BOM, CRLF, quoted commas, quotes and line breaks, formulas defused; rates with numerator and denominator', () => {
  expect(toCsv(['a', 'b'], [['x,y', 'say "hi"'], ['=1+1', -3], ['line\nbreak', null]])).toBe(
    `${BOM}a,b\r\n"x,y","say ""hi"""\r\n'=1+1,-3\r\n"line\nbreak",\r\n`,
  )
  expect(percentText(0.875)).toBe('87.5%')
  expect(percentText(null)).toBe('—')
  expect(rateText(rate(7, 8))).toBe('87.5%（7/8）')

  const figures = figuresCsv(DASHBOARD).text.split('\r\n')
  expect(figures[0]).toBe(`${BOM}指标,数值或分子,分母,比率(%)`)
  expect(figures).toContain('受理,12,,')
  expect(figures).toContain('受理·投诉,6,,')
  expect(figures).toContain('超期,3,,')
  expect(figures).toContain('响应率,7,8,87.5')
  expect(figures).toContain('按时办结率,0,0,')

  const depts = departmentsCsv(DASHBOARD)
  expect(depts.name).toBe('一屏观-部门分档-2026-10-30_2026-11-28.csv')
  expect(depts.text.split('\r\n')[1]).toBe('市公安局,gz-police,8,7,87.5,4,4,100,1,4,3,75,50,78.13,C 合格')

  expect(districtsCsv(DASHBOARD).text.split('\r\n').slice(1, 3)).toEqual([`天河区,7,${perTenThousandOf('天河区', 7)}`, `越秀区,5,${perTenThousandOf('越秀区', 5)}`])
  expect(perTenThousandOf('天河区', 2242)).toBe(10)
  expect(perTenThousandOf('天河区', 7)).toBe(0.03)
  expect(perTenThousandOf('某区', 5)).toBeNull()
})

test('the 七普 district populations cover the 11 districts and add up to the published citywide 1867.66 万', () => {
  const names = Object.keys(DISTRICT_POPULATION_WAN).sort()
  expect(names).toEqual(['从化区', '南沙区', '增城区', '天河区', '海珠区', '番禺区', '白云区', '花都区', '荔湾区', '越秀区', '黄埔区'].sort())
  const total = Object.values(DISTRICT_POPULATION_WAN).reduce((a, b) => a + b, 0)
  expect(Math.round(total * 100) / 100).toBe(1867.66)
})
