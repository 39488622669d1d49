// A fake WeChat API on loopback: GET /sns/jscode2session, POST /cgi-bin/stable_token and POST /cgi-bin/message/subscribe/send
// as WeChat answers them, with codes and sends that succeed or fail on demand.
import { createHash, randomBytes } from 'node:crypto'
import { listen, sendJson } from './http'

export interface WechatUser {
  openid: string
  unionid?: string
}

/** WeChat's errcodes the server maps: 40029 invalid code → 401, 45011 rate limit → 429, -1 busy → 503. */
export type WechatErrcode = 40029 | 40163 | 45011 | -1

export interface WechatCall {
  appid: string | null
  secret: string | null
  js_code: string | null
  grant_type: string | null
  /** What the fake answered. */
  answer: Record<string, unknown>
}

/** One subscribeMessage.send the fake accepted or refused. */
export interface SubscribeSend {
  touser: string
  template_id: string
  page?: string
  data: Record<string, { value: string }>
  /** What the fake answered. */
  errcode: number
}

export interface FakeWechat {
  /** Use as WECHAT_API_BASE. */
  url: string
  appid: string
  secret: string
  /** Every jscode2session call, in order. */
  calls: WechatCall[]
  /** Every session_key handed out, so a test can prove none leaks into a response or log. */
  sessionKeys: string[]
  /** Every subscribe message POSTed (accepted ones have errcode 0). */
  sends: SubscribeSend[]
  /** stable_token calls, in order (force_refresh as sent). */
  tokenCalls: { force_refresh: boolean }[]
  /** The next subscribe sends answer these errcodes, in order (e.g. -1 busy, 40001 bad token, 43101 refused). */
  failNextSends(...errcodes: number[]): void
  /** Invalidates the current access token (as when it expires early): the next send answers 40001. */
  expireToken(): void
  /** Registers a code that signs in as `user`. */
  addCode(code: string, user: WechatUser): void
  /** The next use of `code` answers this errcode (then the code behaves as before). */
  failNext(code: string, errcode: WechatErrcode): void
  close(): Promise<void>
}

const ERRMSG: Record<number, string> = {
  40029: 'invalid code',
  40163: 'code been used',
  45011: 'api minute-quota reach limit  mustslower  retry next minute',
  [-1]: 'system error',
  40013: 'invalid appid',
  40125: 'invalid appsecret',
}

/**
 * Codes behave by prefix unless registered with addCode:
 * - `ok-<name>` or `ok-<name>.<anything>`: succeeds with openid `o-<name>`; `ok-<name>+union…` also returns
 *   unionid `u-<name>`. Codes are single-use, so sign the same person in again with `ok-alice.2`, `ok-alice.3`…
 * - `bad-…` → 40029, `used-…` → 40163, `limit-…` → 45011, `busy-…` → -1.
 * - anything else → 40029.
 * Codes are single-use like WeChat's: a second use of the same code answers 40163.
 */
export async function startFakeWechat(options: { appid?: string; secret?: string } = {}): Promise<FakeWechat> {
  const appid = options.appid ?? 'wx0123456789abcdef'
  const secret = options.secret ?? randomBytes(16).toString('hex')
  const codes = new Map<string, WechatUser>()
  const failures = new Map<string, WechatErrcode>()
  const used = new Set<string>()
  const calls: WechatCall[] = []
  const sessionKeys: string[] = []

  function answer(q: URLSearchParams): Record<string, unknown> {
    const error = (errcode: number) => ({ errcode, errmsg: `${ERRMSG[errcode]}, rid: ${randomBytes(4).toString('hex')}` })
    if (q.get('appid') !== appid) return error(40013)
    if (q.get('secret') !== secret) return error(40125)
    if (q.get('grant_type') !== 'authorization_code') return error(40029)
    const code = q.get('js_code') ?? ''
    const failure = failures.get(code)
    if (failure !== undefined) {
      failures.delete(code)
      return error(failure)
    }
    if (code.startsWith('bad-')) return error(40029)
    if (code.startsWith('used-')) return error(40163)
    if (code.startsWith('limit-')) return error(45011)
    if (code.startsWith('busy-')) return error(-1)
    let user = codes.get(code)
    if (!user && code.startsWith('ok-')) {
      const name = code.slice(3).split('.')[0]
      const [base, flag] = name.split('+')
      user = { openid: `o-${base}`, ...(flag === 'union' ? { unionid: `u-${base}` } : {}) }
    }
    if (!user) return error(40029)
    if (used.has(code)) return error(40163)
    used.add(code)
    const sessionKey = createHash('sha256').update(randomBytes(16)).digest('base64').slice(0, 24)
    sessionKeys.push(sessionKey)
    return { session_key: sessionKey, openid: user.openid, ...(user.unionid ? { unionid: user.unionid } : {}) }
  }

  const sends: SubscribeSend[] = []
  const tokenCalls: { force_refresh: boolean }[] = []
  const sendFailures: number[] = []
  let accessToken: string | null = null

  function parse(body: string): Record<string, unknown> {
    try {
      return JSON.parse(body) as Record<string, unknown>
    } catch {
      return {}
    }
  }

  const server = await listen((req, raw, res) => {
    const url = new URL(req.url ?? '/', 'http://fake')
    if (req.method === 'POST' && url.pathname === '/cgi-bin/stable_token') {
      const b = parse(raw)
      tokenCalls.push({ force_refresh: b.force_refresh === true })
      if (b.appid !== appid || b.secret !== secret) return sendJson(res, 200, { errcode: 40125, errmsg: 'invalid appsecret' })
      if (!accessToken || b.force_refresh === true) accessToken = `at-${randomBytes(8).toString('hex')}`
      return sendJson(res, 200, { access_token: accessToken, expires_in: 7200 })
    }
    if (req.method === 'POST' && url.pathname === '/cgi-bin/message/subscribe/send') {
      const b = parse(raw) as { touser?: string; template_id?: string; page?: string; data?: Record<string, { value: string }> }
      let errcode = 0
      if (!accessToken || url.searchParams.get('access_token') !== accessToken) errcode = 40001
      else if (sendFailures.length) errcode = sendFailures.shift() as number
      else if (!b.touser || !b.template_id || !b.data) errcode = 47003
      sends.push({ touser: b.touser ?? '', template_id: b.template_id ?? '', page: b.page, data: b.data ?? {}, errcode })
      return sendJson(res, 200, { errcode, errmsg: errcode === 0 ? 'ok' : `error ${errcode}` })
    }
    if (req.method !== 'GET' || url.pathname !== '/sns/jscode2session') {
      return sendJson(res, 404, { errcode: 404, errmsg: 'not found' })
    }
    const q = url.searchParams
    const body = answer(q)
    calls.push({ appid: q.get('appid'), secret: q.get('secret'), js_code: q.get('js_code'), grant_type: q.get('grant_type'), answer: body })
    // WeChat answers JSON with a text/plain content type; the client must not rely on the header.
    sendJson(res, 200, body, 'text/plain')
  })

  return {
    url: server.url,
    appid,
    secret,
    calls,
    sessionKeys,
    sends,
    tokenCalls,
    failNextSends: (...errcodes) => void sendFailures.push(...errcodes),
    expireToken: () => {
      accessToken = `expired-${randomBytes(4).toString('hex')}`
    },
    addCode: (code, user) => void codes.set(code, user),
    failNext: (code, errcode) => void failures.set(code, errcode),
    close: server.close,
  }
}
