/**
 * The compiled WeChat mini-program (dist/weapp, production build) rendered in miniprogram-simulate:
 * every page in app.json, the home entry grid's navigation, the catalog's load / failure / retry, 我的
 * signed out. Signing in (resident and staff) is identity.test.ts.
 *
 * miniprogram-simulate needs a DOM (exparser renders into one), hence the jsdom environment for this
 * file; the Taro runtime inside the bundle does not look at it (its document is its own).
 *
 * @jest-environment jsdom
 */
import fs from 'node:fs'
import path from 'node:path'
import type { DepartmentList } from '@contract/department'
import { HOME_FEATURES } from '@/features'
import { BUILD_TIMEOUT_MS, ensureBuilt } from '../support/build'
import { API_BASE, COMING_SOON, DEPARTMENTS, departmentsServer, find } from './pages-support'
import { WeappSimulator, textOf, type FakeResponse, type SimNode, type SimRoot } from './simulator'

const NETWORK_MESSAGE = '网络连接不可用，请检查网络后重试'

/**
 * The heading a page shows on its face, where it is not the navigation bar title of its index.json
 * (the tab is called 办事, the page says 办事指南; 我的 greets the visitor with the sign-in state).
 */
const VISIBLE_HEADING: Record<string, string> = {
  'pages/catalog/index': '办事指南',
  'pages/me/index': '未登录',
  'packages/account/pages/login/index': '登录一站办',
  // Opened without ?code=, the guide pages say what they are and why nothing is shown.
  'packages/guide/pages/detail/index': '办事指南详情',
  'packages/guide/pages/bundle/index': '一件事',
  'packages/guide/pages/mine/index': '我的收藏',
  // 12345 (issue 6): opened without ?id=, the detail pages still show their heading.
  'packages/request/pages/index/index': '12345 诉求',
  'packages/request/pages/detail/index': '诉求详情',
  'packages/request/pages/public/index': '公开诉求',
  'packages/staff/pages/requests/index': '12345 工单',
  'packages/staff/pages/request/index': '工单详情',
  // 预约办事 (issue 5): opened without a query, each page still shows its heading.
  'packages/appointment/pages/index/index': '预约办事',
  'packages/appointment/pages/slots/index': '选择时段',
  'packages/appointment/pages/confirm/index': '确认预约',
  'packages/appointment/pages/detail/index': '预约详情',
  'packages/staff/pages/hall/index': '大厅预约',
  // 一码通城 (issue 8): opened without a query or signed out, each page still shows its heading.
  'packages/citycode/pages/print/index': '打印码',
  // Opened without ?code= / ?id= or without an admin session, they say why nothing is shown (issues 14 and 17).
  'packages/forms/pages/preview/index': '未指定要查看的事项',
  'packages/notice/pages/detail/index': '没有指定公告',
  'packages/staff/pages/announcements/index': '请先使用管理员账号登录',
}

/** Subpackage pages of features that are not open yet: they must say so (none since the workbench opened, issue 14). */
const COMING_SOON_ROUTES: string[] = []

/** The catalog's guide subpackage (issue 4): a service's guide, a 一件事 bundle, 我的收藏 / 最近浏览. */
const GUIDE_ROUTES = ['packages/guide/pages/detail/index', 'packages/guide/pages/bundle/index', 'packages/guide/pages/mine/index']

/** The account and staff pages this build must have (issue 3). */
const IDENTITY_ROUTES = [
  'packages/account/pages/login/index',
  'packages/account/pages/profile/index',
  'packages/account/pages/realname/index',
  'packages/account/pages/privacy/index',
  'packages/account/pages/data/index',
  'packages/staff/pages/login/index',
]

const connectionRefused: FakeResponse = { fail: 'request:fail net::ERR_CONNECTION_REFUSED' }

/** Whether some element of the page has exactly `text` as its text. */
function showsExactly(comp: SimNode, text: string): boolean {
  const nodes = comp.dom ? Array.from(comp.dom.querySelectorAll('wx-text, wx-view')) : []
  return nodes.some((n) => n.textContent?.trim() === text)
}

let sim: WeappSimulator
const open = (route: string, query?: Record<string, string>): SimRoot => sim.open(route, query)

