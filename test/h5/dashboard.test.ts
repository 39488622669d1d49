// 一屏观 in chromium against the real server on a seeded database (test/support/seed-dashboard.ts: back-dated hotline
// requests across districts — a 天河区 parking hotspot, consults overdue in 海珠区 and 荔湾区, closed ones in 越秀区):
// the dispatcher opens 一屏观 from the staff workbench and sees the server's figures; clicks 海珠区 on the map and the
// figures become 海珠区's; clicks the overdue count and lands on exactly those work orders, one of which opens in the
// staff request page; the wall mode at 1920×1080 draws larger type. Screenshots at 1280×800 and 1920×1080, axe-core
// with no critical or serious violation on both pages.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Page } from 'playwright-core'
import type { Dashboard, DrillPage } from '@contract/dashboard'
import { DEMO_STAFF_PASSWORD } from '../../server/db/seed/demo'
import { ensureBuilt, ROOT } from '../support/build'
import { launchBrowser, screenshot, settled, type Browser } from '../support/browser'
import { startServer, type RunningServer } from '../support/server-process'

let server: RunningServer
let browser: Browser
let page: Page
let token = ''
let city: Dashboard

jest.setTimeout(180_000)

async function api<T>(url: string): Promise<T> {
  const res = await fetch(`${server.url}/api${url}`, { headers: { authorization: `Bearer ${token}` } })
  if (res.status !== 200) throw new Error(`${url}: ${res.status} ${await res.text()}`)
  return (await res.json()) as T
}

const text = (selector: string) => page.locator(selector).innerText()

/** axe-core in the page: the critical and serious violations, as "rule: target" lines. */
async function axeViolations(): Promise<string[]> {
  // Evaluated through the DevTools protocol: the app's Content-Security-Policy refuses injected script tags.
  await page.evaluate(fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'))
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe
    const r = await axe.run(document, { resultTypes: ['violations'] })
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }))
  })
  return found.filter((v) => v.impact === 'critical' || v.impact === 'serious').map((v) => `${v.id}: ${v.targets.join(', ')}`)
}

beforeAll(async () => {
  ensureBuilt('h5')
  // The requests are filed with moved clocks straight into the embedded database before the server opens it.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'onestop-data-'))
  const seeded = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'test/support/seed-dashboard.ts', dataDir], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: '' },
    encoding: 'utf8',
    timeout: 300_000,
  })
  expect({ status: seeded.status, out: seeded.status === 0 ? '' : seeded.stdout + seeded.stderr }).toEqual({ status: 0, out: '' })
  server = await startServer({ DEMO: '1', DATA_DIR: dataDir, LOG_LEVEL: 'warn' }, 180_000)
  const res = await fetch(`${server.url}/api/auth/staff`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'demo-dispatcher', password: DEMO_STAFF_PASSWORD }),
  })
  token = ((await res.json()) as { token: string }).token
  city = await api<Dashboard>('/staff/dashboard')
  browser = await launchBrowser()
  page = browser.page
  // 一屏观 is used on a desktop browser.
  await page.setViewportSize({ width: 1280, height: 800 })
}, 600_000)

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

test('the dispatcher opens 一屏观 from the staff workbench and sees the server’s figures, map and table (1280×800)', async () => {
  // The seeded data: overdue consults, a hotspot, departments with dispatches.
  expect(city.overdue).toBeGreaterThanOrEqual(3)
  expect(city.hotspots.length).toBeGreaterThanOrEqual(1)
  expect(city.departments.length).toBeGreaterThanOrEqual(1)

  await page.goto(`${server.url}/#/packages/staff/pages/login/index`)
  await settled(page, '#staff-username')
  await page.locator('#staff-username input').fill('demo-dispatcher')
  await page.locator('#staff-password input').fill(DEMO_STAFF_PASSWORD)
  await page.locator('#staff-login-submit').click()
  await page.locator('#staff-profile').waitFor()
  await page.locator('#staff-command').click()
  await page.locator('#cmd-received-count').waitFor()
  await page.waitForFunction(() => (document.querySelector('#cmd-map') as HTMLElement | null)?.dataset.districtPoints)

  expect(await text('#cmd-received-count')).toBe(String(city.received))
  expect(await text('#cmd-overdue-count')).toBe(String(city.overdue))
  expect(await text('#cmd-open-count')).toBe(String(city.open))
  expect(await text('#cmd-rate-response-num')).toBe(String(city.rates.response.numerator))
  expect(await text('#cmd-rate-response-den')).toBe(String(city.rates.response.denominator))
  expect(await text('#cmd-updated')).toContain(`统计 ${city.from} 至 ${city.to}`)
  expect(await page.locator('#cmd-departments tbody tr').count()).toBe(city.departments.length)
  expect(await page.locator('#cmd-map canvas').count()).toBeGreaterThanOrEqual(1)
  // Every figure is a control of at least 44×44 CSS px.
  const small = await page.$$eval('.os-cmd__num, .os-cmd__chip, .os-cmd__csv, .os-cmd__back', (els) =>
    els.map((e) => e.getBoundingClientRect()).filter((r) => r.width > 0 && (r.height < 44 || r.width < 44)).length,
  )
  expect(small).toBe(0)

  await page.waitForTimeout(600) // the map's entry animation
  await screenshot(page, 'dashboard-1280x800')
  await page.locator('#cmd-departments').scrollIntoViewIfNeeded()
  await screenshot(page, 'dashboard-1280x800-table')
  expect(await axeViolations()).toEqual([])
  expect(browser.consoleErrors).toEqual([])
})

