/**
 * The compiled WeChat mini-program (dist/weapp, production build) rendered in miniprogram-simulate:
 * every page in app.json, the home entry grid's navigation, the catalog's load / failure / retry, 我的.
 *
 * miniprogram-simulate needs a DOM (exparser renders into one), hence the jsdom environment for this
 * file; the Taro runtime inside the bundle does not look at it (its document is its own).
 *
 * @jest-environment jsdom
 */
import fs from 'node:fs'
import path from 'node:path'
import type { DepartmentList } from '@contract/department'
import type { Me } from '@contract/me'
import { HOME_FEATURES } from '@/features'
import { BUILD_TIMEOUT_MS, ensureBuilt } from '../support/build'
import { WeappSimulator, textOf, type FakeResponse, type SimNode, type SimRoot } from './simulator'

const API_BASE = 'http://localhost:8080/api'
const NETWORK_MESSAGE = '网络连接不可用，请检查网络后重试'
const COMING_SOON = '该功能正在建设中，暂未开放'

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
}

/** Subpackage pages of features that are not open yet: they must say so. */
const COMING_SOON_ROUTES = [
  'packages/staff/pages/index/index',
]

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

const DEPARTMENTS: DepartmentList = {
  items: [
    { code: 'gz-police', name: '广州市公安局', shortName: '市公安局' },
    { code: 'gz-hrss', name: '广州市人力资源和社会保障局', shortName: '市人社局' },
    { code: 'gz-medical-security', name: '广州市医疗保障局', shortName: '市医保局' },
  ],
}

const ok = (body: unknown): FakeResponse => ({ statusCode: 200, data: body, header: { 'Content-Type': 'application/json; charset=utf-8' } })
const connectionRefused: FakeResponse = { fail: 'request:fail net::ERR_CONNECTION_REFUSED' }

/**
 * Answers GET /api/departments like the API server, and the catalog's browse lists (themes, bundles, the
 * hot list) as an empty catalog; anything else is a 404 with the server's error shape.
 */
function departmentsServer(body: DepartmentList) {
  return (req: { url: string; method: string }): FakeResponse => {
    if (req.method !== 'GET') return { statusCode: 404, data: { code: 'NOT_FOUND', message: '未找到' } }
    if (req.url === `${API_BASE}/departments`) return ok(body)
    if (req.url === `${API_BASE}/themes` || req.url === `${API_BASE}/bundles`) return ok({ items: [] })
    if (req.url.startsWith(`${API_BASE}/services?`)) return ok({ items: [], total: 0, page: 1, pageSize: 10 })
    return { statusCode: 404, data: { code: 'NOT_FOUND', message: '未找到' } }
  }
}

/** Whether some element of the page has exactly `text` as its text. */
function showsExactly(comp: SimNode, text: string): boolean {
  const nodes = comp.dom ? Array.from(comp.dom.querySelectorAll('wx-text, wx-view')) : []
  return nodes.some((n) => n.textContent?.trim() === text)
}

function find(comp: SimNode, selector: string): SimNode {
  const node = comp.querySelector(selector)
  if (!node) throw new Error(`no ${selector} on the page: ${textOf(comp.dom?.innerHTML ?? '').slice(0, 300)}`)
  return node
}

let sim: WeappSimulator
const opened: SimRoot[] = []

function open(route: string, query?: Record<string, string>): SimRoot {
  const comp = sim.open(route, query)
  opened.push(comp)
  return comp
}

beforeAll(() => {
  const dir = ensureBuilt('weapp')
  sim = new WeappSimulator(dir)
  sim.requestHandler = departmentsServer(DEPARTMENTS)
  sim.boot()
}, BUILD_TIMEOUT_MS)

afterEach(() => {
  // Close what the test opened (WeChat's onUnload), newest first, then check nothing went wrong.
  while (opened.length) sim.close(opened.pop()!)
  const errors = sim.errors.splice(0)
  expect(errors).toEqual([])
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
    sim.close(opened.pop()!)
  }
  expect(failures).toEqual([])
})

test('home: the first render sends one modest setData', async () => {
  const before = sim.setDataLog.length
  const home = open('pages/home/index')
  await sim.waitForText(home, '常用服务')
  const first = sim.setDataLog.slice(before).find((u) => u.route === 'pages/home/index')
  expect(first).toBeDefined()
  expect(first!.bytes).toBeLessThan(64 * 1024)
})