beforeAll(() => {
  const dir = ensureBuilt('weapp')
  sim = new WeappSimulator(dir)
  sim.requestHandler = departmentsServer(DEPARTMENTS)
  sim.boot()
}, BUILD_TIMEOUT_MS)

afterEach(() => {
  // Close what the test opened (WeChat's onUnload), newest first, then check nothing went wrong.
  expect(sim.closeAll()).toEqual([])
})

test('app.json lists the main pages and every subpackage page', () => {
  const routes = sim.routes()
  expect(routes).toEqual(expect.arrayContaining(['pages/home/index', 'pages/catalog/index', 'pages/me/index']))
  expect(routes.filter((r) => r.startsWith('packages/')).length).toBeGreaterThanOrEqual(4)
  expect(routes).toEqual(expect.arrayContaining([...COMING_SOON_ROUTES, ...IDENTITY_ROUTES, ...GUIDE_ROUTES]))
  // The guide pages live in their own subpackage, keeping the main package small.
  expect(sim.appJson.pages.filter((p) => p.includes('guide'))).toEqual([])
  // Account pages live in a subpackage, not in the main package.
  expect(sim.appJson.pages.filter((p) => p.includes('account'))).toEqual([])
  // The map of visible headings must not name pages that no longer exist.
  for (const route of Object.keys(VISIBLE_HEADING)) expect(routes).toContain(route)
})

test('the tab bar is 首页/办事/我的 and its icons ship with the build', () => {
  const tabBar = (sim.appJson as { tabBar?: { list: { pagePath: string; text: string; iconPath?: string; selectedIconPath?: string }[] } }).tabBar
  const list = tabBar?.list ?? []
  expect(list.map((t) => [t.pagePath, t.text])).toEqual([
    ['pages/home/index', '首页'],
    ['pages/catalog/index', '办事'],
    ['pages/me/index', '我的'],
  ])
  for (const t of list) {
    for (const icon of [t.iconPath, t.selectedIconPath]) {
      expect(icon).toBeTruthy()
      expect(fs.existsSync(path.join(sim.distDir, icon!))).toBe(true)
    }
  }
})

test('every page in app.json renders its heading', async () => {
  const failures: string[] = []
  for (const route of sim.routes()) {
    const json = sim.pageJson(route)
    const heading = VISIBLE_HEADING[route] ?? (json.navigationBarTitleText as string | undefined)
    if (!heading) {
      failures.push(`${route}: no navigationBarTitleText and no entry in VISIBLE_HEADING`)
      continue
    }
    const started = Date.now()
    const comp = open(route)
    try {
      await sim.waitFor(
        () => showsExactly(comp, heading),
        () => `${route} never showed "${heading}": ${textOf(comp.dom?.innerHTML ?? '').slice(0, 300)}`,
      )
      if (COMING_SOON_ROUTES.includes(route)) await sim.waitForText(comp, COMING_SOON)
    } catch (err) {
      failures.push((err as Error).message)
    }
    const updates = sim.setDataLog.filter((u) => u.route === route)
    if (updates.length === 0) failures.push(`${route}: rendered without any setData (${Date.now() - started} ms)`)
    sim.close(comp)
  }
  expect(failures).toEqual([])
})

test('home: the first render sends one modest setData', async () => {
  const before = sim.setDataLog.length
  const home = open('pages/home/index')
  await sim.waitForText(home, '我的待办')
  const first = sim.setDataLog.slice(before).find((u) => u.route === 'pages/home/index')
  expect(first).toBeDefined()
  expect(first!.bytes).toBeLessThan(64 * 1024)
})

