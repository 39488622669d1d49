// H5 in a real browser: the built app served by the real server (fresh PGlite), driven by Debian chromium.
import type { Page } from 'playwright-core'
import { ensureBuilt } from '../support/build'
import { heights as heightsOn, launchBrowser, screenshot, settled as settledOn, type Browser } from '../support/browser'
import { startServer, type RunningServer } from '../support/server-process'
import { HOME_FEATURES } from '@/features'

let server: RunningServer
let browser: Browser
let page: Page
let consoleErrors: string[]

jest.setTimeout(120_000)

beforeAll(async () => {
  ensureBuilt('h5')
  server = await startServer({ DEMO: '1' })
  browser = await launchBrowser()
  page = browser.page
  consoleErrors = browser.consoleErrors
}, 300_000)

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

const shot = (name: string) => screenshot(page, name)
const settled = (selector: string) => settledOn(page, selector)
const heights = (selector: string) => heightsOn(page, selector)

test('home shows the service entries, and tiles of features not open yet say so', async () => {
  await page.goto(`${server.url}/`)
  await page.getByText('我的待办').first().waitFor({ state: 'attached' })
  await page.getByText('办事指南').first().waitFor()
  for (const title of ['办事指南', '预约办事', '12345 诉求', '一码通城', '我的预约', '我的诉求']) {
    await expect(page.getByText(title, { exact: true }).first().isVisible()).resolves.toBe(true)
  }
  // Each tile says 即将开放 exactly when its feature is not open yet (src/features.ts).
  for (const f of HOME_FEATURES) {
    const text = await page.locator(`#entry-${f.key}`).innerText()
    if (f.status === 'soon') expect(text).toContain('即将开放')
    else expect(text).not.toContain('即将开放')
  }
  // Tap targets: every tile and the search entry are at least 44 CSS px tall.
  const tiles = await heights('.os-entry-grid__item, .os-home__search')
  expect(tiles.length).toBe(7)
  for (const h of tiles) expect(h).toBeGreaterThanOrEqual(44)
  await shot('home')
})

test('the 办事 tab lists departments from the real API', async () => {
  await page.getByText('办事', { exact: true }).last().click()
  await page.locator('#department-list').waitFor()
  await expect(page.getByText('广州市公安局').first().isVisible()).resolves.toBe(true)
  expect(page.url()).toContain('#/pages/catalog/index')
  await shot('catalog')
})

test('the 我的 tab shows the signed-out state with a sign-in button big enough to tap', async () => {
  await page.getByText('我的', { exact: true }).last().click()
  await page.getByText('未登录').waitFor()
  const [h] = await heights('#me-sign-in')
  expect(h).toBeGreaterThanOrEqual(44)
  await shot('me')
})

test('a home tile opens its feature page, and going back returns home', async () => {
  await page.getByText('首页', { exact: true }).last().click()
  await page.locator('#entry-request').click()
  await settled('#request-type-complaint')
  expect(page.url()).toContain('packages/request/pages/index/index')
  await page.goBack()
  await page.locator('#entry-guide').waitFor()
  expect(page.url()).toMatch(/pages\/home\/index|#\/?$/)
})

test('when the API cannot be reached the catalog says why and retry recovers', async () => {
  await page.route('**/api/departments', (route) => route.abort('connectionrefused'))
  await page.goto(`${server.url}/#/pages/catalog/index`)
  // A hash change alone keeps the loaded app: reload so the store starts empty and fetches again.
  await page.reload()
  await page.getByText('网络连接不可用，请检查网络后重试').waitFor({ timeout: 15_000 })
  await shot('catalog-offline')
  await page.unroute('**/api/departments')
  await page.getByText('重试', { exact: true }).click()
  await page.locator('#department-list').waitFor()
  // The aborted requests are the only console errors allowed in this test.
  const unexpected = consoleErrors.filter((e) => !/ERR_CONNECTION_REFUSED|Failed to load resource/.test(e))
  expect(unexpected).toEqual([])
  consoleErrors.length = 0
})

test('no console errors while using the app', async () => {
  await page.goto(`${server.url}/`)
  await page.locator('#entry-guide').waitFor()
  await page.getByText('办事', { exact: true }).last().click()
  await page.locator('#department-list').waitFor()
  await page.getByText('我的', { exact: true }).last().click()
  await page.getByText('未登录').waitFor()
  expect(consoleErrors).toEqual([])
})
