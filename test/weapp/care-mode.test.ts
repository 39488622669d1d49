/**
 * 长辈版 in the compiled WeChat mini-program (dist/weapp, miniprogram-simulate): the resident has enlarged WeChat's
 * font (fontSizeSetting above the default), so the app starts in 长辈版 and EVERY page of app.json — main package and
 * every subpackage — carries the `care` class on its root; the care sizes are CSS variables set on `.care` in
 * app.wxss and read by the pages' styles. Switching it off in 我的 takes the class off every page, and the choice is
 * kept on the device.
 *
 * @jest-environment jsdom
 */
import fs from 'node:fs'
import path from 'node:path'
import { BUILD_TIMEOUT_MS, ensureBuilt } from '../support/build'
import { DEPARTMENTS, departmentsServer, find } from './pages-support'
import { WeappSimulator, type SimNode } from './simulator'

let sim: WeappSimulator

/** The classes of the page's <Page> root (the view with class os-page). */
function pageRootClasses(comp: SimNode): string[] | undefined {
  const root = comp.querySelector('.os-page')
  // miniprogram-simulate scopes class names by component ("main--os-page"); the scope is dropped here.
  return root?.dom ? String(root.dom.className).split(/\s+/).filter(Boolean).map((c) => c.replace(/^[a-z0-9]+--/, '')) : undefined
}

beforeAll(() => {
  const dir = ensureBuilt('weapp')
  sim = new WeappSimulator(dir)
  // WeChat's 我-设置-通用-字体大小 turned up: 20 px where Android's default is 16.
  require('miniprogram-simulate')
  const wx = (globalThis as unknown as { wx: Record<string, unknown> }).wx
  wx.getSystemInfoSync = () => ({ platform: 'android', fontSizeSetting: 20, windowWidth: 375, windowHeight: 812, pixelRatio: 2, system: 'Android 14', version: '8.0.50', SDKVersion: '3.5.0' })
  sim.requestHandler = departmentsServer(DEPARTMENTS)
  sim.boot()
}, BUILD_TIMEOUT_MS)

afterEach(() => {
  sim.closeAll()
})

test('app.wxss sets the care sizes on .care (>= 18 px text, 30 px largest, 60 px targets at 375 wide) and the pages read them', () => {
  // app.wxss imports the app's own styles (app-origin.wxss) and the shared chunk's.
  const appWxss = ['app.wxss', 'app-origin.wxss']
    .filter((f) => fs.existsSync(path.join(sim.distDir, f)))
    .map((f) => fs.readFileSync(path.join(sim.distDir, f), 'utf8'))
    .join('\n')
  const care = /\.care\{(--[^}]*)\}/.exec(appWxss.replace(/\s+/g, ''))
  expect(care).not.toBeNull()
  const vars = Object.fromEntries(
    care![1]
      .split(';')
      .filter((d) => d.startsWith('--'))
      .map((d) => d.split(':') as [string, string]),
  )
  // rpx: 750 to the screen width, so 2 rpx = 1 CSS px on a 375 px phone.
  const rpx = (name: string) => Number(/^([\d.]+)rpx$/.exec(vars[name] ?? '')?.[1] ?? NaN)
  for (const name of ['--os-font-xs', '--os-font-sm', '--os-font-md', '--os-font-lg']) expect(rpx(name) / 2).toBeGreaterThanOrEqual(18)
  expect(rpx('--os-font-xl') / 2).toBeGreaterThanOrEqual(30)
  expect(rpx('--os-tap-min') / 2).toBeGreaterThanOrEqual(60)
  // The subpackages' styles take their sizes from the variables (with the normal size as fallback).
  const wxss = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? wxss(path.join(dir, e.name)) : e.name.endsWith('.wxss') ? [path.join(dir, e.name)] : []))
  for (const sub of ['guide', 'appointment', 'request', 'account']) {
    const css = wxss(path.join(sim.distDir, 'packages', sub)).map((f) => fs.readFileSync(f, 'utf8')).join('\n')
    expect(css).toMatch(/font-size:\s*var\(--os-font-md,\s*32rpx\)/)
  }
})

test('fontSizeSetting above the default turns 长辈版 on: every page of app.json carries the care class', async () => {
  const missing: string[] = []
  for (const route of sim.routes()) {
    const comp = sim.open(route)
    try {
      await sim.waitFor(() => pageRootClasses(comp), () => `${route} has no .os-page root`, 10_000)
      const classes = pageRootClasses(comp) ?? []
      if (!classes.includes('care')) missing.push(`${route}: ${classes.join(' ')}`)
    } catch (err) {
      missing.push((err as Error).message)
    }
    sim.close(comp)
  }
  expect(missing).toEqual([])
  expect(sim.routes().length).toBeGreaterThanOrEqual(40)
}, 180_000)

test('the switch in 我的 turns it off on every page, and the choice is kept on the device', async () => {
  const me = sim.open('pages/me/index')
  await sim.waitFor(() => me.querySelector('#me-care-mode'), () => `我的 has no 长辈版 switch: ${me.dom?.textContent?.slice(0, 300)}`, 10_000)
  expect(me.dom?.textContent).toContain('长辈版')
  find(me, '#me-care-mode').dispatchEvent('tap')
  await sim.waitFor(() => !(pageRootClasses(me) ?? ['care']).includes('care'), () => `我的 still in 长辈版: ${pageRootClasses(me)?.join(' ')}`)
  expect(sim.storage.get('os.careMode')).toBe('0')
  sim.close(me)

  const still: string[] = []
  for (const route of sim.routes()) {
    const comp = sim.open(route)
    await sim.waitFor(() => pageRootClasses(comp), () => `${route} has no .os-page root`)
    if ((pageRootClasses(comp) ?? []).includes('care')) still.push(route)
    sim.close(comp)
  }
  expect(still).toEqual([])
}, 180_000)