test('home: each entry tile opens its page, tiles not open yet say 即将开放', async () => {
  const home = open('pages/home/index')
  await sim.waitForText(home, '常用服务')
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
    ['#me-staff', '/packages/staff/pages/index/index'],
  ]
  for (const [selector, url] of cases) {
    const before = sim.navCalls.length
    find(me, selector).dispatchEvent('tap')
    expect(await sim.waitFor(() => sim.navCalls[before], () => `${selector} navigated nowhere`)).toEqual({ api: 'navigateTo', url })
  }

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
  const page = open('packages/staff/pages/index/index')
  await sim.waitForText(page, COMING_SOON)
  let before = sim.navCalls.length
  find(page, '#coming-soon-back').dispatchEvent('tap')
  expect(await sim.waitFor(() => sim.navCalls[before], () => '返回 did nothing')).toEqual({ api: 'navigateBack', url: undefined })

  while (opened.length) sim.close(opened.pop()!)
  const direct = open('packages/staff/pages/index/index')
  await sim.waitForText(direct, COMING_SOON)
  before = sim.navCalls.length
  find(direct, '#coming-soon-back').dispatchEvent('tap')
  expect(await sim.waitFor(() => sim.navCalls[before], () => '返回 did nothing')).toEqual({ api: 'switchTab', url: '/pages/home/index' })
})

// --- identity (issue 3): these run last, they sign the resident in for the rest of the file --------------

const TOKEN = 'session-token-from-server'
const ME_L1: Me = { id: 'u-1', level: 1, phone: '138****5678', providers: ['wechat'] }
const ME_L2: Me = { ...ME_L1, level: 2, realName: { name: '张*明', idNumber: '440***********1231' } }

/** A server for the signed-in resident: sign-in by WeChat code, /me, real name. Records what it was sent. */
function identityServer(state: { me: Me; wechatCodes: string[] }) {
  return (req: { url: string; method: string; data: unknown; header: Record<string, string> }): FakeResponse => {
    const authed = req.header.Authorization === `Bearer ${TOKEN}`
    if (req.method === 'POST' && req.url === `${API_BASE}/auth/wechat`) {
      state.wechatCodes.push((req.data as { code: string }).code)
      return ok({ token: TOKEN, expiresAt: '2026-12-24T00:00:00.000Z', user: state.me })
    }
    if (!authed) return { statusCode: 401, data: { code: 'UNAUTHORIZED', message: '请先登录' } }
    if (req.method === 'GET' && req.url === `${API_BASE}/me`) return ok(state.me)
    if (req.method === 'PUT' && req.url === `${API_BASE}/me/realname`) {
      state.me = ME_L2
      return ok(state.me)
    }
    return { statusCode: 404, data: { code: 'NOT_FOUND', message: '未找到' } }
  }
}

const state = { me: ME_L1, wechatCodes: [] as string[] }

test('WeChat privacy: app.json opts in to the privacy check and the app registers its own handler at start', () => {
  expect((sim.appJson as unknown as Record<string, unknown>).__usePrivacyCheck__).toBe(true)
  expect(sim.privacyListener).toBeInstanceOf(Function)
  // WeChat refuses getLocation / chooseLocation unless app.json declares them, with a reason for the resident.
  const app = sim.appJson as unknown as { requiredPrivateInfos?: string[]; permission?: Record<string, { desc: string }> }
  expect(app.requiredPrivateInfos).toEqual(expect.arrayContaining(['getLocation', 'chooseLocation']))
  expect(app.permission?.['scope.userLocation']?.desc).toMatch(/服务大厅/)
})

test('login: consent first, then 微信一键登录 calls wx.login and posts the code to /api/auth/wechat', async () => {
  sim.requestHandler = identityServer(state)
  const login = open('packages/account/pages/login/index')
  await sim.waitForText(login, ['登录一站办', '微信一键登录', '手机号验证码登录', '《一站办隐私政策》'])

  // Without ticking the agreement nothing is sent, and the page says why.
  const logins = () => sim.apiCalls.filter((c) => c.api === 'login').length
  const before = logins()
  find(login, '#login-platform').dispatchEvent('tap')
  await sim.waitForText(login, '请先阅读并勾选同意《一站办隐私政策》')
  expect(logins()).toBe(before)

  find(login, '#agreement-check').dispatchEvent('tap')
  await sim.waitForText(login, '✓')
  const requestsBefore = sim.requests.length
  const navBefore = sim.navCalls.length
  find(login, '#login-platform').dispatchEvent('tap')
  await sim.waitFor(() => logins() > before, () => 'wx.login was never called')
  const post = await sim.waitFor(
    () => sim.requests.slice(requestsBefore).find((r) => r.url === `${API_BASE}/auth/wechat`),
    () => `no POST /auth/wechat; requests: ${JSON.stringify(sim.requests.slice(requestsBefore).map((r) => r.url))}`,
  )
  expect(post.method).toBe('POST')
  expect(post.data).toEqual({ code: 'wx-test-code' })
  expect(post.header.Authorization).toBeUndefined()
  // Opened directly (nothing to go back to): signed in, it goes to 我的.
  expect(await sim.waitFor(() => sim.navCalls[navBefore], () => 'signing in went nowhere')).toEqual({ api: 'switchTab', url: '/pages/me/index' })
})

