// H5 in chromium: 好差评 of a hall visit end to end. The API runs in this process (buildApp on in-memory PGlite, the
// H5 build served beside it) so the test can write a checked-in visit straight into the tables. A resident rates the visit
// 不满意 from the appointment page; the hall department's clerk finds the 整改 in their queue and records the 回访 and
// the result; the resident sees it and confirms; the public ratings page (no sign-in) shows the hall's figures and
// passes axe-core with no critical or serious violation. The same for a 12345 request: the resident rates it 不满意
// with 问题未解决 on 诉求详情, the police record 回访 and 整改 in their queue, 诉求详情 shows it and the resident confirms;
// the hotline's 回访 of another request records the resident's 问题是否解决 from the workbench.
import { randomUUID } from 'node:crypto'
import type { Page } from 'playwright-core'
import { buildApp, type App } from '../../server/app'
import { createDataCrypto } from '../../server/crypto'
import { openDatabase, type Db } from '../../server/db'
import { distDir, ensureBuilt, BUILD_TIMEOUT_MS } from '../support/build'
import { heights, launchBrowser, screenshot, seriousViolations, settled, type Browser } from '../support/browser'
import { prepareDatabase, serve, testConfig, type Served } from '../server/helpers'
import { makeResident, makeStaff } from '../server/similar-support'

const KEY = Buffer.alloc(32, 9)
const crypto = createDataCrypto(KEY)
const HALL = 'hall-tianhe'

let db: Db
let app: App
let served: Served
let browser: Browser
let page: Page
let residentToken = ''
let clerkToken = ''
let visitId = ''
/** Real time: the clerk's form sends the moment of the 回访 from the browser's clock. */
const clock = () => new Date()

jest.setTimeout(120_000)

beforeAll(async () => {
  ensureBuilt('h5')
  db = await prepareDatabase(await openDatabase({}))
  app = await buildApp({ config: testConfig({ DATA_KEY: KEY.toString('base64'), H5_DIR: distDir('h5') }), db, clock, logger: false, crypto })
  served = await serve(app)
  const svc = (
    await db.query<{ service_code: string; service_name: string; department_code: string }>(
      `SELECT hs.service_code, s.name AS service_name, s.department_code FROM hall_services hs JOIN services s ON s.code = hs.service_code
        WHERE hs.hall_id = $1 ORDER BY hs.service_code LIMIT 1`,
      [HALL],
    )
  ).rows[0]
  const resident = await makeResident(db, crypto, '13800138009', clock())
  residentToken = resident.headers.authorization.slice('Bearer '.length)
  clerkToken = (await makeStaff(db, 'h5-clerk', 'dept_staff', svc.department_code, clock(), { displayName: '窗口科长' })).headers.authorization.slice('Bearer '.length)
  // A visit that ended an hour ago, checked in.
  const endsAt = new Date(clock().getTime() - 3600_000)
  const startsAt = new Date(endsAt.getTime() - 1800_000)
  const slot = await db.query<{ id: string }>(
    `INSERT INTO slots (hall_id, service_code, starts_at, ends_at, capacity, booked) VALUES ($1, $2, $3, $4, 5, 1) RETURNING id`,
    [HALL, svc.service_code, startsAt, endsAt],
  )
  visitId = randomUUID()
  await db.query(
    `INSERT INTO appointments (id, code, user_id, slot_id, hall_id, service_code, starts_at, status, queue_number, created_at, checked_in_at)
     VALUES ($1, 'H5RATE01', $2, $3, $4, $5, $6, 'checked_in', 'A001', $6, $6)`,
    [visitId, resident.id, slot.rows[0].id, HALL, svc.service_code, startsAt],
  )
  browser = await launchBrowser()
  page = browser.page
  await page.goto(`${served.url}/`)
  await page.evaluate(
    ([r, s]) => {
      localStorage.setItem('onestop.session', JSON.stringify({ data: r }))
      localStorage.setItem('onestop.staff-session', JSON.stringify({ data: s }))
    },
    [residentToken, clerkToken],
  )
  await page.reload()
}, BUILD_TIMEOUT_MS + 120_000)

afterAll(async () => {
  await browser?.close()
  await served?.close()
  await db?.close()
})

