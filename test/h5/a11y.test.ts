// H5 in chromium: axe-core on EVERY page of src/app.config.ts, signed out and signed in, normal and 长辈版 (`care=1`).
// The API runs in this process (buildApp on in-memory PGlite, the H5 build served beside it); the ids a page needs
// come from the seeded data (a service with halls, a bundle, a demo request) or are written straight into the tables
// (an appointment, a printed code). Each visit fails on any critical or serious violation and, in 长辈版, on any
// visible text under 18 CSS px or tappable element under 60×60 CSS px (issue 17's acceptance); the counts per page and
// the sweep's duration are printed at the end and written to test/artifacts/h5/a11y-counts.txt. No axe rule is
// disabled and nothing is excluded.
//
// Speed (CI gives it about 3 minutes): one browser and one tab for all 180 visits, one document load per visit, no
// fixed sleeps (a visit waits until no request has been in flight for 150 ms), axe asked for violations only.
import fs from 'node:fs'
import path from 'node:path'
import type { Page, Request } from 'playwright-core'
import { buildApp, type App } from '../../server/app'
import { createDataCrypto } from '../../server/crypto'
import { openDatabase, type Db } from '../../server/db'
import { distDir, ensureBuilt, BUILD_TIMEOUT_MS } from '../support/build'
import { launchBrowser, screenshot, type Browser } from '../support/browser'
import { prepareDatabase, serve, testConfig, type Served } from '../server/helpers'
import { makeResident, makeStaff } from '../server/similar-support'

const KEY = Buffer.alloc(32, 7)
const crypto = createDataCrypto(KEY)

let db: Db
let app: App
let served: Served
let browser: Browser
let page: Page
let residentToken = ''
let staffToken = ''
let startedAt = 0
const ids: Record<string, string> = {}
const now = new Date()

interface Violation {
  id: string
  impact: string | null
  nodes: number
  targets: string[]
}
const counts: string[] = []

jest.setTimeout(60_000)

/** Every page path of the manifest, main package and subpackages (H5 build: the command view included). */
function allPages(): string[] {
  const prev = process.env.TARO_ENV
  process.env.TARO_ENV = 'h5'
  const g = globalThis as unknown as { defineAppConfig?: (c: unknown) => unknown }
  g.defineAppConfig = (c) => c
  try {
    const cfg = require('../../src/app.config').default as unknown as { pages: string[]; subPackages: { root: string; pages: string[] }[] }
    return [...cfg.pages, ...cfg.subPackages.flatMap((s) => s.pages.map((p) => `${s.root}/${p}`))]
  } finally {
    process.env.TARO_ENV = prev
  }
}

/** The query a page needs to show real content (ids from the seeded data). */
function queryFor(p: string): string {
  const q: Record<string, Record<string, string>> = {
    'packages/guide/pages/detail/index': { code: ids.service },
    'packages/guide/pages/bundle/index': { code: ids.bundle },
    'packages/guide/pages/mine/index': { tab: 'favourites' },
    'packages/appointment/pages/index/index': { service: ids.service },
    'packages/appointment/pages/slots/index': { service: ids.service, hall: ids.hall },
    'packages/appointment/pages/confirm/index': { service: ids.service, hall: ids.hall, slot: ids.slot, start: ids.slotStart, end: ids.slotEnd },
    'packages/appointment/pages/detail/index': { id: ids.appointment },
    'packages/request/pages/detail/index': { id: ids.request },
    'packages/request/pages/public/index': { id: ids.request },
    'packages/citycode/pages/print/index': { id: ids.printed },
    'packages/staff/pages/request/index': { id: ids.request },
    'packages/staff/pages/entity/index': { id: ids.entity },
    'packages/rating/pages/rate/index': { id: ids.appointment },
    'packages/forms/pages/preview/index': { code: ids.service },
    'packages/apply/pages/form/index': { code: ids.service },
    'packages/command/pages/drill/index': { metric: 'received', title: '受理量' },
  }
  const params = Object.entries(q[p] ?? {}).filter(([, v]) => v)
  return params.length ? `?${params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}` : ''
}

