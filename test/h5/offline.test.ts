// H5 offline in chromium against the real server: the service worker keeps the app, a page opened offline says
// 网络已断开 and what still works (with 重试) instead of a blank page, a reload offline shows the app and not the
// browser's error page, and back online 重试 opens the page. Screenshots offline-*.png.
import type { Page } from 'playwright-core'
import { ensureBuilt, BUILD_TIMEOUT_MS } from '../support/build'
import { launchBrowser, screenshot, seriousViolations, settled, type Browser } from '../support/browser'
import { startServer, type RunningServer } from '../support/server-process'

const APPOINTMENTS = '#/packages/appointment/pages/index/index'

let server: RunningServer
let browser: Browser
let page: Page

jest.setTimeout(120_000)

beforeAll(async () => {
  ensureBuilt('h5')
  server = await startServer({ DEMO: '1' })
  browser = await launchBrowser()
  page = browser.page
}, BUILD_TIMEOUT_MS + 120_000)

afterAll(async () => {
  await browser?.context.setOffline(false)
  await browser?.close()
  await server?.stop()
})

const shot = (name: string) => screenshot(page, name)


test('online, the service worker installs, precaches the app and takes over the page', async () => {
  await page.goto(`${server.url}/`)
  await page.locator('#entry-guide').waitFor()
  const sw = await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready
    // clientsClaim: the first visit's page is controlled as soon as the worker is active.
    for (let i = 0; i < 50 && !navigator.serviceWorker.controller; i++) await new Promise((r) => setTimeout(r, 100))
    const cached = await Promise.all((await caches.keys()).map(async (k) => (await (await caches.open(k)).keys()).map((r) => new URL(r.url).pathname)))
    return { script: reg.active?.scriptURL ?? '', controlled: !!navigator.serviceWorker.controller, cached: cached.flat() }
  })
  expect(sw.script).toBe(`${server.url}/sw.js`)
  expect(sw.controlled).toBe(true)
  expect(sw.cached).toContain('/index.html')
  expect(sw.cached.filter((p) => p.startsWith('/js/')).length).toBeGreaterThan(20)
  // The API is never kept by the worker.
  expect(sw.cached.filter((p) => p.startsWith('/api'))).toEqual([])
})

test('offline, a page shown already keeps its content under a 网络已断开 banner', async () => {
  await browser.context.setOffline(true)
  await page.locator('#offline-banner').waitFor()
  await expect(page.locator('#offline-banner').innerText()).resolves.toContain('网络已断开')
  await expect(page.locator('#entry-guide').isVisible()).resolves.toBe(true)
  await shot('offline-banner-home')
})

test('offline, opening a page not loaded yet shows 网络已断开, what still works and 重试 — not a blank page', async () => {
  await page.goto(`${server.url}/${APPOINTMENTS}`)
  await settled(page, '#offline-state')
  const text = await page.locator('#offline-state').innerText()
  expect(text).toContain('网络已断开')
  for (const words of ['已收藏的办事指南', '12345 诉求草稿', '一码通城离线码', '重试']) expect(text).toContain(words)
  // The page itself was not mounted: no request of it is left hanging.
  await expect(page.locator('#appt-services').count()).resolves.toBe(0)
  for (const id of ['#offline-retry', '#offline-saved', '#offline-draft', '#offline-citycode']) {
    const box = await page.locator(id).boundingBox()
    expect(box!.height).toBeGreaterThanOrEqual(44)
  }
  await shot('offline-state')
  expect(await seriousViolations(page)).toEqual([])

  // 重试 while still offline says so and keeps the state.
  await page.locator('#offline-retry').click()
  await page.locator('#offline-still').waitFor()
  await expect(page.locator('#offline-state').isVisible()).resolves.toBe(true)
})

test('offline, a reload shows the app (from the service worker) with the offline state, not the browser\'s error page', async () => {
  await page.reload()
  await settled(page, '#offline-state')
  await expect(page.title()).resolves.not.toMatch(/无法访问|ERR_|not available/i)
  const body = await page.locator('body').innerText()
  expect(body).toContain('网络已断开')
  expect(body).not.toContain('ERR_INTERNET_DISCONNECTED')
  // The app shell: Taro's router and the page's title bar.
  await expect(page.locator('.taro_router').count()).resolves.toBeGreaterThan(0)
  await expect(page.locator('.os-titlebar').first().isVisible()).resolves.toBe(true)
  await shot('offline-reload')
})

test('a page that works offline opens from the offline state: 我的收藏 with the banner', async () => {
  await page.locator('#offline-saved').click()
  await settled(page, '#mine-sync-note, .os-mine')
  await expect(page.locator('#offline-banner').last().isVisible()).resolves.toBe(true)
  await expect(page.locator('#offline-state').count()).resolves.toBe(1)
  await shot('offline-saved')
  await page.goBack()
  await settled(page, '#offline-state')
})

test('back online, 重试 opens the page', async () => {
  await browser.context.setOffline(false)
  await page.locator('#offline-retry').click()
  await page.locator('#appt-services').waitFor()
  await expect(page.locator('#offline-state').count()).resolves.toBe(0)
  await expect(page.locator('#offline-banner').count()).resolves.toBe(0)
  await settled(page, '#appt-services')
  await shot('offline-back-online')
})