test('login: a refused WeChat code is shown inline and the page stays', async () => {
  const login = open('packages/account/pages/login/index')
  await sim.waitForText(login, '微信一键登录')
  sim.requestHandler = () => ({ statusCode: 401, data: { code: 'WECHAT_CODE_INVALID', message: '微信登录凭证已失效，请重新登录' } })
  find(login, '#agreement-check').dispatchEvent('tap')
  await sim.waitForText(login, '✓')
  const navBefore = sim.navCalls.length
  find(login, '#login-platform').dispatchEvent('tap')
  await sim.waitForText(login, '微信登录凭证已失效，请重新登录')
  expect(sim.navCalls.length).toBe(navBefore)
  // The earlier session is untouched by a failed sign-in (no token was sent, so no sign-out).
  sim.requestHandler = identityServer(state)
})

test('我的: signed in, it shows the masked phone and the level from GET /api/me', async () => {
  sim.requestHandler = identityServer(state)
  const before = sim.requests.length
  const me = open('pages/me/index')
  await sim.waitForText(me, ['138****5678', '未实名', '个人信息', '实名认证', '隐私政策', '导出我的数据', '注销账号'])
  const get = await sim.waitFor(
    () => sim.requests.slice(before).find((r) => r.url === `${API_BASE}/me`),
    () => 'the page never asked GET /api/me',
  )
  expect(get.header.Authorization).toBe(`Bearer ${TOKEN}`)
  expect(textOf(me.dom?.innerHTML ?? '')).not.toContain('未登录')
})

test('实名认证: a wrong check digit is explained while typing; a right one is accepted and the masked result shown', async () => {
  sim.requestHandler = identityServer(state)
  const page = open('packages/account/pages/realname/index')
  await sim.waitForText(page, ['实名认证', '身份证号码', '提交认证'])
  find(page, '#realname-name').dispatchEvent('input', { detail: { value: '张三明' } })
  await new Promise((r) => setTimeout(r, 20))
  find(page, '#realname-id').dispatchEvent('input', { detail: { value: '44010619900307' } })
  await sim.waitForText(page, '还差 4 位')
  find(page, '#realname-id').dispatchEvent('input', { detail: { value: '440106199003071230' } })
  await sim.waitForText(page, '校验位应为 1，请核对最后一位')

  // Submitting a wrong number sends nothing.
  const before = sim.requests.length
  find(page, '#realname-submit').dispatchEvent('tap')
  await new Promise((r) => setTimeout(r, 50))
  expect(sim.requests.slice(before).filter((r) => r.url.endsWith('/me/realname'))).toEqual([])

  find(page, '#realname-id').dispatchEvent('input', { detail: { value: '440106199003071231' } })
  await sim.waitForText(page, '号码格式正确')
  find(page, '#realname-submit').dispatchEvent('tap')
  await sim.waitForText(page, ['已完成实名认证', '440***********1231', '张*明', '已实名'])
  const put = sim.requests.slice(before).find((r) => r.url === `${API_BASE}/me/realname`)
  expect(put?.method).toBe('PUT')
  expect(put?.data).toEqual({ name: '张三明', idNumber: '440106199003071231' })
})

