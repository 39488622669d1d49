// ApiClient against a real local HTTP server: token, timeouts, GET retries, and errors a person can act on.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { ApiClient } from '@/api/client'
import { ApiError } from '@/api/errors'
import { departments, health } from '@/api/departments'
import * as identity from '@/api/identity'
import * as staff from '@/api/staff'
import { httpTransport } from '../support/http-transport'

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void

let server: http.Server
let baseUrl: string
let handler: Handler
let hits: { method?: string; url?: string; auth?: string }[]

beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits.push({ method: req.method, url: req.url, auth: req.headers.authorization })
    handler(req, res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})
beforeEach(() => {
  hits = []
})

const json = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

function client(extra: Partial<ConstructorParameters<typeof ApiClient>[0]> = {}) {
  return new ApiClient({ baseUrl, transport: httpTransport, retryDelaysMs: [10, 20], timeoutMs: 2000, ...extra })
}

async function failure(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError)
    return err as ApiError
  }
  throw new Error('expected the call to fail')
}

test('sends the session token and returns the parsed body', async () => {
  handler = (_req, res) => json(res, 200, { items: [{ code: 'gzga', name: '广州市公安局' }] })
  const api = client({ getToken: () => 'tok-123' })
  const body = await departments(api)
  expect(body.items[0].name).toBe('广州市公安局')
  expect(hits).toEqual([{ method: 'GET', url: '/api/departments', auth: 'Bearer tok-123' }])
})

test('no Authorization header without a session', async () => {
  handler = (_req, res) => json(res, 200, { items: [] })
  await departments(client())
  expect(hits[0].auth).toBeUndefined()
})

test('a server { code, message } 4xx reaches the person as its Chinese message, not retried', async () => {
  handler = (_req, res) => json(res, 400, { code: 'VALIDATION_FAILED', message: '请求内容有误：name 为必填项' })
  const err = await failure(departments(client()))
  expect(err).toMatchObject({ kind: 'client', code: 'VALIDATION_FAILED', status: 400, message: '请求内容有误：name 为必填项' })
  expect(err.retryable).toBe(false)
  expect(hits).toHaveLength(1)
})

test('GET is retried on 503 and succeeds when the server recovers', async () => {
  let n = 0
  handler = (_req, res) => (++n < 3 ? json(res, 503, { code: 'INTERNAL', message: 'x' }) : json(res, 200, { items: [] }))
  await expect(departments(client())).resolves.toEqual({ items: [] })
  expect(hits).toHaveLength(3)
})

test('after the last retry a 5xx says the service is unavailable, never the server internals', async () => {
  handler = (_req, res) => json(res, 500, { code: 'INTERNAL', message: 'TypeError: cannot read x of undefined' })
  const err = await failure(departments(client()))
  expect(err.kind).toBe('server')
  expect(err.message).toBe('服务暂时不可用，请稍后重试')
  expect(err.retryable).toBe(true)
  // 500 is not a transient gateway status: no automatic retry.
  expect(hits).toHaveLength(1)
})

test('POST is never retried automatically', async () => {
  handler = (_req, res) => json(res, 503, { code: 'INTERNAL', message: '' })
  await failure(client().request('POST', '/things', { body: { a: 1 } }))
  expect(hits).toHaveLength(1)
  expect(hits[0].method).toBe('POST')
})

test('a slow server times out with a message about the network, after retrying the GET', async () => {
  handler = () => {
    // Never answers.
  }
  const err = await failure(departments(client({ timeoutMs: 150 })))
  expect(err).toMatchObject({ kind: 'timeout', code: 'TIMEOUT', message: '请求超时，网络较慢，请稍后重试' })
  expect(hits).toHaveLength(3)
})

test('an unreachable server is a network error the person can retry', async () => {
  const api = new ApiClient({ baseUrl: 'http://127.0.0.1:9/api', transport: httpTransport, retryDelaysMs: [] })
  const err = await failure(health(api))
  expect(err).toMatchObject({ kind: 'network', code: 'NETWORK', message: '网络连接不可用，请检查网络后重试' })
  expect(err.retryable).toBe(true)
})

test('401 clears the session and says to sign in again', async () => {
  handler = (_req, res) => json(res, 401, { code: 'UNAUTHORIZED', message: '请先登录' })
  let cleared = 0
  const err = await failure(departments(client({ getToken: () => 'old', onUnauthorized: () => cleared++ })))
  expect(err).toMatchObject({ kind: 'auth', status: 401, message: '请先登录' })
  expect(cleared).toBe(1)
})