test('clicking 海珠区 on the map filters every figure to it; the overdue count opens exactly those work orders', async () => {
  const haizhu = await api<Dashboard>(`/staff/dashboard?district=${encodeURIComponent('海珠区')}`)
  expect(haizhu.overdue).toBeGreaterThanOrEqual(2)
  expect(haizhu.received).toBeLessThan(city.received)

  const points = JSON.parse((await page.locator('#cmd-map').getAttribute('data-district-points')) ?? '{}') as Record<string, [number, number]>
  const box = (await page.locator('#cmd-map').boundingBox())!
  await page.mouse.click(box.x + points['海珠区'][0], box.y + points['海珠区'][1])
  await page.waitForFunction((n) => document.querySelector('#cmd-received-count')?.textContent === n, String(haizhu.received))
  expect(await page.locator('#cmd-district').inputValue()).toBe('海珠区')
  expect(await text('#cmd-overdue-count')).toBe(String(haizhu.overdue))
  expect(await text('#cmd-open-count')).toBe(String(haizhu.open))

  const expected = await api<DrillPage>(`/staff/dashboard/requests?metric=overdue&district=${encodeURIComponent('海珠区')}&pageSize=100`)
  expect(expected.total).toBe(haizhu.overdue)
  await page.locator('#cmd-overdue-count').click()
  await page.locator('#drill-list').waitFor()
  await settled(page, '#drill-title')
  expect(await text('#drill-title')).toBe('超期工单')
  expect(await text('#drill-total')).toBe(`共 ${haizhu.overdue} 件`)
  const shown = await page.$$eval('#drill-list tbody th button', (els) => els.map((e) => e.textContent))
  expect(shown.sort()).toEqual(expected.items.map((i) => i.number).sort())
  for (const row of await page.$$eval('#drill-list tbody tr', (els) => els.map((e) => e.textContent ?? ''))) expect(row).toContain('海珠区')
  await screenshot(page, 'dashboard-drill-overdue')
  expect(await axeViolations()).toEqual([])

  // A work order opens in the existing staff request page.
  const first = expected.items[0].number
  await page.locator(`#drill-item-${first}`).click()
  await page.waitForFunction((n) => document.querySelector('#bench-detail-number')?.textContent?.includes(n), first)
})

test('the wall mode at 1920×1080 (?wall=1) draws the same figures in larger type', async () => {
  await page.goto(`${server.url}/#/packages/command/pages/index/index`)
  await page.locator('#cmd-received-count').waitFor()
  const normal = await page.$eval('#cmd-received-count', (e) => parseFloat(getComputedStyle(e).fontSize))

  await page.setViewportSize({ width: 1920, height: 1080 })
  await page.goto(`${server.url}/#/packages/command/pages/index/index?wall=1`)
  await page.reload()
  await page.locator('.os-cmd--wall #cmd-received-count').waitFor()
  await page.waitForFunction(() => (document.querySelector('#cmd-map') as HTMLElement | null)?.dataset.districtPoints)
  const wall = await page.$eval('#cmd-received-count', (e) => parseFloat(getComputedStyle(e).fontSize))
  expect(wall).toBeGreaterThanOrEqual(normal * 1.8)
  expect(await text('#cmd-wall')).toBe('退出大屏')
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1920)
  await page.waitForTimeout(600)
  await screenshot(page, 'dashboard-1920x1080-wall')
  await page.locator('#cmd-departments').scrollIntoViewIfNeeded()
  await screenshot(page, 'dashboard-1920x1080-wall-table')
  expect(await axeViolations()).toEqual([])
})