beforeAll(async () => {
  ensureBuilt('h5')
  db = await prepareDatabase(await openDatabase({}))
  app = await buildApp({ config: testConfig({ DATA_KEY: KEY.toString('base64'), H5_DIR: distDir('h5') }), db, clock: () => now, logger: false, crypto })
  served = await serve(app)
  const one = async (sql: string, params: unknown[] = []): Promise<Record<string, string> | undefined> =>
    (await db.query<Record<string, string>>(sql, params)).rows[0]
  /** An id from a table that may hold none yet: the page is then visited without it (its empty or error state). */
  const maybe = async (sql: string): Promise<string> => {
    try {
      return (await one(sql))?.id ?? ''
    } catch {
      return ''
    }
  }
  const hs = await one('SELECT hall_id, service_code FROM hall_services ORDER BY hall_id, service_code LIMIT 1')
  ids.hall = hs?.hall_id ?? ''
  ids.service = hs?.service_code ?? ''
  ids.bundle = (await one('SELECT code FROM bundles ORDER BY code LIMIT 1'))?.code ?? ''
  const resident = await makeResident(db, crypto, '13800138031', now)
  residentToken = resident.headers.authorization.slice('Bearer '.length)
  const staff = await makeStaff(db, 'a11y-admin', 'admin', null, now, { displayName: '无障碍检查' })
  staffToken = staff.headers.authorization.slice('Bearer '.length)
  // A slot tomorrow and an appointment in it.
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
     VALUES (gen_random_uuid(), 'A11Y0001', $1, $2, $3, $4, $5, 'booked', 'A001', $6) RETURNING id`,
    [resident.id, ids.slot, ids.hall, ids.service, start, now],
  )
  ids.appointment = appt?.id ?? ''
  ids.request = (await one('SELECT id::text AS id FROM requests ORDER BY number DESC LIMIT 1'))?.id ?? ''
  ids.entity = await maybe('SELECT id::text AS id FROM similar_entities ORDER BY id LIMIT 1')
  ids.printed = await maybe('SELECT id::text AS id FROM citycode_printed ORDER BY id LIMIT 1')
  browser = await launchBrowser()
  page = browser.page
  page.on('request', (r) => {
    inFlight.add(r)
    lastActivity = Date.now()
  })
  const settle = (r: Request) => {
    inFlight.delete(r)
    lastActivity = Date.now()
  }
  page.on('requestfinished', settle)
  page.on('requestfailed', settle)
  startedAt = Date.now()
}, BUILD_TIMEOUT_MS + 120_000)

afterAll(async () => {
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1)
  const report = [
    `a11y sweep: ${visits} visits in ${seconds} s`,
    'axe-core critical+serious violations per page (state  page  count), and in 长辈版 the texts under 18 px and targets under 60×60',
    ...counts,
  ].join('\n')
  console.log(report)
  fs.mkdirSync(path.resolve(__dirname, '../artifacts/h5'), { recursive: true })
  fs.writeFileSync(path.resolve(__dirname, '../artifacts/h5/a11y-counts.txt'), `${report}\n`)
  await browser?.close()
  await served?.close()
  await db?.close()
})

async function signIn(signedIn: boolean): Promise<void> {
  await page.goto(`${served.url}/`)
  await page.evaluate(
    ([r, s, on]) => {
      localStorage.clear()
      if (on) {
        localStorage.setItem('onestop.session', JSON.stringify({ data: r }))
        localStorage.setItem('onestop.staff-session', JSON.stringify({ data: s }))
      }
    },
    [residentToken, staffToken, signedIn] as const,
  )
}

/** Requests the page has in flight (scripts, styles, API calls); a visit waits until they have settled. */
const inFlight = new Set<Request>()
let lastActivity = 0
let visits = 0

/**
 * Opens the page on its own (one full load: a fresh search part makes the browser load the document again) and waits
 * until its page is rendered and no request has been in flight for 150 ms, then for two frames.
 */
async function visit(p: string, care: boolean): Promise<void> {
  let q = queryFor(p)
  if (care) q = q ? `${q}&care=1` : '?care=1'
  visits += 1
  await page.goto(`${served.url}/?visit=${visits}#/${p}${q}`)
  // The page's root is in its container (every page but the H5-only 一屏观 is wrapped in src/components/page).
  await page.waitForFunction(() => (document.querySelector('.taro_page')?.textContent ?? '').trim() !== '', undefined, { timeout: 10_000 })
  const deadline = Date.now() + 10_000
  while (Date.now() < deadline && (inFlight.size > 0 || Date.now() - lastActivity < 150)) await new Promise((r) => setTimeout(r, 25))
  if (inFlight.size > 0) console.warn(`${p}: still loading after 10 s: ${[...inFlight].map((r) => r.url()).join(', ')}`)
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))))
}