test('a non-JSON success (a proxy page) is reported, not passed on as data', async () => {
  handler = (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' })
    res.end('<html>portal login</html>')
  }
  const err = await failure(departments(client()))
  expect(err.code).toBe('BAD_RESPONSE')
})

test('a success without a body, or of the wrong shape, is BAD_RESPONSE where the app reads the answer', async () => {
  const badResponse = { kind: 'server', code: 'BAD_RESPONSE', message: '服务返回的内容无法识别，请稍后重试' }
  // No body at all (204, or 200 with nothing) where departments are expected.
  handler = (_req, res) => {
    res.writeHead(204)
    res.end()
  }
  expect(await failure(departments(client()))).toMatchObject({ ...badResponse, status: 204 })
  handler = (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end()
  }
  expect(await failure(departments(client()))).toMatchObject({ ...badResponse, status: 200 })
  // `{}`, a list that is not an array, rows that are not objects, a JSON array instead of an object.
  for (const body of [{}, { items: {} }, { items: [null] }, { items: ['广州市公安局'] }, [{ items: [] }]]) {
    handler = (_req, res) => json(res, 200, body)
    expect(await failure(departments(client()))).toMatchObject(badResponse)
  }
  handler = (_req, res) => json(res, 200, { token: 't', expiresAt: '2026-11-25T00:00:00.000Z' })
  expect(await failure(identity.loginWechat(client(), 'c'))).toMatchObject(badResponse)
  // Not retried: the same server would answer the same.
  expect(hits).toHaveLength(8)
  // Extra fields are fine.
  handler = (_req, res) => json(res, 200, { items: [], etag: 'x' })
  await expect(departments(client())).resolves.toEqual({ items: [], etag: 'x' })
})

test('a transport that resolves with nothing, or without a status, is BAD_RESPONSE, not a TypeError', async () => {
  for (const res of [undefined, null, {}, { statusCode: undefined, data: { items: [] } }]) {
    const api = new ApiClient({ baseUrl: 'http://x/api', transport: async () => res as never, retryDelaysMs: [] })
    expect(await failure(departments(api))).toMatchObject({ kind: 'server', code: 'BAD_RESPONSE', message: '服务返回的内容无法识别，请稍后重试' })
  }
})

test('a call whose answer is not read takes 204 or a JSON object, but not a proxy page', async () => {
  handler = (_req, res) => {
    res.writeHead(204)
    res.end()
  }
  await expect(identity.logout(client())).resolves.toBeUndefined()
  handler = (_req, res) => json(res, 200, {})
  await expect(identity.logout(client())).resolves.toBeUndefined()
  handler = (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' })
    res.end('<html>portal login</html>')
  }
  expect((await failure(identity.logout(client()))).code).toBe('BAD_RESPONSE')
})

test('query strings are encoded and empty values dropped', async () => {
  handler = (_req, res) => json(res, 200, {})
  await client().request('GET', '/services', { query: { q: '身份证 丢了', page: 2, dept: '', online: undefined } })
  expect(hits[0].url).toBe(`/api/services?q=${encodeURIComponent('身份证 丢了')}&page=2`)
})

test('a 503 with the server\'s own code (an upstream is busy) keeps its Chinese message with a retry hint', async () => {
  handler = (_req, res) => json(res, 503, { code: 'UPSTREAM_BUSY', message: '微信服务繁忙' })
  const err = await failure(identity.loginWechat(client(), 'c'))
  expect(err).toMatchObject({ kind: 'server', code: 'UPSTREAM_BUSY', status: 503, message: '微信服务繁忙，请稍后重试' })
  expect(err.retryable).toBe(true)
  handler = (_req, res) => json(res, 503, { code: 'UPSTREAM_BUSY', message: '微信服务繁忙，请稍后再试' })
  expect((await failure(identity.loginWechat(client(), 'c'))).message).toBe('微信服务繁忙，请稍后再试')
  // Not Chinese, or INTERNAL: never shown.
  handler = (_req, res) => json(res, 503, { code: 'UPSTREAM_BUSY', message: 'ECONNRESET upstream' })
  expect((await failure(identity.loginWechat(client(), 'c'))).message).toBe('服务暂时不可用，请稍后重试')
})

