/**
 * The 一网通办 catalog in the compiled WeChat mini-program, answered by the REAL API server (seeded catalog):
 * 办事 tab browse lists, typing a search, empty results, a real item's full guide with every section,
 * the materials checklist, 收藏 → 我的收藏, a 一件事 bundle, the offline note, and setData sizes.
 *
 * wx.request is answered by forwarding it to a real server started for this file (server/main.ts on a
 * fresh PGlite), so the guide and search results are exactly what the API sends.
 *
 * @jest-environment jsdom
 */
import http from 'node:http'
import { ensureBuilt, BUILD_TIMEOUT_MS } from '../support/build'
import { startServer, type RunningServer } from '../support/server-process'
import { WeappSimulator, find, textOf, type FakeResponse, type RequestRecord, type SimRoot } from './simulator'

const API_BASE = 'http://localhost:8080/api'
const SETDATA_LIMIT = 256 * 1024
const SS_CARD = 'gz-hrss-ss-card-apply'
const GUIDE_SECTIONS = ['服务对象', '事项说明', '受理条件', '申请材料', '办理流程', '办结时限', '收费', '办理地点', '法定依据', '办理方式']

/** A GET over node:http (jsdom has no fetch); resolves with status, parsed body and headers. */
function get(url: string): Promise<{ status: number; body: unknown; headers: Record<string, string> }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (c: string) => (text += c))
        res.on('end', () => {
          let body: unknown = text
          try {
            body = text ? JSON.parse(text) : ''
          } catch {
            // Not JSON.
          }
          const headers: Record<string, string> = {}
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers[k] = v
          resolve({ status: res.statusCode ?? 0, body, headers })
        })
      })
      .on('error', reject)
  })
}

let server: RunningServer
let sim: WeappSimulator
let online = true

/** Forwards the app's request to the real server (GETs only: the catalog is read-only). */
async function realServer(req: RequestRecord): Promise<FakeResponse> {
  if (!online) return { fail: 'request:fail net::ERR_INTERNET_DISCONNECTED' }
  if (!req.url.startsWith(API_BASE) || req.method !== 'GET') return { statusCode: 404, data: { code: 'NOT_FOUND', message: '未找到' } }
  const res = await get(`${server.url}/api${req.url.slice(API_BASE.length)}`)
  return { statusCode: res.status, data: res.body, header: res.headers }
}

const open = (route: string, query?: Record<string, string>): SimRoot => sim.open(route, query)


function largestSetData(route: string): number {
  return Math.max(0, ...sim.setDataLog.filter((u) => u.route === route).map((u) => u.bytes))
}

beforeAll(async () => {
  const dir = ensureBuilt('weapp')
  // startServer polls /api/health with fetch, which jsdom does not provide: a node:http stand-in.
  const g = globalThis as unknown as { fetch?: unknown }
  if (typeof g.fetch !== 'function') {
    g.fetch = async (url: string) => {
      const res = await get(url)
      return { ok: res.status >= 200 && res.status < 300, status: res.status, json: async () => res.body }
    }
  }
  server = await startServer({ LOG_LEVEL: 'warn' })
  sim = new WeappSimulator(dir)
  sim.requestHandler = realServer
  sim.boot()
}, BUILD_TIMEOUT_MS)

afterAll(async () => {
  await server?.stop()
})

afterEach(() => {
  online = true
  expect(sim.closeAll()).toEqual([])
})

test('办事 tab: hot services, themes, 一件事 and departments from the real catalog', async () => {
  const catalog = open('pages/catalog/index')
  await sim.waitForText(catalog, ['办事指南', '个人办事', '法人办事', '热门服务', '按主题', '一件事 · 一次办', '按部门', '广州市公安局'], 15_000)
  const hotReq = sim.requests.find((r) => r.url.startsWith(`${API_BASE}/services?`))
  expect(hotReq?.url).toContain('audience=person')
  expect(catalog.querySelectorAll('.os-service-card').length).toBe(10)
  expect(catalog.querySelector('#theme-grid')).toBeTruthy()
  expect(catalog.querySelector('#bundle-list')).toBeTruthy()
  expect(largestSetData('pages/catalog/index')).toBeLessThanOrEqual(SETDATA_LIMIT)
})

