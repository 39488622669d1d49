// 12345 in chromium against the real server (fresh PGlite, DEMO staff, fake SMS gateway): a resident files a complaint
// with a photo; in a second browser the hotline accepts and dispatches it to 市公安局, the police clerk signs and
// replies, the hotline closes it; the resident sees every step (departments, never clerks' names) and rates it.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Page } from 'playwright-core'
import sharp from 'sharp'
import { DEMO_STAFF_PASSWORD } from '../../server/db/seed/demo'
import { ensureBuilt } from '../support/build'
import { heights, launchBrowser, screenshot, settled, type Browser } from '../support/browser'
import { fakeEnv, startFakeSms, type FakeSms } from '../support/fakes'
import { startServer, type RunningServer } from '../support/server-process'

const PHONE = '13800138066'
const CONTENT = '体育西路 100 号门口每天晚上都有车辆乱停，违停很严重，堵住出入口，希望尽快处理。'
const REPLY = '经现场核查，已对违停车辆贴单处罚，并在小区门口增设禁停标志，后续将加强夜间巡查。'

let sms: FakeSms
let server: RunningServer
let resident: Browser
let clerk: Browser
let page: Page
let staffPage: Page
let photo: string
let number = ''
let requestId = ''

jest.setTimeout(180_000)

beforeAll(async () => {
  ensureBuilt('h5')
  sms = await startFakeSms()
  // Two cores shared with other suites: the first start (migrations, catalog, demo data) can take a while.
  server = await startServer({ DEMO: '1', LOG_LEVEL: 'warn', ...fakeEnv({ sms }) }, 180_000)
  resident = await launchBrowser()
  page = resident.page
  clerk = await launchBrowser()
  staffPage = clerk.page
  // The workbench is used on a desktop browser.
  await staffPage.setViewportSize({ width: 1280, height: 900 })
  photo = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'onestop-photo-')), '现场.jpg')
  await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 200, g: 120, b: 40 } } })
    .jpeg()
    .toFile(photo)
}, 300_000)

afterAll(async () => {
  await resident?.close()
  await clerk?.close()
  await server?.stop()
  await sms?.close()
})

const input = (p: Page, id: string) => p.locator(`#${id} input`)
const textarea = (p: Page, id: string) => p.locator(`#${id} textarea`)

