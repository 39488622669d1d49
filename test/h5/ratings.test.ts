// H5 in chromium: 好差评 of a hall visit end to end. The API runs in this process (buildApp on in-memory PGlite, the
// H5 build served beside it) so the test can write a checked-in visit straight into the tables. A resident rates the visit
// 不满意 from the appointment page; the hall department's clerk finds the 整改 in their queue and records the 回访 and
// the result; the resident sees it and confirms; the public ratings page (no sign-in) shows the hall's figures and
// passes axe-core with no critical or serious violation.
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { buildApp, type App } from '../../server/app'
import { createDataCrypto } from '../../server/crypto'
import { openDatabase, type Db } from '../../server/db'
import { distDir, ensureBuilt, BUILD_TIMEOUT_MS } from '../support/build'
import { heights, launchBrowser, screenshot, settled, type Browser } from '../support/browser'
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
  // The app's CSP refuses inline scripts; evaluating through the DevTools protocol is not a page script.
  await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'))
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; impact: string | null; nodes: unknown[] }[] }> } }).axe
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, targets: (v.nodes as { target: string[] }[]).map((n) => n.target.join(' ')) }))
  })
  // Taro's router page container (the scrolling div of every page, `#/packages/…`) is not focusable: the shell's, as in
  // test/h5/home.test.ts, left to the accessibility work on the shell (issue 17). Nothing else is excused.
  const routerContainer = (v: { id: string; targets: string[] }) =>
    v.id === 'scrollable-region-focusable' && v.targets.every((t) => t.startsWith('#\\/pages\\/') || t.startsWith('#\\/packages\\/'))
  expect(violations.filter((v) => (v.impact === 'critical' || v.impact === 'serious') && !routerContainer(v))).toEqual([])
})