test('typing "sbk" sends one search after the pause and lists 社会保障卡 items with badges', async () => {
  const catalog = open('pages/catalog/index')
  await sim.waitForText(catalog, '热门服务', 15_000)
  const before = sim.requests.length
  for (const value of ['s', 'sb', 'sbk']) {
    find(catalog, '#catalog-search').dispatchEvent('input', { detail: { value } })
    await new Promise((r) => setTimeout(r, 30))
  }
  const html = await sim.waitForText(catalog, ['社会保障卡申领', '找到'], 10_000)
  const searches = sim.requests.slice(before).filter((r) => r.url.includes('q='))
  expect(searches).toHaveLength(1)
  expect(searches[0].url).toContain('q=sbk')
  expect(textOf(html)).toMatch(/可网办|可预约/)
  expect(catalog.querySelector(`#result-${SS_CARD}`)).toBeTruthy()

  const navBefore = sim.navCalls.length
  find(catalog, `#result-${SS_CARD}`).dispatchEvent('tap')
  expect(await sim.waitFor(() => sim.navCalls[navBefore], () => 'tapping a result went nowhere')).toEqual({
    api: 'navigateTo',
    url: `/packages/guide/pages/detail/index?code=${SS_CARD}`,
  })
  expect(largestSetData('pages/catalog/index')).toBeLessThanOrEqual(SETDATA_LIMIT)
  find(catalog, '#catalog-search-clear').dispatchEvent('tap')
  await sim.waitForText(catalog, '热门服务')
})

test('a query with no match shows the server suggestions as chips and 拨打 12345 咨询', async () => {
  const catalog = open('pages/catalog/index')
  await sim.waitForText(catalog, '热门服务', 15_000)
  find(catalog, '#catalog-search').dispatchEvent('input', { detail: { value: '量子计算机' } })
  await sim.waitForText(catalog, ['没有找到相关事项', '拨打 12345 咨询'], 10_000)
  const res = await get(`${server.url}/api/services?q=${encodeURIComponent('量子计算机')}&audience=person&page=1&pageSize=20`)
  const suggestions = (res.body as { suggestions?: string[] }).suggestions ?? []
  expect(suggestions.length).toBeGreaterThan(0)
  await sim.waitForText(catalog, suggestions)
  expect(catalog.querySelector('#suggestion-0')).toBeTruthy()
  find(catalog, '#catalog-search-clear').dispatchEvent('tap')
  await sim.waitForText(catalog, '热门服务')
})

test('the detail page of a real item renders every guide section; materials tick; 收藏 reaches 我的收藏', async () => {
  const real = (await get(`${server.url}/api/services/${SS_CARD}`)).body as {
    name: string
    materials: { name: string }[]
    conditions: string[]
    legalBasis: string[]
    locations: { name: string; phone: string }[]
    fee: { detail: string }
  }
  const before = sim.setDataLog.length
  const page = open('packages/guide/pages/detail/index', { code: SS_CARD })
  await sim.waitForText(
    page,
    [real.name, ...GUIDE_SECTIONS, ...real.materials.map((m) => m.name), real.conditions[0], real.legalBasis[0], real.locations[0].name, real.fee.detail, '法定办结时限', '承诺办结时限', '工作日'],
    10_000,
  )
  for (const id of ['audience', 'type', 'conditions', 'materials', 'steps', 'time', 'fee', 'locations', 'basis', 'online']) {
    expect(page.querySelector(`#section-${id}`)).toBeTruthy()
  }
  await sim.waitForText(page, ['预约办理', '收藏', `拨打 ${real.locations[0].phone}`])
  await sim.waitForText(page, `已准备 0 / ${real.materials.length} 项`)
  find(page, '#material-0').dispatchEvent('tap')
  await sim.waitForText(page, [`已准备 1 / ${real.materials.length} 项`, '✓'])

  find(page, '#guide-favourite').dispatchEvent('tap')
  await sim.waitForText(page, '★ 已收藏')
  const nav = sim.navCalls.length
  find(page, '#guide-book').dispatchEvent('tap')
  expect(await sim.waitFor(() => sim.navCalls[nav], () => '预约办理 went nowhere')).toEqual({
    api: 'navigateTo',
    url: `/packages/appointment/pages/index/index?service=${SS_CARD}`,
  })
  const sizes = sim.setDataLog.slice(before).filter((u) => u.route === 'packages/guide/pages/detail/index')
  expect(sizes.length).toBeGreaterThan(0)
  expect(Math.max(...sizes.map((u) => u.bytes))).toBeLessThanOrEqual(SETDATA_LIMIT)

  const mine = open('packages/guide/pages/mine/index', { tab: 'favourites' })
  await sim.waitForText(mine, ['我的收藏', '最近浏览', real.name])
  find(mine, '#mine-tab-recent').dispatchEvent('tap')
  await sim.waitForText(mine, '清空浏览记录')
  expect(textOf(mine.dom?.innerHTML ?? '')).toContain(real.name)
})

