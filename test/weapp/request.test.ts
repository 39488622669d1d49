/**
 * 12345 in the compiled WeChat mini-program, answered by the REAL API server (fresh PGlite, DEMO staff, fake SMS):
 * the filing form renders with every field, counts characters, suggests a category and files with an
 * Idempotency-Key; the detail page shows the timeline, and after the hotline accepts and dispatches (over the API)
 * the new steps appear with the department's name.
 *
 * @jest-environment jsdom
 */
import http from 'node:http'
import { DEMO_STAFF_PASSWORD } from '../../server/db/seed/demo'
import { BUILD_TIMEOUT_MS, ensureBuilt } from '../support/build'
import { fakeEnv, startFakeSms, type FakeSms } from '../support/fakes'
import { startServer, type RunningServer } from '../support/server-process'
import { WeappSimulator, find, textOf, type FakeResponse, type RequestRecord, type SimRoot } from './simulator'

const API_BASE = 'http://localhost:8080/api'
const PHONE = '13800138077'
const CONTENT = '体育西路 100 号门口每天晚上都有车辆乱停，违停很严重，堵住出入口，希望尽快处理。'

interface Answer {
  status: number
  body: unknown
  headers: Record<string, string>
}

/** One HTTP call over node:http (jsdom has no fetch). */
function call(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
    const req = http.request(url, { method, headers: { ...headers, ...(payload !== undefined ? { 'content-type': 'application/json' } : {}) } }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => (text += c))
      res.on('end', () => {
        let parsed: unknown = text
        try {
          parsed = text ? JSON.parse(text) : ''
        } catch {
          // Not JSON.
        }
        const out: Record<string, string> = {}
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') out[k] = v
        resolve({ status: res.statusCode ?? 0, body: parsed, headers: out })
      })
    })
    req.on('error', reject)
    if (payload !== undefined) req.write(payload)
    req.end()
  })
}

let sms: FakeSms
let server: RunningServer
let sim: WeappSimulator

/** Forwards the app's wx.request to the real server, method, headers and JSON body as sent. */
async function realServer(req: RequestRecord): Promise<FakeResponse> {
  if (!req.url.startsWith(API_BASE)) return { statusCode: 404, data: { code: 'NOT_FOUND', message: '未找到' } }
  const headers: Record<string, string> = {}
  for (const [k, v] of Object.entries(req.header)) if (k.toLowerCase() !== 'content-type') headers[k] = v
  const res = await call(req.method, `${server.url}/api${req.url.slice(API_BASE.length)}`, req.data, headers)
  return { statusCode: res.status, data: res.body, header: res.headers }
}

const open = (route: string, query?: Record<string, string>): SimRoot => sim.open(route, query)


async function residentToken(): Promise<string> {
  await call('POST', `${server.url}/api/auth/sms/send`, { phone: PHONE })
  const deadline = Date.now() + 10_000
  while (!sms.lastCode(PHONE)) {
    if (Date.now() > deadline) throw new Error('no SMS code arrived')
    await new Promise((r) => setTimeout(r, 50))
  }
  const res = await call('POST', `${server.url}/api/auth/sms/verify`, { phone: PHONE, code: sms.lastCode(PHONE) })
  return (res.body as { token: string }).token
}

async function staffToken(username: string): Promise<string> {
  const res = await call('POST', `${server.url}/api/auth/staff`, { username, password: DEMO_STAFF_PASSWORD })
  return (res.body as { token: string }).token
}

beforeAll(async () => {
  const dir = ensureBuilt('weapp')
  // startServer polls /api/health with fetch, which jsdom does not provide: a node:http stand-in.
  const g = globalThis as unknown as { fetch?: unknown }
  if (typeof g.fetch !== 'function') {
    g.fetch = async (url: string) => {
      const res = await call('GET', url)
      return { ok: res.status >= 200 && res.status < 300, status: res.status, json: async () => res.body }
    }
  }
  sms = await startFakeSms()
  server = await startServer({ DEMO: '1', LOG_LEVEL: 'warn', ...fakeEnv({ sms }) }, 180_000)
  sim = new WeappSimulator(dir)
  // Signed in before the app starts: the session is read from storage at launch.
  sim.storage.set('onestop.session', await residentToken())
  sim.requestHandler = realServer
  sim.boot()
}, BUILD_TIMEOUT_MS + 180_000)

afterAll(async () => {
  await server?.stop()
  await sms?.close()
})

afterEach(() => {
  expect(sim.closeAll()).toEqual([])
})

let requestId = ''
let number = ''