const shot = (name: string) => screenshot(page, name)
const textarea = (id: string) => page.locator(`#${id} textarea`)
/** The browser's sessions: the resident's and the staff member's tokens as the app keeps them. */
async function signIn(resident: string, staff: string): Promise<void> {
  await page.evaluate(
    ([r, s]) => {
      localStorage.setItem('onestop.session', JSON.stringify({ data: r }))
      localStorage.setItem('onestop.staff-session', JSON.stringify({ data: s }))
    },
    [resident, staff],
  )
}
/** Opens a page on its own (a reload, so Taro's page stack holds no earlier page with the same ids). */
async function open(hashPath: string): Promise<void> {
  await page.goto(`${served.url}/#${hashPath}`)
  await page.reload()
}

test('a resident rates a hall visit 不满意, the department records 回访 and 整改, the resident confirms', async () => {
  await open(`/packages/appointment/pages/detail/index?id=${visitId}`)
  await settled(page, '#appt-rate')
  await page.locator('#appt-rate').click()

  await settled(page, '#rate-form')
  for (const level of ['5', '4', '3', '2', '1']) await page.locator(`#rate-level-${level}`).waitFor()
  await expect(page.locator('#rate-form').innerText()).resolves.toMatch(/非常满意[\s\S]*满意[\s\S]*基本满意[\s\S]*不满意[\s\S]*非常不满意/)
  // Sending with an indicator missing says what is missing.
  await page.locator('#rate-level-2').click()
  await page.locator('#rate-submit').click()
  await expect(page.locator('#rate-problem').innerText()).resolves.toBe('请为每一项指标打分')
  for (const key of ['speed', 'service', 'attitude']) await page.locator(`#rate-${key}-2`).click()
  await page.locator('#rate-resolved-no').click()
  await textarea('rate-comment').fill('窗口没有一次性告知所需材料，跑了两趟')
  for (const h of await heights(page, '.os-choice-chips__chip')) expect(h).toBeGreaterThanOrEqual(44)
  await shot('ratings-form')
  await page.locator('#rate-submit').click()
  await page.locator('#rate-rectification').waitFor()
  await expect(page.locator('#rate-done').innerText()).resolves.toContain('我的评价：不满意')
  await expect(page.locator('#rate-rectification').innerText()).resolves.toContain('整改中')
  await shot('ratings-rated')

  // The hall department's clerk: the 整改 in the queue, 回访 and result recorded.
  await open('/packages/rating/pages/rectify/index')
  const card = page.locator('.os-rating__card[id^="rect-"]').filter({ hasText: '跑了两趟' })
  await card.waitFor()
  await expect(card.innerText()).resolves.toContain('办理中')
  await card.locator('[id$="-record"]').click()
  await card.locator('[id$="-method-phone"]').click()
  await card.locator('[id$="-summary"] textarea').fill('电话联系市民致歉，说明材料清单已公示')
  await card.locator('[id$="-result"] textarea').fill('窗口已张贴一次性告知清单，相关人员已培训')
  await shot('ratings-rectify-form')
  await card.locator('[id$="-save"]').click()
  await expect(page.locator('#rect-message').innerText()).resolves.toBe('已登记回访与整改结果')
  await shot('ratings-rectify-done')

  // The resident sees the 整改 and confirms it.
  await open(`/packages/rating/pages/rate/index?id=${visitId}`)
  await page.locator('#rate-rectify-result').waitFor()
  await expect(page.locator('#rate-rectification').innerText()).resolves.toContain('电话联系市民致歉')
  await page.locator('#rate-confirm').click()
  await expect(page.locator('#rate-verdict').innerText()).resolves.toBe('您已确认：对整改满意')
  await shot('ratings-confirmed')
  const row = (await db.query('SELECT verdict FROM rating_rectifications WHERE subject_id = $1', [visitId])).rows[0]
  expect(row).toEqual({ verdict: 'satisfied' })
})

