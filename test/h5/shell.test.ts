// H5 in chromium at 390×844: the shell around every page — 长辈版 from a `care=1` link (kept after a reload and across
// pages), its sizes measured on EVERY page of src/app.config.ts (computed font size of every text >= 18 px, every
// tappable element >= 60×60), the title bar with 返回 / 首页 on sub-pages, deep links that survive a reload, the
// 页面不存在 page for an unknown address, and the guide's bottom action bar. The API runs in this process (buildApp on
// in-memory PGlite, the H5 build served beside it); the ids a page needs come from the seeded data or are written
// straight into the tables. Screenshots go to test/artifacts/h5/shell-*.png.
import path from 'node:path'
import type { Page } from 'playwright-core'
import { buildApp, type App } from '../../server/app'
import { createDataCrypto } from '../../server/crypto'
import { openDatabase, type Db } from '../../server/db'
import { distDir, ensureBuilt, BUILD_TIMEOUT_MS } from '../support/build'
import { H5_ARTIFACTS, launchBrowser, type Browser } from '../support/browser'
import { prepareDatabase, serve, testConfig, type Served } from '../server/helpers'
import { makeResident } from '../server/similar-support'

const KEY = Buffer.alloc(32, 9)
const crypto = createDataCrypto(KEY)

let db: Db
let app: App
let served: Served
let browser: Browser
let page: Page
let residentToken = ''
const ids: Record<string, string> = {}
const now = new Date()

jest.setTimeout(90_000)

/**
 * Every page of the manifest, main package and subpackages, as the H5 build has them — less 一屏观 (packages/command),
 * the desktop and wall-screen view for staff, which computes its own sizes for a 1920-wide screen.
 */
function allPages(): string[] {
  const prev = process.env.TARO_ENV
  process.env.TARO_ENV = 'h5'
  const g = globalThis as unknown as { defineAppConfig?: (c: unknown) => unknown }
  g.defineAppConfig = (c) => c
  try {
    const cfg = require('../../src/app.config').default as { pages: string[]; subPackages: { root: string; pages: string[] }[] }
    return [...cfg.pages, ...cfg.subPackages.flatMap((s) => s.pages.map((p) => `${s.root}/${p}`))]
  } finally {
    process.env.TARO_ENV = prev
  }
}

const PAGES = allPages().filter((p) => !p.startsWith('packages/command/'))

function queryFor(p: string): Record<string, string> {
  const q: Record<string, Record<string, string>> = {
    'packages/guide/pages/detail/index': { code: ids.service },
    'packages/guide/pages/bundle/index': { code: ids.bundle },
    'packages/appointment/pages/index/index': { service: ids.service },
    'packages/appointment/pages/slots/index': { service: ids.service, hall: ids.hall },
    'packages/appointment/pages/confirm/index': { service: ids.service, hall: ids.hall, slot: ids.slot, start: ids.slotStart, end: ids.slotEnd },
    'packages/appointment/pages/detail/index': { id: ids.appointment },
    'packages/request/pages/detail/index': { id: ids.request },
    'packages/request/pages/public/index': { id: ids.request },
    'packages/rating/pages/rate/index': { id: ids.appointment },
    'packages/forms/pages/preview/index': { code: ids.service },
    'packages/apply/pages/form/index': { code: ids.service },
  }
  return Object.fromEntries(Object.entries(q[p] ?? {}).filter(([, v]) => v))
}

function urlOf(p: string, extra: Record<string, string> = {}): string {
  const params = Object.entries({ ...queryFor(p), ...extra })
  const q = params.length ? `?${params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}` : ''
  return `${served.url}/#/${p}${q}`
}

