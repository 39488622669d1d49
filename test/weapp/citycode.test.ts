/**
 * 一码通城 in the compiled WeChat mini-program: the code page renders the QR of the code the API signed, counts down,
 * raises the screen brightness, refreshes the QR after 30 s, falls back to the cached pre-signed batch offline (saying
 * until when), says plainly when it cannot show a code, and sends the real-name gate to 实名认证.
 *
 * wx.request is answered by an API double that signs real codes with the domain's signCode (a fresh Ed25519 key),
 * so every code differs; time is moved by shifting Date.now (the page ticks every second).
 *
 * @jest-environment jsdom
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import qrcode from 'qrcode-generator'
import { decodeCode, keyId, rawPublicKey, signCode } from '../../server/modules/citycode/codec'
import type { CityScene } from '@domain/citycode-scenes'
import { ensureBuilt, BUILD_TIMEOUT_MS } from '../support/build'
import { WeappSimulator, find, type FakeResponse, type RequestRecord, type SimNode, type SimRoot } from './simulator'

const API_BASE = 'http://localhost:8080/api'
const ROUTE = 'packages/citycode/pages/index/index'
const { privateKey } = generateKeyPairSync('ed25519')
const kid = keyId(rawPublicKey(privateKey))

const realNow = Date.now.bind(Date)
let shift = 0
const now = () => realNow() + shift
let online = true
let realName = true
const served: string[] = []
const brightness: number[] = []

function sign(scene: CityScene, iat: number): string {
  return signCode({ kind: 'rotating', scene, kid, sub: randomBytes(12).toString('base64url'), iat, exp: iat + 60, jti: randomBytes(8).toString('hex') }, privateKey)
}
const iso = (s: number) => new Date(s * 1000).toISOString()

function api(req: RequestRecord): FakeResponse {
  if (!online) return { fail: 'request:fail net::ERR_INTERNET_DISCONNECTED' }
  const url = req.url.slice(API_BASE.length)
  const t = Math.floor(now() / 1000)
  if (!realName && url.startsWith('/citycode/')) return { statusCode: 403, data: { code: 'REALNAME_REQUIRED', message: '请先完成实名认证' } }
  if (url.startsWith('/citycode/code?scene=')) {
    const scene = url.split('=')[1] as CityScene
    const code = sign(scene, t)
    served.push(code)
    return { statusCode: 200, data: { code, scene, validFrom: iso(t), validUntil: iso(t + 60), refreshSeconds: 30, serverTime: new Date(now()).toISOString() } }
  }
  if (url === '/citycode/batch') {
    const codes = []
    for (const scene of ['transit', 'library'] as CityScene[]) {
      for (let i = 0; i < 30; i++) codes.push({ code: sign(scene, t + 30 * i), scene, validFrom: iso(t + 30 * i), validUntil: iso(t + 30 * i + 60) })
    }
    return { statusCode: 200, data: { codes, offlineUntil: iso(t + 900), serverTime: new Date(now()).toISOString() } }
  }
  return { statusCode: 404, data: { code: 'NOT_FOUND', message: '未找到' } }
}

/** What the QrCode component draws for `text` (same library and settings). */
function qrSrc(text: string): string {
  const q = qrcode(0, 'M')
  q.addData(text, 'Byte')
  q.make()
  return q.createDataURL(4, 16)
}

let sim: WeappSimulator
const open = (route: string, query?: Record<string, string>): SimRoot => sim.open(route, query)
/**
 * The data URL of the QR image the page shows: the simulator's wx-image does not echo src into the DOM, so it is
 * read from the page data Taro rendered from (the one GIF data URL in it), once #cc-qr is on the page.
 */
const shownSrc = (page: SimNode) => {
  if (!page.querySelector('#cc-qr')) return ''
  const data = JSON.stringify((page.instance as { data?: unknown }).data ?? {})
  return /"(data:image\/gif;base64,[^"]+)"/.exec(data)?.[1] ?? ''
}