async function waitForCode(phone: string): Promise<string> {
  const deadline = Date.now() + 10_000
  for (;;) {
    const code = sms.lastCode(phone)
    if (code) return code
    if (Date.now() > deadline) throw new Error(`no SMS reached ${phone}; server log:\n${server.logs().slice(-2000)}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

async function staffSignIn(username: string): Promise<void> {
  await staffPage.goto(`${server.url}/#/packages/staff/pages/login/index`)
  await settled(staffPage, '#staff-username')
  await input(staffPage, 'staff-username').fill(username)
  await input(staffPage, 'staff-password').fill(DEMO_STAFF_PASSWORD)
  await staffPage.locator('#staff-login-submit').click()
  await staffPage.locator('#staff-profile').waitFor()
  await staffPage.locator('#staff-requests').click()
  await staffPage.locator('.os-bench__tabs').waitFor()
}

async function staffSignOut(): Promise<void> {
  await staffPage.goto(`${server.url}/#/packages/staff/pages/index/index`)
  await staffPage.locator('#staff-logout').click()
  await staffPage.locator('#staff-sign-in').waitFor()
}

/** Opens the request from the current queue tab. */
async function openFromQueue(tab: string): Promise<void> {
  await staffPage.locator(`#bench-tab-${tab}`).click()
  await staffPage.locator(`#bench-item-${number}`).waitFor()
  await staffPage.locator(`#bench-item-${number}`).click()
  await staffPage.locator('#bench-detail').waitFor()
  await settled(staffPage, '#bench-detail-number')
}

async function act(action: string, statusAfter: string, fill?: () => Promise<void>): Promise<void> {
  await staffPage.locator(`#bench-action-${action}`).click()
  await staffPage.locator(`#bench-form-${action}`).waitFor()
  if (fill) await fill()
  await staffPage.locator('#bench-action-submit').click()
  await staffPage.waitForFunction((s) => document.querySelector('#bench-detail-status')?.textContent === s, statusAfter)
}

test('a resident signs in by SMS and files a complaint with a photo, a district and an address', async () => {
  await page.goto(`${server.url}/#/packages/account/pages/login/index`)
  await settled(page, '#login-phone')
  await input(page, 'login-phone').fill(PHONE)
  await page.locator('#agreement-check').click()
  await page.locator('#login-send-code').click()
  await input(page, 'login-code').fill(await waitForCode(PHONE))
  await page.locator('#login-submit').click()
  await page.locator('#me-phone').waitFor()

  // 我的 → 我的诉求 opens the list tab: nothing yet.
  await page.locator('#me-requests').click()
  await page.getByText('您还没有提交过诉求').waitFor()
  await page.locator('#request-empty-new').click()
  await settled(page, '#request-type-complaint')

  await page.locator('#request-type-complaint').click()
  await textarea(page, 'request-content').fill('车乱停')
  await page.locator('#request-submit').click()
  await page.getByText('诉求内容至少需要 10 个字，现在是 3 个字').waitFor()

  await textarea(page, 'request-content').fill(CONTENT)
  await expect(page.locator('#request-content-count').innerText()).resolves.toBe(`${Array.from(CONTENT).length}/2000`)
  // The category is suggested from the words typed.
  await expect(page.locator('#request-category-traffic\\.parking').innerText()).resolves.toContain('推荐')

  // Location: the browser refuses the position, so the address is typed with a district.
  await page.locator('#request-location-here').click()
  await page.locator('#request-location-note').waitFor()
  await page.locator('#request-district-天河区').click()
  await input(page, 'request-address').fill('体育西路 100 号')

  const chooser = page.waitForEvent('filechooser')
  await page.locator('#request-photos-add').click()
  await (await chooser).setFiles(photo)
  await page.locator('#request-photos .os-photo-grid__img').first().waitFor()
  await page.waitForFunction(() => !document.querySelector('#request-photos .os-photo-grid__overlay'))
  await page.locator('#request-public').click()

  for (const h of await heights(page, '.os-choice-chips__chip, .os-action-button, .os-toggle-row, .os-request__chip-button, .os-request__tab')) {
    expect(h).toBeGreaterThanOrEqual(44)
  }
  await screenshot(page, 'request-form-bottom')
  await page.locator('#request-type-complaint').scrollIntoViewIfNeeded()
  await screenshot(page, 'request-form-top')

  // The draft survives a reload (the app closed and opened again); the page was opened on 我的诉求.
  await page.reload()
  await page.locator('#request-tab-new').click()
  await page.locator('#request-content textarea').waitFor()
  await expect(textarea(page, 'request-content').inputValue()).resolves.toBe(CONTENT)
  await page.waitForFunction(() => !document.querySelector('#request-photos .os-photo-grid__overlay'))

  await page.locator('#request-submit').click()
  await page.locator('#request-filed').waitFor()
  const filed = await page.locator('#request-filed').innerText()
  number = /工单编号：(\S+)/.exec(filed)![1]
  expect(number).toMatch(/^[A-Z]+\d{13}$/)
  expect(filed).toContain('办理时限')
  await screenshot(page, 'request-filed')

  await page.locator('#request-filed-open').click()
  await page.locator('#request-detail').waitFor()
  await settled(page, '#request-detail-number')
  requestId = new URL(page.url().replace('#/', '')).searchParams.get('id') ?? ''
  expect(requestId).not.toBe('')
  await expect(page.locator('#request-detail-status').innerText()).resolves.toBe('已提交')
  await expect(page.locator('#request-timeline').innerText()).resolves.toContain('提交诉求')
  // The photo comes back from the server (signed address) and shows.
  await page.waitForFunction(() => {
    const img = document.querySelector('#request-detail-photos img') as HTMLImageElement | null
    return Boolean(img && img.complete && img.naturalWidth > 0)
  })
  await screenshot(page, 'request-detail-submitted')
})

test('the hotline sees it first in 待受理派单, opens the masked contact (audited), accepts and dispatches it to 市公安局', async () => {
  await staffSignIn('demo-dispatcher')
  await openFromQueue('new')
  await expect(staffPage.locator('#bench-contact-phone').innerText()).resolves.toBe('电话：138****8066')
  await staffPage.locator('#bench-contact-reveal').click()
  await staffPage.waitForFunction((p) => document.querySelector('#bench-contact-phone')?.textContent === `电话：${p}`, PHONE)
  await expect(staffPage.locator('#bench-detail').innerText()).resolves.toContain(CONTENT)
  await screenshot(staffPage, 'bench-dispatcher-detail')

  await act('accept', '已受理')
  await act('dispatch', '已派单', async () => {
    await staffPage.locator('#bench-dept-gz-police').click()
  })
  await expect(staffPage.locator('#bench-timeline').innerText()).resolves.toContain('派往：市公安局')
  await screenshot(staffPage, 'bench-dispatched')
})

test('the police clerk signs it and replies; the dispatcher reviews the reply and closes it', async () => {
  await staffSignOut()
  await staffSignIn('demo-dept')
  await staffPage.locator(`#bench-item-${number}`).waitFor()
  await screenshot(staffPage, 'bench-dept-queue')
  await openFromQueue('todo')
  // A department sees the contact masked too.
  await expect(staffPage.locator('#bench-contact-phone').innerText()).resolves.toBe('电话：138****8066')
  await act('sign', '已签收')
  await act('reply', '已答复', async () => {
    await textarea(staffPage, 'bench-note').fill(REPLY)
  })
  await screenshot(staffPage, 'bench-dept-replied')

  await staffSignOut()
  await staffSignIn('demo-dispatcher')
  await openFromQueue('replies')
  await act('close', '已办结')
  await screenshot(staffPage, 'bench-closed')
})

test('the resident sees every step by department, never a clerk\'s name, and rates it', async () => {
  await page.goto(`${server.url}/#/packages/request/pages/detail/index?id=${requestId}`)
  await page.waitForFunction(() => document.querySelector('#request-detail-status')?.textContent === '已办结')
  await settled(page, '#request-detail-number')
  const timeline = await page.locator('#request-timeline').innerText()
  for (const step of ['提交诉求', '受理', '派单', '签收', '答复', '办结', REPLY]) expect(timeline).toContain(step)
  expect(timeline).toContain('公安局')
  for (const clerkName of ['（演示）', '派单员', '工作人员']) expect(timeline).not.toContain(clerkName)
  await screenshot(page, 'request-detail-closed')

  await page.locator('#request-action-rate').click()
  await page.locator('#request-rate-level-5').click()
  await textarea(page, 'request-rate-comment').fill('处理很及时，谢谢！')
  await page.locator('#request-rate-submit').click()
  await page.waitForFunction(() => document.querySelector('#request-detail-status')?.textContent === '已评价')
  await expect(page.locator('#request-detail').innerText()).resolves.toContain('非常满意')
  await expect(page.locator('#request-timeline').innerText()).resolves.toContain('评价')
  await page.waitForTimeout(1600)
  await screenshot(page, 'request-rated')

  // 我的诉求 lists it with its new status.
  await page.goto(`${server.url}/#/packages/request/pages/index/index?tab=mine`)
  await page.locator('#request-tab-mine').click()
  await page.locator(`#request-item-${number}`).waitFor()
  await expect(page.locator(`#request-item-${number}`).innerText()).resolves.toContain('已评价')
  await screenshot(page, 'request-mine')
})

test('another resident describing the same incident sees the public request first under 已有类似诉求', async () => {
  const neighbour = await launchBrowser()
  try {
    const p = neighbour.page
    const phone = '13800138077'
    await p.goto(`${server.url}/#/packages/account/pages/login/index`)
    await settled(p, '#login-phone')
    await input(p, 'login-phone').fill(phone)
    await p.locator('#agreement-check').click()
    await p.locator('#login-send-code').click()
    await input(p, 'login-code').fill(await waitForCode(phone))
    await p.locator('#login-submit').click()
    await p.locator('#me-phone').waitFor()

    await p.goto(`${server.url}/#/packages/request/pages/index/index`)
    await settled(p, '#request-type-complaint')
    await p.locator('#request-type-complaint').click()
    await p.locator('#request-location-here').click()
    await p.locator('#request-location-note').waitFor()
    await p.locator('#request-district-天河区').click()
    // Another problem at the same door: listed apart, under 附近或相关的诉求, not as the same thing.
    await textarea(p, 'request-content').fill('体育西路100号门口的垃圾桶满了好几天没人清理，路过都闻到臭味。')
    await p.locator(`#request-related-${requestId}`).waitFor()
    expect(await p.locator('#request-similar').count()).toBe(0)
    await expect(p.locator('#request-related').innerText()).resolves.toContain('附近或相关的诉求')
    await screenshot(p, 'request-related')
    await textarea(p, 'request-content').fill('体育西路100号门口一到晚上就有很多车乱停，出入口被堵住了，请尽快来处理违停。')
    await p.locator('#request-similar').waitFor()
    // The first resident's public request is the best match, shown without their phone.
    const first = p.locator('#request-similar .os-request__similar-item').first()
    await expect(first.getAttribute('id')).resolves.toBe(`request-similar-${requestId}`)
    const panel = await p.locator('#request-similar').innerText()
    expect(panel).not.toContain(PHONE)
    expect(panel).not.toContain('8066')
    await screenshot(p, 'request-similar')
    // Following it opens the public request instead of filing a second one.
    await first.click()
    await p.locator('#public-request').waitFor()
    expect(neighbour.consoleErrors).toEqual([])
  } finally {
    await neighbour.close()
  }
})

test('no console errors in either browser', async () => {
  // Until the similar-requests endpoint (issue 7) is deployed, the form's quiet lookup is answered 404/405 and the
  // browser logs that failed load; the page itself shows nothing. Once it answers, no error at all is allowed.
  const token = JSON.parse((await page.evaluate(() => localStorage.getItem('onestop.session'))) ?? '""') as { data?: string } | string
  const res = await fetch(`${server.url}/api/requests/similar`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${typeof token === 'string' ? token : token.data}` },
    body: JSON.stringify({ content: CONTENT }),
  })
  const residentErrors = res.ok ? resident.consoleErrors : resident.consoleErrors.filter((e) => !/status of 40[45]/.test(e))
  expect(residentErrors).toEqual([])
  expect(clerk.consoleErrors).toEqual([])
})