beforeAll(async () => {
  ensureBuilt('h5')
  db = await prepareDatabase(await openDatabase({}))
  app = await buildApp({ config: testConfig({ DATA_KEY: KEY.toString('base64'), H5_DIR: distDir('h5') }), db, clock: () => now, logger: false, crypto })
  served = await serve(app)
  const one = async (sql: string, params: unknown[] = []): Promise<Record<string, string> | undefined> =>
    (await db.query<Record<string, string>>(sql, params)).rows[0]
  const hs = await one('SELECT hall_id, service_code FROM hall_services ORDER BY hall_id, service_code LIMIT 1')
  ids.hall = hs?.hall_id ?? ''
  ids.service = hs?.service_code ?? ''
  ids.bundle = (await one('SELECT code FROM bundles ORDER BY code LIMIT 1'))?.code ?? ''
  const resident = await makeResident(db, crypto, '13800138041', now)
  residentToken = resident.headers.authorization.slice('Bearer '.length)
  const start = new Date(now.getTime() + 26 * 3600_000)
  const end = new Date(start.getTime() + 1800_000)
  const slot = await one(
    'INSERT INTO slots (hall_id, service_code, starts_at, ends_at, capacity, booked) VALUES ($1, $2, $3, $4, 5, 1) RETURNING id',
    [ids.hall, ids.service, start, end],
  )
  ids.slot = slot?.id ?? ''
  ids.slotStart = start.toISOString()
  ids.slotEnd = end.toISOString()
  const appt = await one(
    `INSERT INTO appointments (id, code, user_id, slot_id, hall_id, service_code, starts_at, status, queue_number, created_at)
     VALUES (gen_random_uuid(), 'SHEL0001', $1, $2, $3, $4, $5, 'booked', 'A001', $6) RETURNING id`,
    [resident.id, ids.slot, ids.hall, ids.service, start, now],
  )
  ids.appointment = appt?.id ?? ''
  ids.request = (await one('SELECT id::text AS id FROM requests ORDER BY filed_at DESC LIMIT 1'))?.id ?? ''
  browser = await launchBrowser()
  page = browser.page
  await page.setViewportSize({ width: 390, height: 844 })
}, BUILD_TIMEOUT_MS + 120_000)

afterAll(async () => {
  await browser?.close()
  await served?.close()
  await db?.close()
})

/** Starts from a clean device: no session, no 长辈版 choice; signed in when asked. */
async function freshDevice(signedIn: boolean): Promise<void> {
  await page.goto(`${served.url}/`)
  await page.evaluate(
    ([token, on]) => {
      localStorage.clear()
      if (on) localStorage.setItem('onestop.session', JSON.stringify({ data: token }))
    },
    [residentToken, signedIn] as const,
  )
}

/** Waits until the visible page has drawn its <Page> root and its requests have settled. */
async function pageDrawn(): Promise<void> {
  await page.waitForFunction(() => Array.from(document.querySelectorAll('.os-page')).some((e) => e.getBoundingClientRect().width > 0), undefined, { timeout: 15_000 })
  await page.waitForLoadState('networkidle').catch(() => undefined)
  await page.waitForTimeout(300)
}

const visibleCare = () =>
  page.evaluate(() => {
    const roots = Array.from(document.querySelectorAll('.os-page')).filter((e) => e.getBoundingClientRect().width > 0)
    return roots.length > 0 && roots.every((e) => e.classList.contains('care')) && document.body.classList.contains('care')
  })

interface Measured {
  texts: number
  smallest: { size: number; text: string } | undefined
  largest: number
  tappables: number
  small: string[]
}

