// H5 in chromium at 390×844: the home page as the resident's hub. The API runs in this process (buildApp on in-memory
// PGlite, the H5 build served beside it) so the test can write visits straight into the tables. Signed out: entries with
// icons (no one-character glyphs), a sign-in prompt for 待办, hot services, 一件事 and the notice an admin published.
// Signed in: 待办 lists the next appointment (time and hall) and the visit to rate, and opens them; the notice opens
// its detail page. 长辈版: five big entries. axe-core: no critical or serious violation. Screenshots in test/artifacts/h5.
import { randomUUID } from 'node:crypto'
import type { Page } from 'playwright-core'
import { buildApp, type App } from '../../server/app'
import { createDataCrypto } from '../../server/crypto'
import { openDatabase, type Db } from '../../server/db'
import { distDir, ensureBuilt, BUILD_TIMEOUT_MS } from '../support/build'
import { launchBrowser, screenshot, seriousViolations, settled, type Browser } from '../support/browser'
import { prepareDatabase, serve, testConfig, type Served } from '../server/helpers'
import { makeResident, makeStaff } from '../server/similar-support'

const KEY = Buffer.alloc(32, 11)
const crypto = createDataCrypto(KEY)
const HALL = 'hall-tianhe'

let db: Db
let app: App
let served: Served
let browser: Browser
let page: Page
let residentToken = ''
let bookedId = ''
let visitId = ''
let noticeId = ''
const clock = () => new Date()

jest.setTimeout(120_000)

async function visit(userId: string, service: string, endsAt: Date, status: 'booked' | 'checked_in', code: string): Promise<string> {
  const startsAt = new Date(endsAt.getTime() - 1800_000)
  const slot = await db.query<{ id: string }>(
    `INSERT INTO slots (hall_id, service_code, starts_at, ends_at, capacity, booked) VALUES ($1, $2, $3, $4, 5, 1)
     ON CONFLICT (hall_id, service_code, starts_at) DO UPDATE SET booked = slots.booked + 1 RETURNING id`,
    [HALL, service, startsAt, endsAt],
  )
  const id = randomUUID()
  await db.query(
    `INSERT INTO appointments (id, code, user_id, slot_id, hall_id, service_code, starts_at, status, created_at, checked_in_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $7, $9)`,
    [id, code, userId, slot.rows[0].id, HALL, service, startsAt, status, status === 'checked_in' ? startsAt : null],
  )
  return id
}

beforeAll(async () => {
  ensureBuilt('h5')
  db = await prepareDatabase(await openDatabase({}))
  app = await buildApp({ config: testConfig({ DATA_KEY: KEY.toString('base64'), H5_DIR: distDir('h5') }), db, clock, logger: false, crypto })
  served = await serve(app)
  const services = (await db.query<{ service_code: string }>(`SELECT service_code FROM hall_services WHERE hall_id = $1 ORDER BY service_code LIMIT 2`, [HALL])).rows
  const resident = await makeResident(db, crypto, '13800138021', clock())
  residentToken = resident.headers.authorization.slice('Bearer '.length)
  bookedId = await visit(resident.id, services[0].service_code, new Date(clock().getTime() + 2 * 86_400_000), 'booked', 'H5HOME01')
  visitId = await visit(resident.id, services[1].service_code, new Date(clock().getTime() - 3600_000), 'checked_in', 'H5HOME02')
  const admin = await makeStaff(db, 'h5-admin', 'admin', null, clock())
  const published = await fetch(`${served.url}/api/admin/announcements`, {
    method: 'POST',
    headers: { ...admin.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ title: '元旦假期政务服务中心开放安排', body: '1 月 1 日休息，1 月 2 日起照常办公。网上办事不受影响。', startsAt: new Date(clock().getTime() - 60_000).toISOString(), audience: 'all' }),
  })
  expect(published.status).toBe(201)
  noticeId = ((await published.json()) as { id: string }).id
  browser = await launchBrowser()
  page = browser.page
  await page.setViewportSize({ width: 390, height: 844 })
}, BUILD_TIMEOUT_MS + 120_000)

afterAll(async () => {
  await browser?.close()
  await served?.close()
  await db?.close()
})

const shot = (name: string) => screenshot(page, name)
async function openHome(): Promise<void> {
  await page.goto(`${served.url}/#/pages/home/index`)
  await page.reload()
  await settled(page, '#entry-guide')
}

test('signed out: icons on the entries, a sign-in prompt for 待办, the published notice', async () => {
  await page.goto(`${served.url}/`)
  await page.evaluate(() => localStorage.clear())
  await openHome()
  // Every tile shows an icon image, not a character.
  const tiles = page.locator('.os-entry-grid__item')
  expect(await tiles.count()).toBe(6)
  expect(await page.locator('.os-entry-grid__item img').count()).toBe(6)
  await expect(page.locator('.os-entry-grid').innerText()).resolves.not.toMatch(/^[指约诉码预单]$/m)
  await expect(page.locator('#home-todo-signin').innerText()).resolves.toContain('登录后在这里查看')
  await page.locator(`#notice-${noticeId}`).waitFor()
  await page.locator('#home-hot .os-home__chip').first().waitFor()
  for (const box of await page.locator('.os-entry-grid__item, .os-home__row, .os-home__chip, #home-signin').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height))) {
    expect(box).toBeGreaterThanOrEqual(44)
  }
  await shot('home-signed-out')
  expect(await seriousViolations(page)).toEqual([])
})

test('signed in: 待办 shows the next appointment with its time and hall and the visit to rate; each opens its page', async () => {
  await page.evaluate((t) => localStorage.setItem('onestop.session', JSON.stringify({ data: t })), residentToken)
  await openHome()
  const appointment = page.locator(`#todo-appointment-${bookedId}`)
  await appointment.waitFor()
  await expect(appointment.innerText()).resolves.toMatch(/预约[\s\S]*\d+月\d+日 \d{2}:\d{2} · .*政务服务中心/)
  await expect(page.locator(`#todo-rate-visit-${visitId}`).innerText()).resolves.toContain('请评价')
  await shot('home-signed-in-todo')
  expect(await seriousViolations(page)).toEqual([])

  await page.locator(`#todo-rate-visit-${visitId}`).click()
  await page.waitForURL(new RegExp(`rating/pages/rate/index\\?id=${visitId}`))

  await openHome()
  await page.locator(`#notice-${noticeId}`).click()
  await settled(page, '#notice-detail')
  await expect(page.locator('#notice-detail').innerText()).resolves.toContain('1 月 2 日起照常办公')
  await shot('home-notice-detail')
})

test('长辈版: five big entries, 子女代办 among them', async () => {
  // A family member's link with care=1 turns 长辈版 on (and keeps it on).
  await page.goto(`${served.url}/#/pages/home/index?care=1`)
  await page.reload()
  await page.locator('#entry-family').waitFor()
  await expect(page.locator('.os-entry-grid').innerText()).resolves.toMatch(/办事[\s\S]*预约[\s\S]*12345[\s\S]*一码通城[\s\S]*子女代办/)
  expect(await page.locator('.os-entry-grid__item').count()).toBe(5)
  for (const h of await page.locator('.os-entry-grid__item').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height))) expect(h).toBeGreaterThanOrEqual(60)
  await shot('home-care')
})