/**
 * 长辈版 sizes (issue 17): every visible text at least 18 CSS px, every tappable element at least 60×60 CSS px (the
 * viewport is 375 wide, the width the rule is written for). Returns what falls short, e.g. `text 16px 「…」`.
 */
async function careSizeProblems(): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = []
    const visible = (el: Element): boolean => {
      const r = el.getBoundingClientRect()
      if (r.width === 0 || r.height === 0) return false
      const st = getComputedStyle(el)
      return st.visibility !== 'hidden' && st.display !== 'none' && Number(st.opacity) > 0
    }
    const describe = (el: Element): string => {
      const id = el.id ? `#${el.id}` : ''
      const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/)[0]}` : ''
      return `${el.tagName.toLowerCase()}${id}${cls}`
    }
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    const seen = new Set<Element>()
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement
      if (!el || seen.has(el) || !(n.textContent ?? '').trim() || el.closest('script, style')) continue
      seen.add(el)
      if (!visible(el)) continue
      const size = parseFloat(getComputedStyle(el).fontSize)
      if (size < 17.95) problems.push(`text ${size}px ${describe(el)} 「${(n.textContent ?? '').trim().slice(0, 12)}」`)
    }
    const TAPPABLE = [
      'button', 'a[href]', 'input:not([type=hidden])', 'textarea', 'select', 'taro-button-core', '.weui-tabbar__item',
      '[role=button]', '[role=link]', '[role=checkbox]', '[role=radio]', '[role=switch]', '[role=tab]', '[role=option]',
      '[tabindex]:not([tabindex="-1"]):not(.taro_page)',
    ].join(', ')
    for (const el of Array.from(document.querySelectorAll(TAPPABLE))) {
      if (!visible(el) || el.closest('[aria-hidden=true]')) continue
      const r = el.getBoundingClientRect()
      if (r.width < 59.5 || r.height < 59.5) problems.push(`target ${Math.round(r.width)}×${Math.round(r.height)} ${describe(el)}`)
    }
    return problems
  })
}

async function axe(): Promise<Violation[]> {
  // Evaluated through the debugging protocol: the app's CSP (script-src 'self' + hashes) refuses an injected <script>.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE)
  return page.evaluate(async () => {
    type Result = { violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] }
    const a = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<Result> } }).axe
    const result = await a.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations'] })
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }))
  })
}

/** Pages whose 长辈版 (signed in) is saved as test/artifacts/h5/a11y-care-<name>.png, to be looked at. */
const SHOTS: Record<string, string> = {
  'pages/me/index': 'me',
  'packages/guide/pages/detail/index': 'guide',
  'packages/staff/pages/announcements/index': 'announcements',
  'packages/command/pages/index/index': 'command',
}

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')
const PAGES = allPages()
const STATES = [
  { name: 'signed out', signedIn: false, care: false },
  { name: 'signed in', signedIn: true, care: false },
  { name: 'signed out 长辈版', signedIn: false, care: true },
  { name: 'signed in 长辈版', signedIn: true, care: true },
]

test('the manifest lists every page folder of the source tree', () => {
  expect(PAGES.length).toBeGreaterThanOrEqual(40)
  for (const p of PAGES) expect(fs.existsSync(path.resolve(__dirname, '../../src', `${p}.tsx`))).toBe(true)
})

describe.each(STATES)('$name', ({ name, signedIn, care }) => {
  beforeAll(() => signIn(signedIn))

  const what = care ? 'has no critical or serious axe violation, text of 18 px and targets of 60×60 at least' : 'has no critical or serious axe violation'
  test.each(PAGES)(`%s ${what}`, async (p) => {
    await visit(p, care)
    const bad = (await axe()).filter((v) => v.impact === 'critical' || v.impact === 'serious')
    const sizes = care ? await careSizeProblems() : []
    if (care && signedIn && SHOTS[p]) await screenshot(page, `a11y-care-${SHOTS[p]}`)
    const line = `${name.padEnd(18)} ${p.padEnd(44)} ${bad.reduce((n, v) => n + v.nodes, 0)}${bad.length ? `  (${bad.map((v) => `${v.id}×${v.nodes}`).join(', ')})` : ''}`
    counts.push(care ? `${line}  sizes ${sizes.length}${sizes.length ? `  (${sizes.slice(0, 4).join('; ')}${sizes.length > 4 ? '; …' : ''})` : ''}` : line)
    expect({ axe: bad, sizes }).toEqual({ axe: [], sizes: [] })
  })
})