/** Every visible text of the page (and the tab bar), and every visible tappable element, measured in CSS px. */
function measure(): Promise<Measured> {
  return page.evaluate(() => {
    const scope = Array.from(document.querySelectorAll('.os-page, .taro-tabbar__tabbar')).filter((e) => e.getBoundingClientRect().width > 0)
    const shown = (e: Element) => {
      const r = e.getBoundingClientRect()
      const s = getComputedStyle(e)
      return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none' && Number(s.opacity) > 0
    }
    let texts = 0
    let largest = 0
    let smallest: { size: number; text: string } | undefined
    const small: string[] = []
    const TAPPABLE = "[role='button'], [role='switch'], [role='checkbox'], [role='radio'], [role='tab'], [role='link'], [role='option'], a[href], button, taro-button-core, input, textarea, taro-input-core, taro-textarea-core, .weui-tabbar__item"
    let tappables = 0
    for (const root of scope) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const text = (n.textContent ?? '').trim()
        const el = n.parentElement
        if (!text || !el || !shown(el)) continue
        const size = parseFloat(getComputedStyle(el).fontSize)
        texts += 1
        largest = Math.max(largest, size)
        if (!smallest || size < smallest.size) smallest = { size, text: text.slice(0, 20) }
      }
      for (const el of Array.from(root.querySelectorAll(TAPPABLE))) {
        if (!shown(el) || el.closest('[aria-hidden="true"]')) continue
        // An input drawn inside a tappable box is measured by its box.
        if (el.parentElement?.closest(TAPPABLE) && el.matches('input, textarea')) continue
        tappables += 1
        const r = el.getBoundingClientRect()
        if (r.width < 59.5 || r.height < 59.5) {
          const label = (el.getAttribute('aria-label') ?? (el as HTMLElement).innerText ?? el.id ?? el.tagName).trim().slice(0, 16)
          small.push(`${el.id ? `#${el.id} ` : ''}${label} ${Math.round(r.width)}×${Math.round(r.height)}`)
        }
      }
    }
    return { texts, smallest, largest, tappables, small }
  })
}

test('a care=1 link turns 长辈版 on and it stays on after a reload and across pages', async () => {
  await freshDevice(false)
  await page.goto(`${served.url}/#/pages/home/index?care=1`)
  await pageDrawn()
  expect(await visibleCare()).toBe(true)
  await page.screenshot({ path: path.join(H5_ARTIFACTS, 'shell-home-care.png') })

  // Reload without the query: the choice was kept on the device.
  await page.goto(`${served.url}/#/pages/home/index`)
  await page.reload()
  await pageDrawn()
  expect(await visibleCare()).toBe(true)

  // Another tab, and a sub-page.
  await page.getByText('我的', { exact: true }).last().click()
  await page.locator('#me-care-mode').waitFor()
  await pageDrawn()
  expect(await visibleCare()).toBe(true)
  await page.goto(urlOf('packages/guide/pages/detail/index'))
  await pageDrawn()
  expect(await visibleCare()).toBe(true)

  // The switch in 我的 turns it off again.
  await page.goto(`${served.url}/#/pages/me/index`)
  await pageDrawn()
  await page.locator('#me-care-mode').click()
  await page.waitForFunction(() => !document.body.classList.contains('care'))
  await page.reload()
  await pageDrawn()
  expect(await page.evaluate(() => document.body.classList.contains('care'))).toBe(false)
})

// Every page is measured the same way (signed out and in) by the accessibility sweep, test/h5/a11y.test.ts; here the
// pages a resident meets first, and the largest text the care sizes give.
const CARE_PAGES = ['pages/home/index', 'pages/catalog/index', 'pages/me/index', 'packages/guide/pages/detail/index', 'packages/request/pages/index/index', 'packages/citycode/pages/index/index']

test('长辈版 on the first pages: every text >= 18 px, the largest >= 30 px somewhere, every tappable element >= 60×60', async () => {
  await freshDevice(true)
  const report: string[] = []
  const failures: string[] = []
  let largestAnywhere = 0
  const pages = PAGES.filter((p) => CARE_PAGES.includes(p))
  expect(pages).toHaveLength(CARE_PAGES.length)
  for (const p of pages) {
    await page.goto(urlOf(p, { care: '1' }))
    await page.reload()
    try {
      await pageDrawn()
    } catch {
      failures.push(`${p}: no .os-page drawn`)
      continue
    }
    if (!(await visibleCare())) failures.push(`${p}: no care class`)
    const m = await measure()
    largestAnywhere = Math.max(largestAnywhere, m.largest)
    report.push(`${p.padEnd(46)} texts ${String(m.texts).padStart(3)}  smallest ${m.smallest?.size ?? '-'} px  largest ${m.largest} px  tappables ${String(m.tappables).padStart(3)}  under 60×60: ${m.small.length}`)
    if (m.texts === 0) failures.push(`${p}: no text measured`)
    if (m.smallest && m.smallest.size < 18) failures.push(`${p}: text "${m.smallest.text}" is ${m.smallest.size} px`)
    if (m.small.length) failures.push(`${p}: tappables under 60×60: ${m.small.slice(0, 6).join('; ')}`)
  }
  console.log(['长辈版 at 390×844 (CSS px)', ...report].join('\n'))
  expect(largestAnywhere).toBeGreaterThanOrEqual(30)
  expect(failures).toEqual([])
})