test('the filing form renders every field; typing counts characters and suggests a category; it files with an Idempotency-Key', async () => {
  const page = open('packages/request/pages/index/index')
  await sim.waitForText(page, [
    '12345 诉求',
    '我要反映',
    '我的诉求',
    '诉求类型',
    '咨询',
    '求助',
    '投诉',
    '举报',
    '建议',
    '诉求内容',
    '0/2000',
    '发生地点（选填）',
    '在地图上选点',
    '使用当前位置',
    '现场照片（选填，最多 9 张）',
    '联系电话（选填）',
    '匿名反映',
    '同意公开诉求内容',
    '提交诉求',
  ])
  find(page, '#request-type-complaint').dispatchEvent('tap')
  await sim.waitForText(page, '一般 15 个工作日内办结')
  find(page, '#request-content').dispatchEvent('input', { detail: { value: CONTENT } })
  await sim.waitForText(page, [`${Array.from(CONTENT).length}/2000`, '违章停车', '推荐'])
  find(page, '#request-anonymous').dispatchEvent('tap')
  await sim.waitFor(() => textOf(find(page, '#request-anonymous').dom?.innerHTML ?? '').includes('开'), () => 'the anonymous switch did not turn on')
  // The draft is in the mini-program's storage as typed.
  expect(JSON.parse(String(sim.storage.get('onestop.request.draft')))).toMatchObject({ type: 'complaint', content: CONTENT, anonymous: true })

  const before = sim.requests.length
  find(page, '#request-submit').dispatchEvent('tap')
  const html = await sim.waitForText(page, ['诉求已提交', '工单编号', '办理时限'], 10_000)
  number = /工单编号：\s*([A-Z]+\d+)/.exec(textOf(html))?.[1] ?? ''
  expect(number).toMatch(/^[A-Z]+\d{13}$/)
  const post = sim.requests.slice(before).find((r) => r.method === 'POST' && r.url === `${API_BASE}/requests`)!
  expect(post.header['Idempotency-Key']).toMatch(/^[A-Za-z0-9_-]{8,128}$/)
  expect(post.data).toMatchObject({ type: 'complaint', category: 'traffic.parking', content: CONTENT, anonymous: true, public: false })
  // Filed: the draft is gone from storage.
  expect(sim.storage.has('onestop.request.draft')).toBe(false)

  const navBefore = sim.navCalls.length
  find(page, '#request-filed-open').dispatchEvent('tap')
  const nav = await sim.waitFor(() => sim.navCalls[navBefore], () => '查看办理进度 went nowhere')
  expect(nav.api).toBe('navigateTo')
  requestId = new URLSearchParams(nav.url!.split('?')[1]).get('id') ?? ''
  expect(requestId).not.toBe('')
})

test('the detail page shows the timeline; steps taken by the hotline appear with the department, never a clerk', async () => {
  const page = open('packages/request/pages/detail/index', { id: requestId })
  await sim.waitForText(page, ['诉求详情', number, '已提交', '办理时限', '办理进度', '提交诉求', '匿名反映', '是（承办部门看不到您的身份）'], 10_000)

  const token = await staffToken('demo-dispatcher')
  const auth = { authorization: `Bearer ${token}` }
  expect((await call('POST', `${server.url}/api/staff/requests/${requestId}/actions`, { action: 'accept' }, auth)).status).toBe(200)
  expect((await call('POST', `${server.url}/api/staff/requests/${requestId}/actions`, { action: 'dispatch', departmentCode: 'gz-police' }, auth)).status).toBe(200)

  ;(page.instance.onPullDownRefresh as () => void)()
  const html = await sim.waitForText(page, ['已派单', '受理', '派单', '派往：市公安局', '12345热线', '承办单位'], 10_000)
  expect(textOf(html)).not.toContain('演示')
  // Newest step first.
  const text = textOf(html)
  expect(text.indexOf('派往：市公安局')).toBeLessThan(text.indexOf('提交诉求'))
})

test('我的诉求 lists the request with its status', async () => {
  const page = open('packages/request/pages/index/index', { tab: 'mine' })
  await sim.waitForText(page, [number, '已派单', '投诉'], 10_000)
  const navBefore = sim.navCalls.length
  find(page, `#request-item-${number}`).dispatchEvent('tap')
  expect(await sim.waitFor(() => sim.navCalls[navBefore], () => 'the list item went nowhere')).toEqual({
    api: 'navigateTo',
    url: `/packages/request/pages/detail/index?id=${requestId}`,
  })
})
