// Debian chromium via playwright-core for the H5 tests: a fresh profile per run, console errors recorded, and page helpers.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const H5_ARTIFACTS = path.resolve(__dirname, '../artifacts/h5')

export interface Browser {
  context: BrowserContext
  page: Page
  /** console.error output and uncaught page errors, in order; tests clear it when they expect some. */
  consoleErrors: string[]
  close(): Promise<void>
}

/** A phone-sized chromium page (375×812 at 2×, touch, zh-CN) with a throwaway profile. */
export async function launchBrowser(): Promise<Browser> {
  fs.mkdirSync(H5_ARTIFACTS, { recursive: true })
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'onestop-chromium-'))
  // A fresh profile per run: playwright owns --user-data-dir through launchPersistentContext.
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 375, height: 812 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
  })
  const page = context.pages()[0] ?? (await context.newPage())
  const consoleErrors: string[] = []
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(msg.text())
  })
  page.on('pageerror', (err) => consoleErrors.push(`pageerror: ${err.message}`))
  return {
    context,
    page,
    consoleErrors,
    close: async () => {
      await context.close()
      fs.rmSync(userDataDir, { recursive: true, force: true })
    },
  }
}

/** Saves a full-page screenshot as test/artifacts/h5/<name>.png. */
export function screenshot(page: Page, name: string): Promise<Buffer> {
  return page.screenshot({ path: path.join(H5_ARTIFACTS, `${name}.png`), fullPage: true })
}

/** Waits until the element has slid fully into view (Taro H5 animates page pushes). */
export async function settled(page: Page, selector: string): Promise<void> {
  await page.waitForFunction((sel) => {
    const el = document.querySelector(sel)
    if (!el) return false
    const r = el.getBoundingClientRect()
    return r.width > 0 && r.left >= 0 && r.right <= window.innerWidth
  }, selector)
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))))
}

/** Heights in CSS px of every element matching the selector that is on screen. */
export async function heights(page: Page, selector: string): Promise<number[]> {
  return page.$$eval(selector, (els) =>
    els.map((e) => e.getBoundingClientRect()).filter((r) => r.width > 0).map((r) => Math.round(r.height)),
  )
}

/** One axe-core violation as the H5 tests report it. */
export interface AxeViolation {
  id: string
  impact: string | null
  nodes: number
  targets: string[]
}

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

/**
 * axe-core on the page as it is (WCAG 2.0 / 2.1 A and AA): the critical and serious violations, none excused. axe is
 * evaluated through the DevTools protocol — the app's CSP refuses an added inline script — once per document.
 */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE)
  const violations = await page.evaluate(async () => {
    type Result = { violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] }
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<Result> } }).axe
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] })
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }))
  })
  return violations.filter((v) => v.impact === 'critical' || v.impact === 'serious')
}