test('the public ratings page shows the hall figures without sign-in and passes axe', async () => {
  await page.evaluate(() => localStorage.clear())
  await open('/packages/rating/pages/public/index')
  const hall = page.locator(`#hall-${HALL}`)
  await hall.waitFor()
  await expect(hall.innerText()).resolves.toContain('差评 1 条，已整改 1 条，差评整改率 100.0%')
  await expect(hall.innerText()).resolves.toContain('满意率 0.0%（共 1 条评价，其中默认好评 0 条）')
  await shot('ratings-public')
  expect(await seriousViolations(page)).toEqual([])
})


// --- 12345 requests: 问题是否解决 on the resident's rating and on the hotline's 回访; the 整改 of a 差评 on 诉求详情 -----

let keyN = 0
/** The API as a signed-in user would call it; throws with the answer on anything but 2xx. */
async function call<T>(token: string, method: 'GET' | 'POST', url: string, body?: object, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(`${served.url}${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  })
  const text = await res.text()
  if (!res.ok) throw new Error(`${method} ${url} → ${res.status}: ${text}`)
  return JSON.parse(text) as T
}

/** A complaint of the resident, dispatched to the police, signed and answered by them and closed by the hotline. */
async function closedRequest(content: string, hotline: string, police: string): Promise<string> {
  const filed = await call<{ id: string }>(residentToken, 'POST', '/api/requests', { type: 'complaint', content, anonymous: false }, { 'idempotency-key': `h5-ratings-${++keyN}-${Date.now()}` })
  const act = (token: string, body: object) => call(token, 'POST', `/api/staff/requests/${filed.id}/actions`, body)
  await act(hotline, { action: 'accept' })
  await act(hotline, { action: 'dispatch', departmentCode: 'gz-police' })
  await act(police, { action: 'sign' })
  await act(police, { action: 'reply', note: '已安排交警到场处理，并加装隔离桩。' })
  await act(hotline, { action: 'close' })
  return filed.id
}

const token = (s: { headers: Record<string, string> }) => s.headers.authorization.slice('Bearer '.length)
const statusIs = (s: string) => page.waitForFunction((t) => document.querySelector('#request-detail-status')?.textContent === t, s)

test('a resident rates a request 不满意 with 问题未解决, the police record 回访 and 整改, 诉求详情 shows it and the resident confirms', async () => {
  const hotline = token(await makeStaff(db, 'h5-hotline', 'dispatcher', null, clock()))
  const police = token(await makeStaff(db, 'h5-police', 'dept_staff', 'gz-police', clock(), { displayName: '交警中队' }))
  const requestId = await closedRequest('天河路 88 号门口长期有车辆乱停，堵住消防通道，请尽快处理。', hotline, police)
  await signIn(residentToken, police)

  await open(`/packages/request/pages/detail/index?id=${requestId}`)
  await statusIs('已办结')
  await settled(page, '#request-action-rate')
  await page.locator('#request-action-rate').click()
  await page.locator('#request-rate-level-2').click()
  await expect(page.locator('#request-sheet-rate').innerText()).resolves.toContain('问题是否解决（选填）')
  await page.locator('#request-rate-resolved-no').click()
  await textarea('request-rate-comment').fill('车还是每天停在消防通道上')
  for (const h of await heights(page, '#request-sheet-rate .os-choice-chips__chip, #request-rate-submit')) expect(h).toBeGreaterThanOrEqual(44)
  await shot('ratings-request-form')
  await page.locator('#request-rate-submit').click()
  await statusIs('已评价')
  await expect(page.locator('#request-detail-rating').innerText()).resolves.toBe('不满意 · 问题未解决：车还是每天停在消防通道上')
  await expect(page.locator('#request-timeline').innerText()).resolves.toContain('评价：不满意，问题未解决')
  // Until the server's job opens the 整改, the page says the rating was passed on.
  await expect(page.locator('#request-rectification-pending').innerText()).resolves.toContain('已转交承办单位回访和整改')
  const rated = (await db.query('SELECT rating_level, rating_resolved FROM requests WHERE id = $1', [requestId])).rows[0]
  expect(rated).toEqual({ rating_level: 2, rating_resolved: false })

  // The job opens the 整改 for the police; on a fresh visit 诉求详情 shows who must rectify by when.
  await app.jobs.run('ratings.defaults')
  await open(`/packages/request/pages/detail/index?id=${requestId}`)
  await page.locator('#rate-rectification').waitFor()
  await expect(page.locator('#request-rectification').innerText()).resolves.toMatch(/市公安局 须在 .+ 前回访并整改[\s\S]*整改中/)
  await shot('ratings-request-rectify-open')

  // The police find it in their 整改 queue and record the 回访 and the result.
  await open('/packages/rating/pages/rectify/index')
  const card = page.locator('.os-rating__card[id^="rect-"]').filter({ hasText: '消防通道上' })
  await card.waitFor()
  await card.locator('[id$="-record"]').click()
  await card.locator('[id$="-method-phone"]').click()
  await card.locator('[id$="-summary"] textarea').fill('电话联系市民，说明已加派巡查')
  await card.locator('[id$="-result"] textarea').fill('消防通道已加装隔离桩，每晚巡查两次')
  await card.locator('[id$="-save"]').click()
  await expect(page.locator('#rect-message').innerText()).resolves.toBe('已登记回访与整改结果')

  // 诉求详情: the 回访 and the result, then the resident's 满意.
  await open(`/packages/request/pages/detail/index?id=${requestId}`)
  await page.locator('#rate-rectify-result').waitFor()
  const shown = await page.locator('#request-rectification').innerText()
  expect(shown).toContain('回访（电话，')
  expect(shown).toContain('电话联系市民，说明已加派巡查')
  expect(shown).toContain('整改结果：消防通道已加装隔离桩，每晚巡查两次')
  for (const h of await heights(page, '#rate-confirm, #rate-reject')) expect(h).toBeGreaterThanOrEqual(44)
  await page.locator('#rate-confirm').scrollIntoViewIfNeeded()
  await shot('ratings-request-rectify-done')
  expect(await seriousViolations(page)).toEqual([])
  await page.locator('#rate-confirm').click()
  await expect(page.locator('#rate-verdict').innerText()).resolves.toBe('您已确认：对整改满意')
  await shot('ratings-request-confirmed')
  const row = (await db.query('SELECT verdict FROM rating_rectifications WHERE subject_id = $1', [requestId])).rows[0]
  expect(row).toEqual({ verdict: 'satisfied' })
})

test('the hotline records a 回访 with the resident\'s 问题是否解决 in the workbench; 诉求详情 shows it', async () => {
  const hotline = token(await makeStaff(db, 'h5-hotline-2', 'dispatcher', null, clock()))
  const police = token(await makeStaff(db, 'h5-police-2', 'dept_staff', 'gz-police', clock()))
  const requestId = await closedRequest('体育东路 12 号人行道上有共享单车堆放，行人无法通过。', hotline, police)
  await signIn(residentToken, hotline)
  await page.setViewportSize({ width: 1280, height: 900 })
  try {
    await open(`/packages/staff/pages/request/index?id=${requestId}`)
    await settled(page, '#bench-detail-number')
    await page.locator('#bench-action-revisit').click()
    await page.locator('#bench-form-revisit').waitFor()
    await expect(page.locator('#bench-form-revisit').innerText()).resolves.toContain('市民表示问题是否解决（选填）')
    await page.locator('#bench-revisit-level-4').click()
    await page.locator('#bench-revisit-resolved-yes').click()
    for (const h of await heights(page, '#bench-form-revisit .os-choice-chips__chip')) expect(h).toBeGreaterThanOrEqual(44)
    await shot('ratings-revisit-form')
    await page.locator('#bench-action-submit').click()
    await page.waitForFunction(() => document.querySelector('#bench-detail-status')?.textContent === '已评价')
  } finally {
    await page.setViewportSize({ width: 375, height: 812 })
  }
  const row = (await db.query('SELECT rating_level, rating_resolved FROM requests WHERE id = $1', [requestId])).rows[0]
  expect(row).toEqual({ rating_level: 4, rating_resolved: true })

  await open(`/packages/request/pages/detail/index?id=${requestId}`)
  await statusIs('已评价')
  await expect(page.locator('#request-detail-rating').innerText()).resolves.toBe('满意 · 问题已解决')
  await expect(page.locator('#request-timeline').innerText()).resolves.toContain('评价：满意，问题已解决')
  // A good rating opens no 整改: no card.
  expect(await page.locator('#request-rectification').count()).toBe(0)
  await shot('ratings-request-revisited')
})
