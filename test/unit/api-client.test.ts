// ApiClient against a real local HTTP server: token, timeouts, GET retries, and errors a person can act on.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { ApiClient } from '../../src/api/client'
import { ApiError } from '../../src/api/errors'
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
  const body = await api.departments()
  expect(body.items[0].name).toBe('广州市公安局')
  expect(hits).toEqual([{ method: 'GET', url: '/api/departments', auth: 'Bearer tok-123' }])
})

test('no Authorization header without a session', async () => {
  handler = (_req, res) => json(res, 200, { items: [] })
  await client().departments()
  expect(hits[0].auth).toBeUndefined()
})

test('a server { code, message } 4xx reaches the person as its Chinese message, not retried', async () => {
  handler = (_req, res) => json(res, 400, { code: 'VALIDATION_FAILED', message: '请求内容有误：name 为必填项' })
  const err = await failure(client().departments())
  expect(err).toMatchObject({ kind: 'client', code: 'VALIDATION_FAILED', status: 400, message: '请求内容有误：name 为必填项' })
  expect(err.retryable).toBe(false)
  expect(hits).toHaveLength(1)
})

test('GET is retried on 503 and succeeds when the server recovers', async () => {
  let n = 0
  handler = (_req, res) => (++n < 3 ? json(res, 503, { code: 'INTERNAL', message: 'x' }) : json(res, 200, { items: [] }))
  await expect(client().departments()).resolves.toEqual({ items: [] })
  expect(hits).toHaveLength(3)
})

test('after the last retry a 5xx says the service is unavailable, never the server internals', async () => {
  handler = (_req, res) => json(res, 500, { code: 'INTERNAL', message: 'TypeError: cannot read x of undefined' })
  const err = await failure(client().departments())
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
  const err = await failure(client({ timeoutMs: 150 }).departments())
  expect(err).toMatchObject({ kind: 'timeout', code: 'TIMEOUT', message: '请求超时，网络较慢，请稍后重试' })
  expect(hits).toHaveLength(3)
})

test('an unreachable server is a network error the person can retry', async () => {
  const api = new ApiClient({ baseUrl: 'http://127.0.0.1:9/api', transport: httpTransport, retryDelaysMs: [] })
  const err = await failure(api.health())
  expect(err).toMatchObject({ kind: 'network', code: 'NETWORK', message: '网络连接不可用，请检查网络后重试' })
  expect(err.retryable).toBe(true)
})

test('401 clears the session and says to sign in again', async () => {
  handler = (_req, res) => json(res, 401, { code: 'UNAUTHORIZED', message: '请先登录' })
  let cleared = 0
  const err = await failure(client({ getToken: () => 'old', onUnauthorized: () => cleared++ }).departments())
  expect(err).toMatchObject({ kind: 'auth', status: 401, message: '请先登录' })
  expect(cleared).toBe(1)
})

test('a non-JSON success (a proxy page) is reported, not passed on as data', async () => {
  handler = (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' })
    res.end('<html>portal login</html>')
  }
  const err = await failure(client().departments())
  expect(err.code).toBe('BAD_RESPONSE')
})

test('query strings are encoded and empty values dropped', async () => {
  handler = (_req, res) => json(res, 200, {})
  await client().request('GET', '/services', { query: { q: '身份证 丢了', page: 2, dept: '', online: undefined } })
  expect(hits[0].url).toBe(`/api/services?q=${encodeURIComponent('身份证 丢了')}&page=2`)
})