test('an unknown code says the item was not found', async () => {
  const page = open('packages/guide/pages/detail/index', { code: 'no-such-item' })
  await sim.waitForText(page, ['办事指南详情', '重试'], 10_000)
})

test('a 一件事 bundle lists its items and shared materials', async () => {
  const { items } = (await get(`${server.url}/api/bundles`)).body as { items: { code: string; name: string; items: { name: string }[] }[] }
  const bundle = items[0]
  const page = open('packages/guide/pages/bundle/index', { code: bundle.code })
  await sim.waitForText(page, [bundle.name, ...bundle.items.map((i) => i.name)], 10_000)
})

test('offline: the 办事 tab shows the saved catalog with the offline note', async () => {
  const catalog = open('pages/catalog/index')
  await sim.waitForText(catalog, '办事指南')
  catalog.querySelector('#catalog-search-clear')?.dispatchEvent('tap')
  await sim.waitForText(catalog, '热门服务', 15_000)
  online = false
  ;(catalog.instance.onPullDownRefresh as () => void)()
  await sim.waitForText(catalog, ['当前离线，显示的是上次保存的内容', '热门服务', '按主题'], 8000)
})

test('a theme lists its items a page at a time: 加载更多 appends the next page; the chip clears the filter', async () => {
  const catalog = open('pages/catalog/index')
  await sim.waitForText(catalog, '按主题', 15_000)
  const before = sim.requests.length
  find(catalog, '#theme-id-documents').dispatchEvent('tap')
  await sim.waitForText(catalog, ['证件办理 ✕', '加载更多'], 10_000)
  expect(catalog.querySelectorAll('#result-list .os-service-card')).toHaveLength(20)
  find(catalog, '#catalog-more').dispatchEvent('tap')
  await sim.waitFor(
    () => catalog.querySelectorAll('#result-list .os-service-card').length > 20,
    () => '加载更多 appended nothing',
    10_000,
  )
  const pages = sim.requests.slice(before).filter((r) => r.url.includes('theme=id-documents')).map((r) => /page=(\d+)/.exec(r.url)?.[1])
  expect(pages).toEqual(['1', '2'])
  expect(largestSetData('pages/catalog/index')).toBeLessThanOrEqual(SETDATA_LIMIT)
  find(catalog, '#catalog-filter').dispatchEvent('tap')
  await sim.waitForText(catalog, '热门服务')
})

test('the 法人办事 switch reloads the hot list for businesses', async () => {
  const catalog = open('pages/catalog/index')
  await sim.waitForText(catalog, '热门服务', 15_000)
  const before = sim.requests.length
  find(catalog, '#audience-business').dispatchEvent('tap')
  await sim.waitFor(
    () => sim.requests.slice(before).find((r) => r.url.includes('audience=business')),
    () => 'no request for business services',
  )
  const hotFor = async (audience: string) =>
    ((await get(`${server.url}/api/services?audience=${audience}&page=1&pageSize=10`)).body as { items: { name: string }[] }).items.map((i) => i.name)
  const business = await hotFor('business')
  await sim.waitForText(catalog, business)
  find(catalog, '#audience-person').dispatchEvent('tap')
  const person = (await hotFor('person')).filter((n) => !business.includes(n))
  await sim.waitForText(catalog, person)
  expect(textOf(catalog.dom?.innerHTML ?? '')).not.toContain(business.find((n) => !person.includes(n)) ?? '∅')
})

test('在线办理 opens the application form of an item that can be applied for online (在线办)', async () => {
  const code = 'gz-hrss-ss-card-loss'
  const real = (await get(`${server.url}/api/services/${code}`)).body as { name: string; onlineDepth: string }
  expect(['full', 'mostly']).toContain(real.onlineDepth)
  const page = open('packages/guide/pages/detail/index', { code })
  await sim.waitForText(page, [real.name, '在线办理'], 10_000)
  const before = sim.navCalls.length
  find(page, '#guide-online').dispatchEvent('tap')
  expect(await sim.waitFor(() => sim.navCalls[before], () => '在线办理 went nowhere')).toEqual({
    api: 'navigateTo',
    url: `/packages/apply/pages/form/index?code=${code}`,
  })
})