test('home: each entry tile opens its page, tiles not open yet say 即将开放', async () => {
  const home = open('pages/home/index')
  await sim.waitForText(home, '我的待办')
  const routes = sim.routes()
  const tabs = sim.tabRoutes()

  expect(home.querySelectorAll('.os-entry-grid__item')).toHaveLength(HOME_FEATURES.length)
  for (const feature of HOME_FEATURES) {
    const tile = find(home, `#entry-${feature.key}`)
    const tileText = textOf(tile.dom?.innerHTML ?? '')
    expect(tileText).toContain(feature.title)
    if (feature.status === 'soon') expect(tileText).toContain('即将开放')
    else expect(tileText).not.toContain('即将开放')

    const before = sim.navCalls.length
    tile.dispatchEvent('tap')
    const call = await sim.waitFor(
      () => sim.navCalls[before],
      () => `tapping #entry-${feature.key} navigated nowhere`,
    )
    const url = feature.url
    const path = url.slice(1).split('?')[0]
    // Tab pages can only be reached with switchTab (which drops the query); others with navigateTo.
    if (tabs.includes(path)) expect(call).toEqual({ api: 'switchTab', url: `/${path}` })
    else expect(call).toEqual({ api: 'navigateTo', url })
    expect(routes).toContain(call.url!.slice(1).split('?')[0])
    expect(sim.navCalls).toHaveLength(before + 1)
  }

  // The routes of today's grid, spelled out.
  const byKey = Object.fromEntries(sim.navCalls.slice(-HOME_FEATURES.length).map((c, i) => [HOME_FEATURES[i].key, c]))
  expect(byKey).toEqual({
    guide: { api: 'switchTab', url: '/pages/catalog/index' },
    appointment: { api: 'navigateTo', url: '/packages/appointment/pages/index/index' },
    request: { api: 'navigateTo', url: '/packages/request/pages/index/index' },
    citycode: { api: 'navigateTo', url: '/packages/citycode/pages/index/index' },
    myAppointments: { api: 'navigateTo', url: '/packages/appointment/pages/index/index?tab=mine' },
    myRequests: { api: 'navigateTo', url: '/packages/request/pages/index/index?tab=mine' },
  })

  const before = sim.navCalls.length
  find(home, '#home-search').dispatchEvent('tap')
  expect(await sim.waitFor(() => sim.navCalls[before], () => 'the search box navigated nowhere')).toEqual({
    api: 'switchTab',
    url: '/pages/catalog/index',
  })
})

test('catalog: lists the departments the API returns', async () => {
  sim.requestHandler = departmentsServer(DEPARTMENTS)
  const catalog = open('pages/catalog/index')
  await sim.waitForText(catalog, DEPARTMENTS.items.map((d) => d.name))
  // Loaded by the page on show (here, or when an earlier test opened it: the store outlives pages).
  const calls = sim.requests.filter((r) => r.url.endsWith('/departments'))
  expect(calls.length).toBeGreaterThan(0)
  for (const r of calls) {
    expect(r.url).toBe(`${API_BASE}/departments`)
    expect(r.method).toBe('GET')
    expect(r.header.Accept).toBe('application/json')
  }
})

test('catalog: a failed load says why and offers 重试, which recovers', async () => {
  sim.requestHandler = departmentsServer(DEPARTMENTS)
  const catalog = open('pages/catalog/index')
  await sim.waitForText(catalog, DEPARTMENTS.items[0].name)

  // Pull to refresh while offline: the client retries the GET twice (300 ms, 1000 ms), then gives up.
  sim.requestHandler = () => connectionRefused
  const before = sim.requests.length
  const refreshesBefore = sim.apiCalls.filter((c) => c.api === 'stopPullDownRefresh').length
  ;(catalog.instance.onPullDownRefresh as () => void)()
  await sim.waitForText(catalog, '正在加载…')
  await sim.waitForText(catalog, [NETWORK_MESSAGE, '重试'], 6000)
  // The departments GET was tried three times; the browse lists fall back to their saved (empty) copy.
  expect(sim.requests.slice(before).filter((r) => r.url.endsWith('/departments')).length).toBe(3)
  expect(textOf(catalog.dom?.innerHTML ?? '')).not.toContain(DEPARTMENTS.items[0].name)
  await sim.waitFor(
    () => sim.apiCalls.filter((c) => c.api === 'stopPullDownRefresh').length > refreshesBefore,
    () => 'the pull-down refresh indicator was never stopped',
  )

  // Back online: 重试 loads again and the (now longer) list replaces the error.
  const more: DepartmentList = { items: [...DEPARTMENTS.items, { code: 'gz-housing-fund', name: '广州住房公积金管理中心', shortName: '市住房公积金中心' }] }
  sim.requestHandler = departmentsServer(more)
  find(catalog, '.os-page-state__retry').dispatchEvent('tap')
  await sim.waitForText(catalog, more.items.map((d) => d.name))
  expect(textOf(catalog.dom?.innerHTML ?? '')).not.toContain(NETWORK_MESSAGE)
})