beforeAll(() => {
  Date.now = now
  // The brightness APIs exist on WeChat; Taro picks up what the wx object has when the app boots.
  require('miniprogram-simulate')
  const wx = (globalThis as unknown as { wx: Record<string, unknown> }).wx
  let level = 0.4
  wx.getScreenBrightness = (o: { success?: (r: unknown) => void; complete?: (r: unknown) => void }) =>
    setTimeout(() => {
      o?.success?.({ value: level, errMsg: 'getScreenBrightness:ok' })
      o?.complete?.({})
    }, 0)
  wx.setScreenBrightness = (o: { value: number; success?: (r: unknown) => void; complete?: (r: unknown) => void }) =>
    setTimeout(() => {
      level = o.value
      brightness.push(o.value)
      o?.success?.({ errMsg: 'setScreenBrightness:ok' })
      o?.complete?.({})
    }, 0)
  sim = new WeappSimulator(ensureBuilt('weapp'))
  sim.storage.set('onestop.session', 'resident-session-token-0123456789')
  sim.requestHandler = api
  sim.boot()
}, BUILD_TIMEOUT_MS)

afterAll(() => {
  Date.now = realNow
})

afterEach(() => {
  online = true
  realName = true
  expect(sim.closeAll()).toEqual([])
})

test('the code page renders the signed code as a QR, counts down, raises brightness and refreshes after 30 s', async () => {
  const page = open(ROUTE)
  await sim.waitForText(page, ['一码通城', '乘车', '图书借阅', '电子社保卡', '医保电子凭证', '办事大厅签到', '秒后自动刷新'], 10_000)
  const first = served[served.length - 1]
  expect(decodeCode(first)?.claims.scene).toBe('transit')
  expect(shownSrc(page)).toBe(qrSrc(first))
  expect(JSON.stringify((page.instance as { data?: unknown }).data)).toContain('乘车码，请出示给扫码设备') // the accessible label
  await sim.waitFor(() => brightness.includes(1) || undefined, () => 'brightness was not raised')
  // The countdown moves with the clock.
  shift += 10_000
  await sim.waitForText(page, '20 秒后自动刷新', 5_000)
  // 30 s after it was shown, a new code replaces it.
  const count = served.length
  shift += 21_000
  await sim.waitFor(() => served.length > count || undefined, () => 'the code was not refreshed')
  const second = served[served.length - 1]
  await sim.waitFor(() => shownSrc(page) === qrSrc(second) || undefined, () => 'the QR did not change')
  expect(second).not.toBe(first)
  // A scene switch shows that scene's code at once; setData stays small (one GIF string, no module grid).
  find(page, '#cc-scene-library').dispatchEvent('tap')
  await sim.waitFor(() => (decodeCode(served[served.length - 1])?.claims.scene === 'library' && shownSrc(page) === qrSrc(served[served.length - 1])) || undefined, () => 'no library code')
  const sizes = sim.setDataLog.filter((u) => u.route === ROUTE).map((u) => u.bytes)
  expect(Math.max(...sizes)).toBeLessThan(24 * 1024)
})

test('offline it shows cached pre-signed codes and says until when; with none left it says it cannot show a code', async () => {
  const page = open(ROUTE)
  await sim.waitForText(page, '秒后自动刷新', 10_000)
  // The batch was fetched and kept on the device.
  await sim.waitFor(() => sim.storage.get('onestop.citycode.batch') || undefined, () => 'no batch cached')
  const batch = JSON.parse(String(sim.storage.get('onestop.citycode.batch'))) as { codes: { code: string; scene: string; validFrom: string }[] }
  online = false
  shift += 5 * 60_000
  await sim.waitForText(page, ['当前无网络，正在使用离线备用码，可用到'], 5_000)
  const shown = batch.codes.find((c) => shownSrc(page) === qrSrc(c.code))
  expect(shown?.scene).toBe('library')
  expect(Date.parse(shown!.validFrom)).toBeLessThanOrEqual(now())
  // Beyond the batch: a clear state, no stale code.
  shift += 20 * 60_000
  await sim.waitForText(page, '暂时无法显示一码通城', 5_000)
  expect(page.querySelector('#cc-qr')).toBeFalsy()
  online = true
})

test('a resident without real name is sent to 实名认证', async () => {
  realName = false
  const page = open(ROUTE)
  await sim.waitForText(page, ['一码通城需要实名认证', '去实名认证'], 10_000)
  expect(page.querySelector('#cc-qr')).toBeFalsy()
  const before = sim.navCalls.length
  find(page, '#cc-go-realname').dispatchEvent('tap')
  expect(await sim.waitFor(() => sim.navCalls[before], () => 'no navigation')).toEqual({ api: 'navigateTo', url: '/packages/account/pages/realname/index' })
  realName = true
})
