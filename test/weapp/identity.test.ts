/**
 * Identity (issue 3) in the compiled WeChat mini-program rendered in miniprogram-simulate: WeChat's privacy
 * opt-in, 微信一键登录, 我的 signed in, 实名认证, the privacy popup, 注销账号, and the staff sign-in. The
 * tests run in order: signing in carries over from one to the next.
 *
 * miniprogram-simulate needs a DOM (exparser renders into one), hence the jsdom environment for this file.
 *
 * @jest-environment jsdom
 */
import type { Me } from '@contract/me'
import { BUILD_TIMEOUT_MS, ensureBuilt } from '../support/build'
import { API_BASE, COMING_SOON, DEPARTMENTS, departmentsServer, find, ok } from './pages-support'
import { WeappSimulator, textOf, type FakeResponse, type SimRoot } from './simulator'

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
  await sim.waitForText(bench, ['工作人员工作台', '陈晓华', '部门工作人员', '在线办件'])
  // Every card on the workbench leads to working pages: no 建设中 card is left (issue 14).
  expect(bench.dom?.innerHTML ?? '').not.toContain(COMING_SOON)
})
