// A fake WeChat API on loopback: GET /sns/jscode2session as WeChat answers it, with codes that succeed or fail on demand.
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

export interface FakeWechat {
  /** Use as WECHAT_API_BASE. */
  url: string
  appid: string
  secret: string
  /** Every jscode2session call, in order. */
  calls: WechatCall[]
  /** Every session_key handed out, so a test can prove none leaks into a response or log. */
  sessionKeys: string[]
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

  const server = await listen((req, _body, res) => {
    const url = new URL(req.url ?? '/', 'http://fake')
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
    addCode: (code, user) => void codes.set(code, user),
    failNext: (code, errcode) => void failures.set(code, errcode),
    close: server.close,
  }
}