test('429 shows the server\'s message and counts as worth trying again later', async () => {
  handler = (_req, res) => {
    res.setHeader('Retry-After', '45')
    json(res, 429, { code: 'SMS_COOLDOWN', message: '验证码发送过于频繁，请 45 秒后再试' })
  }
  const err = await failure(identity.sendSmsCode(client(), '13800138000'))
  expect(err).toMatchObject({ kind: 'rate', code: 'SMS_COOLDOWN', status: 429, message: '验证码发送过于频繁，请 45 秒后再试', retryAfterSeconds: 45 })
  expect(err.retryable).toBe(true)
  handler = (_req, res) => {
    res.writeHead(429)
    res.end()
  }
  expect((await failure(identity.sendSmsCode(client(), '13800138000'))).message).toBe('操作过于频繁，请稍后再试')
})

/** One body with the fields every identity answer is checked for (session, SMS cooldown, me, staff profile). */
const EVERY_IDENTITY_ANSWER = {
  token: 't',
  expiresAt: '2026-11-25T00:00:00.000Z',
  user: {},
  staff: {},
  cooldownSeconds: 60,
  expiresInSeconds: 300,
  id: 'u-1',
  level: 1,
  providers: [],
  username: 'clerk',
  displayName: '办事员',
  role: 'hall_staff',
  exportedAt: '2026-11-25T00:00:00.000Z',
  account: {},
  records: {},
}

test('identity endpoints: method, path and body of each', async () => {
  const seen: { method?: string; url?: string; body: string; auth?: string }[] = []
  handler = (req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, body, auth: req.headers.authorization })
      if (req.method === 'DELETE' || req.url === '/api/auth/logout') {
        res.writeHead(204)
        res.end()
      } else json(res, 200, EVERY_IDENTITY_ANSWER)
    })
  }
  const api = client({ getToken: () => 'resident' })
  await identity.loginWechat(api, 'wx-code')
  await identity.loginAlipay(api, 'ali-code')
  await identity.sendSmsCode(api, '13800138000')
  await identity.verifySmsCode(api, '13800138000', '123456')
  await identity.me(api)
  await identity.submitRealName(api, { name: '张三', idNumber: '440106199003071231' })
  await identity.exportFull(api, '123456')
  await expect(identity.deleteMe(api)).resolves.toBeFalsy()
  await expect(identity.logout(api)).resolves.toBeFalsy()
  await staff.staffLogin(api, 'clerk', 'pw')
  await staff.staffMe(api, 'staff-token')
  expect(seen).toEqual([
    { method: 'POST', url: '/api/auth/wechat', body: '{"code":"wx-code"}', auth: undefined },
    { method: 'POST', url: '/api/auth/alipay', body: '{"authCode":"ali-code"}', auth: undefined },
    { method: 'POST', url: '/api/auth/sms/send', body: '{"phone":"13800138000"}', auth: undefined },
    // Sent with the session when there is one: links the phone to the same resident.
    { method: 'POST', url: '/api/auth/sms/verify', body: '{"phone":"13800138000","code":"123456"}', auth: 'Bearer resident' },
    { method: 'GET', url: '/api/me', body: '', auth: 'Bearer resident' },
    { method: 'PUT', url: '/api/me/realname', body: '{"name":"张三","idNumber":"440106199003071231"}', auth: 'Bearer resident' },
    { method: 'POST', url: '/api/me/export/full', body: '{"code":"123456"}', auth: 'Bearer resident' },
    { method: 'DELETE', url: '/api/me', body: '{}', auth: 'Bearer resident' },
    { method: 'POST', url: '/api/auth/logout', body: '{}', auth: 'Bearer resident' },
    { method: 'POST', url: '/api/auth/staff', body: '{"username":"clerk","password":"pw"}', auth: undefined },
    { method: 'GET', url: '/api/staff/me', body: '', auth: 'Bearer staff-token' },
  ])
})

test('a 401 on a staff call or a refused sign-in does not sign the resident out', async () => {
  handler = (_req, res) => json(res, 401, { code: 'STAFF_LOGIN_FAILED', message: '账号或密码错误' })
  let cleared = 0
  const api = client({ getToken: () => 'resident', onUnauthorized: () => cleared++ })
  expect((await failure(staff.staffLogin(api, 'a', 'b'))).message).toBe('账号或密码错误')
  await failure(staff.staffMe(api, 'staff-token'))
  handler = (_req, res) => json(res, 401, { code: 'WECHAT_CODE_INVALID', message: '微信登录凭证无效，请重试' })
  await failure(identity.loginWechat(api, 'bad'))
  expect(cleared).toBe(0)
})
