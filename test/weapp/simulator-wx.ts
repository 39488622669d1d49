// The `wx` APIs a WeappSimulator replaces with recorders: wx.request (answered by the test's fake server),
// navigation, wx.login, storage, the privacy listener and a few UI calls (stopPullDownRefresh, showModal …).
// Taro looks these up on the `wx` object at call time, so replacing them after miniprogram-simulate has
// defined its own stub is enough.

export interface RequestRecord {
  url: string
  method: string
  data: unknown
  header: Record<string, string>
}

/** How the fake server answers one wx.request: an HTTP response, or a transport failure (`fail`). */
export type FakeResponse = { statusCode: number; data: unknown; header?: Record<string, string> } | { fail: string }
/** Answers synchronously, or asynchronously (e.g. by asking a real API server). */
export type RequestHandler = (req: RequestRecord) => FakeResponse | Promise<FakeResponse>

export type NavApi = 'navigateTo' | 'switchTab' | 'redirectTo' | 'reLaunch' | 'navigateBack'
export interface NavCall {
  api: NavApi
  url?: string
}

export type PrivacyListener = (resolve: (answer: unknown) => void, eventInfo?: unknown) => void

/** What the stubs record into and read from: the simulator's public state. */
export interface WxRecorder {
  readonly requests: RequestRecord[]
  readonly navCalls: NavCall[]
  readonly apiCalls: { api: string; args: unknown }[]
  readonly storage: Map<string, unknown>
  requestHandler: RequestHandler
  loginAnswer: { code: string } | { fail: string }
  privacyListener: PrivacyListener | undefined
}

type Dict = Record<string, unknown>
interface WxCallbacks {
  success?: (res: unknown) => void
  fail?: (res: unknown) => void
  complete?: (res: unknown) => void
}

const NAV_APIS: NavApi[] = ['navigateTo', 'switchTab', 'redirectTo', 'reLaunch', 'navigateBack']

/** Replaces the APIs on `wx` with recorders writing into `sim`; callbacks run on a later tick, as in WeChat. */
export function installWxStubs(wx: Dict, sim: WxRecorder): void {
  const later = (fn: () => void) => setTimeout(fn, 0)

  wx.request = (options: Dict & WxCallbacks) => {
    const req: RequestRecord = {
      url: String(options.url),
      method: String(options.method ?? 'GET').toUpperCase(),
      data: options.data,
      header: (options.header ?? {}) as Record<string, string>,
    }
    sim.requests.push(req)
    let aborted = false
    later(async () => {
      if (aborted) return
      let answer: FakeResponse
      try {
        answer = await sim.requestHandler(req)
      } catch (err) {
        answer = { fail: `request:fail handler threw ${String(err)}` }
      }
      if (aborted) return
      if ('fail' in answer) {
        const res = { errMsg: answer.fail }
        options.fail?.(res)
        options.complete?.(res)
      } else {
        const res = { errMsg: 'request:ok', statusCode: answer.statusCode, data: answer.data, header: answer.header ?? { 'Content-Type': 'application/json; charset=utf-8' }, cookies: [] }
        options.success?.(res)
        options.complete?.(res)
      }
    })
    return {
      abort() {
        aborted = true
      },
      onHeadersReceived() {},
      offHeadersReceived() {},
      onChunkReceived() {},
      offChunkReceived() {},
    }
  }

  for (const api of NAV_APIS) {
    wx[api] = (options: (Dict & WxCallbacks) | undefined) => {
      sim.navCalls.push({ api, url: options?.url as string | undefined })
      later(() => {
        const res = { errMsg: `${api}:ok` }
        options?.success?.(res)
        options?.complete?.(res)
      })
    }
  }

  wx.login = (options: (Dict & WxCallbacks) | undefined) => {
    sim.apiCalls.push({ api: 'login', args: options })
    const answer = sim.loginAnswer
    later(() => {
      const res = 'fail' in answer ? { errMsg: `login:fail ${answer.fail}` } : { errMsg: 'login:ok', code: answer.code }
      if ('fail' in answer) options?.fail?.(res)
      else options?.success?.(res)
      options?.complete?.(res)
    })
  }

  // Local storage as WeChat keeps it: per app, surviving page changes (the app stores strings).
  const storage = sim.storage
  wx.setStorageSync = (key: string, value: unknown) => void storage.set(key, value)
  wx.getStorageSync = (key: string) => (storage.has(key) ? storage.get(key) : '')
  wx.removeStorageSync = (key: string) => void storage.delete(key)

  wx.onNeedPrivacyAuthorization = (listener: PrivacyListener | undefined) => {
    sim.apiCalls.push({ api: 'onNeedPrivacyAuthorization', args: undefined })
    sim.privacyListener = listener
  }

  for (const api of ['stopPullDownRefresh', 'showModal', 'showToast', 'setClipboardData']) {
    wx[api] = (options: (Dict & WxCallbacks) | undefined) => {
      sim.apiCalls.push({ api, args: options })
      later(() => {
        const res = api === 'showModal' ? { errMsg: `${api}:ok`, confirm: true, cancel: false } : { errMsg: `${api}:ok` }
        options?.success?.(res)
        options?.complete?.(res)
      })
    }
  }
}