test('privacy popup: a privacy API waiting for consent brings up the app\'s popup; 不同意 answers disagree', async () => {
  const page = open('packages/account/pages/data/index')
  await sim.waitForText(page, '导出我的数据')
  const answers: unknown[] = []
  sim.privacyListener!((answer) => answers.push(answer), { referrer: 'setClipboardData' })
  await sim.waitForText(page, ['隐私保护提示', '同意并继续', '不同意'])
  expect(find(page, '#privacy-agree')).toBeTruthy()
  find(page, '#privacy-disagree').dispatchEvent('tap')
  await sim.waitFor(() => answers.length === 1, () => 'the popup never answered')
  expect(answers).toEqual([{ event: 'disagree' }])
  await sim.waitFor(() => !textOf(page.dom?.innerHTML ?? '').includes('隐私保护提示'), () => 'the popup stayed up')

  // Next time the resident agrees through the agreePrivacyAuthorization button, which WeChat checks by id.
  sim.privacyListener!((answer) => answers.push(answer), { referrer: 'setClipboardData' })
  await sim.waitForText(page, '同意并继续')
  const agree = find(page, '#privacy-agree')
  // The button is WeChat's own agreePrivacyAuthorization button (its open-type is in the page's render data).
  expect(JSON.stringify((page.instance as { data?: unknown }).data)).toContain('"agreePrivacyAuthorization"')
  agree.dispatchEvent('agreeprivacyauthorization', { detail: { errMsg: 'agreePrivacyAuthorization:ok' } })
  await sim.waitFor(() => answers.length === 2, () => 'agreeing answered nothing')
  expect(answers[1]).toEqual({ event: 'agree', buttonId: 'privacy-agree' })
})

test('注销账号: 我的 asks first, then DELETE /api/me, and the resident is signed out', async () => {
  const calls: string[] = []
  const server = identityServer(state)
  sim.requestHandler = (req) => {
    calls.push(`${req.method} ${req.url}`)
    if (req.method === 'DELETE' && req.url === `${API_BASE}/me`) return { statusCode: 204, data: '' }
    return server(req)
  }
  const me = open('pages/me/index')
  await sim.waitForText(me, '注销账号')
  const modals = sim.apiCalls.filter((c) => c.api === 'showModal').length
  find(me, '#me-delete').dispatchEvent('tap')
  const modal = await sim.waitFor(() => sim.apiCalls.filter((c) => c.api === 'showModal')[modals], () => '注销账号 did not ask')
  expect((modal.args as { content: string }).content).toContain('身份证号码')
  await sim.waitForText(me, ['未登录', '登录 / 注册'])
  expect(calls).toContain(`DELETE ${API_BASE}/me`)
})

test('staff: a lock-out is shown in the server\'s words; signed in, the workbench shows name, role and department', async () => {
  const staffProfile = { id: 's1', username: 'gzga01', displayName: '陈晓华', role: 'dept_staff', departmentCode: 'gz-police' }
  let locked = true
  sim.requestHandler = (req) => {
    if (req.method === 'POST' && req.url === `${API_BASE}/auth/staff`) {
      return locked
        ? { statusCode: 423, data: { code: 'STAFF_LOCKED', message: '密码连续错误 5 次，账号已锁定，请 15 分钟后再试' } }
        : ok({ token: 'staff-token', expiresAt: '2026-11-24T20:00:00.000Z', staff: staffProfile })
    }
    if (req.method === 'GET' && req.url === `${API_BASE}/staff/me`) return ok(staffProfile)
    return departmentsServer(DEPARTMENTS)(req)
  }
  const login = open('packages/staff/pages/login/index')
  await sim.waitForText(login, ['工作人员登录', '账号', '密码'])
  find(login, '#staff-username').dispatchEvent('input', { detail: { value: 'gzga01' } })
  await new Promise((r) => setTimeout(r, 20))
  find(login, '#staff-password').dispatchEvent('input', { detail: { value: 'wrong-password' } })
  await new Promise((r) => setTimeout(r, 20))
  find(login, '#staff-login-submit').dispatchEvent('tap')
  await sim.waitForText(login, '密码连续错误 5 次，账号已锁定，请 15 分钟后再试')
  const post = sim.requests.filter((r) => r.url === `${API_BASE}/auth/staff`).at(-1)
  expect(post?.data).toEqual({ username: 'gzga01', password: 'wrong-password' })
  // A staff sign-in never carries the resident's session.
  expect(post?.header.Authorization).toBeUndefined()

  locked = false
  find(login, '#staff-password').dispatchEvent('input', { detail: { value: 'right-password' } })
  await new Promise((r) => setTimeout(r, 20))
  const navBefore = sim.navCalls.length
  find(login, '#staff-login-submit').dispatchEvent('tap')
  expect(await sim.waitFor(() => sim.navCalls[navBefore], () => 'signing in went nowhere')).toEqual({
    api: 'redirectTo',
    url: '/packages/staff/pages/index/index',
  })

  const bench = open('packages/staff/pages/index/index')
  await sim.waitForText(bench, ['工作人员工作台', '陈晓华', '部门工作人员', COMING_SOON])
})