test('a sub-page has a title bar with 返回; the home tab page has none', async () => {
  await freshDevice(false)
  await page.goto(`${served.url}/#/pages/home/index`)
  await pageDrawn()
  expect(await page.locator('.os-titlebar').filter({ visible: true }).count()).toBe(0)
  await page.locator('#entry-request').click()
  const back = page.locator('#titlebar-back').filter({ visible: true })
  await back.waitFor()
  const bar = page.locator('.os-titlebar').filter({ visible: true })
  await expect(bar.innerText()).resolves.toContain('12345 诉求')
  const box = await back.boundingBox()
  expect(box!.height).toBeGreaterThanOrEqual(44)
  await back.click()
  await page.locator('#entry-request').waitFor()
  expect(page.url()).toMatch(/pages\/home\/index|#\/?$/)
})

test('from the keyboard: Tab reaches the home entries, Enter opens one, and 返回 is pressed with Space', async () => {
  await freshDevice(false)
  await page.goto(`${served.url}/#/pages/home/index`)
  await pageDrawn()
  const entry = page.locator('#entry-request').filter({ visible: true })
  await entry.waitFor()
  await expect(entry.getAttribute('tabindex')).resolves.toBe('0')
  // Tab until the 12345 entry has the focus (the scroll container and the controls before it come first).
  let reached = false
  for (let i = 0; i < 40 && !reached; i++) {
    await page.keyboard.press('Tab')
    reached = await page.evaluate(() => document.activeElement?.id === 'entry-request')
  }
  expect(reached).toBe(true)
  const ring = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle)
  expect(ring).toBe('solid')
  await page.keyboard.press('Enter')
  const back = page.locator('#titlebar-back').filter({ visible: true })
  await back.waitFor()
  await back.focus()
  await page.keyboard.press(' ')
  await page.locator('#entry-request').filter({ visible: true }).waitFor()
})

test('a deep link works after a reload and offers 首页 when there is no history', async () => {
  await freshDevice(false)
  await page.goto(urlOf('packages/guide/pages/detail/index'))
  await page.reload()
  await pageDrawn()
  await page.locator('#guide-actions').filter({ visible: true }).waitFor()
  const home = page.locator('#titlebar-home').filter({ visible: true })
  await home.waitFor()
  await home.click()
  await page.locator('#entry-request').waitFor()
})

test('an unknown address shows 页面不存在 with a way home', async () => {
  await freshDevice(false)
  await page.goto(`${served.url}/#/packages/nothing/pages/here/index`)
  await page.getByText('页面不存在').filter({ visible: true }).first().waitFor()
  await page.screenshot({ path: path.join(H5_ARTIFACTS, 'shell-not-found.png') })
  await page.locator('#not-found-home').filter({ visible: true }).click()
  await page.locator('#entry-request').waitFor()
})

test('the guide keeps 预约办理 / 收藏 on screen while the page scrolls', async () => {
  await freshDevice(false)
  await page.goto(urlOf('packages/guide/pages/detail/index'))
  await pageDrawn()
  const bar = page.locator('#guide-actions').filter({ visible: true })
  await bar.waitFor()
  await page.mouse.wheel(0, 5000)
  await page.evaluate(() => {
    for (const el of Array.from(document.querySelectorAll('*'))) if (el.scrollHeight > el.clientHeight + 10) el.scrollTop = el.scrollHeight
    window.scrollTo(0, document.body.scrollHeight)
  })
  await page.waitForTimeout(300)
  const box = await bar.boundingBox()
  expect(box).not.toBeNull()
  expect(box!.y + box!.height).toBeLessThanOrEqual(844 + 1)
  expect(box!.y).toBeGreaterThan(844 - 200)
  await expect(bar.innerText()).resolves.toMatch(/收藏/)
  await page.screenshot({ path: path.join(H5_ARTIFACTS, 'shell-guide-action-bar.png') })
})
