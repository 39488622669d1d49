/**
 * Offline in the compiled WeChat mini-program (dist/weapp, miniprogram-simulate): with wx.getNetworkType answering
 * 'none', a page that needs the network, opened from the app, shows 网络已断开, what still works and 重试 instead of its content; a page that
 * works offline (我的收藏) keeps its content under the banner; onNetworkStatusChange back online takes the banner away,
 * and 重试 online opens the page again (redirectTo the same address, so its own onLoad loads its data).
 *
 * @jest-environment jsdom
 */
import { BUILD_TIMEOUT_MS, ensureBuilt } from '../support/build'
import { DEPARTMENTS, departmentsServer, find } from './pages-support'
import { WeappSimulator } from './simulator'

let sim: WeappSimulator
let networkType = 'none'
const listeners: ((res: { isConnected: boolean; networkType: string }) => void)[] = []

beforeAll(() => {
  const dir = ensureBuilt('weapp')
  sim = new WeappSimulator(dir)
  sim.requestHandler = departmentsServer(DEPARTMENTS)
  sim.boot()
  const wx = (globalThis as unknown as { wx: Record<string, unknown> }).wx
  wx.getNetworkType = (options?: { success?: (res: unknown) => void; complete?: (res: unknown) => void }) => {
    const res = { networkType, errMsg: 'getNetworkType:ok' }
    setTimeout(() => {
      options?.success?.(res)
      options?.complete?.(res)
    }, 0)
  }
  wx.onNetworkStatusChange = (cb: (res: { isConnected: boolean; networkType: string }) => void) => {
    listeners.push(cb)
  }
}, BUILD_TIMEOUT_MS)

afterEach(() => {
  sim.closeAll()
})

test('offline, a page that needs the network shows 网络已断开 with what still works and 重试; back online, 重试 opens it again', async () => {
  // The app was open (home) when the network went: the first page starts listening and asks for the network type.
  const home = sim.open('pages/home/index')
  await sim.waitFor(() => home.querySelector('#offline-banner'), () => `home shows no banner: ${home.dom?.textContent?.slice(0, 200)}`, 10_000)
  const comp = sim.open('packages/appointment/pages/index/index')
  await sim.waitFor(() => comp.querySelector('#offline-state'), () => `no offline state: ${comp.dom?.textContent?.slice(0, 300)}`, 10_000)
  const text = comp.dom?.textContent ?? ''
  for (const words of ['网络已断开', '已收藏的办事指南', '12345 诉求草稿', '一码通城离线码', '重试']) expect(text).toContain(words)
  expect(comp.querySelector('#appt-services')).toBeFalsy()
  expect(listeners.length).toBeGreaterThan(0)

  // 重试 still offline: says so, stays.
  find(comp, '#offline-retry').dispatchEvent('tap')
  await sim.waitFor(() => comp.querySelector('#offline-still'), () => 'no 仍未连接网络')

  // Back online: 重试 opens the same page again.
  networkType = 'wifi'
  sim.navCalls.splice(0)
  find(comp, '#offline-retry').dispatchEvent('tap')
  await sim.waitFor(() => sim.navCalls.find((c) => c.api === 'redirectTo'), () => `no redirectTo: ${JSON.stringify(sim.navCalls)}`)
  expect(sim.navCalls.find((c) => c.api === 'redirectTo')?.url).toBe('/packages/appointment/pages/index/index')
})

test('a page that works offline keeps its content under the banner, which goes once the network is back', async () => {
  networkType = 'none'
  for (const cb of listeners) cb({ isConnected: false, networkType: 'none' })
  const comp = sim.open('packages/guide/pages/mine/index')
  await sim.waitFor(() => comp.querySelector('#offline-banner'), () => `no banner: ${comp.dom?.textContent?.slice(0, 300)}`, 10_000)
  expect(comp.dom?.textContent).toContain('网络已断开')
  expect(comp.querySelector('#offline-state')).toBeFalsy()
  expect(comp.dom?.textContent).toContain('我的收藏')

  networkType = 'wifi'
  for (const cb of listeners) cb({ isConnected: true, networkType: 'wifi' })
  await sim.waitFor(() => !comp.querySelector('#offline-banner'), () => 'the banner stayed after the network came back')
})