test('catalog: a server error is worded for a person, not shown raw', async () => {
  const catalog = open('pages/catalog/index')
  await sim.waitForText(catalog, '办事指南')
  sim.requestHandler = () => ({ statusCode: 500, data: { code: 'INTERNAL', message: 'relation "departments" does not exist' } })
  ;(catalog.instance.onPullDownRefresh as () => void)()
  await sim.waitForText(catalog, ['服务暂时不可用，请稍后重试', '重试'], 6000)
  expect(catalog.dom?.innerHTML).not.toContain('relation')
  sim.requestHandler = departmentsServer(DEPARTMENTS)
  find(catalog, '.os-page-state__retry').dispatchEvent('tap')
  await sim.waitForText(catalog, DEPARTMENTS.items[0].name)
})

test('我的: signed out, with my appointments and requests', async () => {
  const me = open('pages/me/index')
  await sim.waitForText(me, ['未登录', '我的收藏', '最近浏览', '我的预约', '我的诉求', '登录 / 注册'])

  const cases: [string, string][] = [
    ['#me-favourites', '/packages/guide/pages/mine/index?tab=favourites'],
    ['#me-recent', '/packages/guide/pages/mine/index?tab=recent'],
    ['#me-appointments', '/packages/appointment/pages/index/index?tab=mine'],
    ['#me-requests', '/packages/request/pages/index/index?tab=mine'],
  ]
  for (const [selector, url] of cases) {
    const before = sim.navCalls.length
    find(me, selector).dispatchEvent('tap')
    expect(await sim.waitFor(() => sim.navCalls[before], () => `${selector} navigated nowhere`)).toEqual({ api: 'navigateTo', url })
  }
  // Residents see no staff entry; staff long-press the footer line to open the workbench.
  expect(me.dom?.innerHTML).not.toContain('工作人员入口')
  const beforeStaff = sim.navCalls.length
  find(me, '#me-staff').dispatchEvent('longpress')
  expect(await sim.waitFor(() => sim.navCalls[beforeStaff], () => '#me-staff long-press navigated nowhere')).toEqual({
    api: 'navigateTo',
    url: '/packages/staff/pages/index/index',
  })

  // Signed out, the account cells lead to sign-in; the privacy policy is open to everyone.
  const signedOutCases: [string, string][] = [
    ['#me-sign-in', '/packages/account/pages/login/index'],
    ['#me-profile', '/packages/account/pages/login/index'],
    ['#me-realname', '/packages/account/pages/login/index'],
    ['#me-export', '/packages/account/pages/login/index'],
    ['#me-privacy', '/packages/account/pages/privacy/index'],
  ]
  for (const [selector, url] of signedOutCases) {
    const before = sim.navCalls.length
    find(me, selector).dispatchEvent('tap')
    expect(await sim.waitFor(() => sim.navCalls[before], () => `${selector} navigated nowhere`)).toEqual({ api: 'navigateTo', url })
  }
  expect(me.querySelector('#me-delete')).toBeFalsy()
})

test('a subpackage page goes back when opened from another page, and home when opened directly', async () => {
  open('pages/home/index')
  const page = open('packages/request/pages/detail/index')
  await sim.waitForText(page, '诉求详情')
  let before = sim.navCalls.length
  find(page, '#request-back').dispatchEvent('tap')
  expect(await sim.waitFor(() => sim.navCalls[before], () => '返回 did nothing')).toEqual({ api: 'navigateBack', url: undefined })

  expect(sim.closeAll()).toEqual([])
  const direct = open('packages/request/pages/detail/index')
  await sim.waitForText(direct, '诉求详情')
  before = sim.navCalls.length
  find(direct, '#request-back').dispatchEvent('tap')
  expect(await sim.waitFor(() => sim.navCalls[before], () => '返回 did nothing')).toEqual({ api: 'switchTab', url: '/pages/home/index' })
})
