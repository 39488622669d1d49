// Tests for buildApp's HTTP behaviour: one error shape in Chinese, H5 hosting and caching, proxies, headers.
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { Type } from '@sinclair/typebox'
import type { ErrorBody } from '@contract/common'
import { buildApp, type App } from '../../server/app'
import type { Db } from '../../server/db'
import { AppError } from '../../server/errors'
import { databases, prepareDatabase, serve, tempDir, testConfig, type Served } from './helpers'

const CHINESE = /[\u4e00-\u9fff]/

/** Routes that exist only in these tests, added to the real app before it starts. */
function addTestRoutes(app: App): void {
  app.post(
    '/api/test/echo',
    {
      schema: {
        body: Type.Object({
          name: Type.String({ minLength: 1, maxLength: 10 }),
          age: Type.Optional(Type.Integer({ minimum: 0 })),
          items: Type.Optional(Type.Array(Type.Object({ qty: Type.Integer() }))),
          kind: Type.Optional(Type.Union([Type.Literal('咨询'), Type.Literal('投诉')])),
        }),
      },
    },
    async (request) => request.body,
  )
  app.get(
    '/api/test/page',
    { schema: { querystring: Type.Object({ page: Type.Integer({ minimum: 1 }) }) } },
    async (request) => ({ page: request.query.page }),
  )
  app.get('/api/test/boom', async () => {
    throw new Error('connection to 10.0.0.5 failed: password authentication failed for user "onestop"')
  })
  app.get('/api/test/full', async () => {
    throw new AppError(409, 'SLOT_FULL', '该时段已约满，请选择其他时段')
  })
  app.get('/api/test/limited', async () => {
    throw new AppError(429, 'RATE_LIMITED', '请求过于频繁，请稍后再试', { headers: { 'retry-after': '30' } })
  })
  app.get('/api/test/ip', async (request) => ({ ip: request.ip }))
}

function expectErrorBody(body: ErrorBody, code: string): void {
  expect(Object.keys(body).sort()).toEqual(['code', 'message'])
  expect(body.code).toBe(code)
  expect(body.message).toMatch(CHINESE)
}

const [pglite] = databases()

let db: Db
beforeAll(async () => {
  db = await prepareDatabase(await pglite.open())
})
afterAll(async () => {
  await db?.close()
})

async function start(env: Record<string, string> = {}, setup: (app: App) => void = addTestRoutes): Promise<Served> {
  const app = await buildApp({ config: testConfig(env), db, logger: false })
  setup(app)
  return serve(app)
}

describe('error answers', () => {
  let http: Served
  beforeAll(async () => {
    http = await start({ BODY_LIMIT: '1024' })
  })
  afterAll(async () => {
    await http?.close()
  })

  it('accepts a valid body', async () => {
    const res = await http.request({ method: 'POST', url: '/api/test/echo', payload: { name: '张三', age: 30 } })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ name: '张三', age: 30 })
  })

  it.each([
    [{}, '请求内容有误：name 为必填项'],
    [{ name: '' }, '请求内容有误：name 不能为空'],
    [{ name: '一二三四五六七八九十十一' }, '请求内容有误：name 不能超过 10 个字符'],
    [{ name: '张三', age: -1 }, '请求内容有误：age 不能小于 0'],
    [{ name: '张三', age: 'old' }, '请求内容有误：age 应为整数'],
    [{ name: '张三', items: [{ qty: 1 }, { qty: 'x' }] }, '请求内容有误：items[1].qty 应为整数'],
    [{ name: '张三', items: [{}] }, '请求内容有误：items[0].qty 为必填项'],
    [[1, 2], '请求内容有误：应为对象'],
    [{ name: '张三', kind: '表扬' }, '请求内容有误：kind 应为以下之一：咨询、投诉'],
  ])('rejects %j with 400 VALIDATION_FAILED: %s', async (payload, message) => {
    const res = await http.request({ method: 'POST', url: '/api/test/echo', payload })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toEqual({ code: 'VALIDATION_FAILED', message })
  })

  it('explains a bad query parameter', async () => {
    const res = await http.request('/api/test/page?page=abc')
    expect(res.statusCode).toBe(400)
    expect(res.json()).toEqual({ code: 'VALIDATION_FAILED', message: '查询参数有误：page 应为整数' })
    expect((await http.request('/api/test/page?page=2')).json()).toEqual({ page: 2 })
  })

  it('answers invalid JSON with 400 BAD_JSON', async () => {
    const res = await http.request({
      method: 'POST',
      url: '/api/test/echo',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": "张三",',
    })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toEqual({ code: 'BAD_JSON', message: '请求内容不是有效的 JSON' })
  })

  it('answers an empty JSON body with 400 BAD_JSON', async () => {
    const res = await http.request({ method: 'POST', url: '/api/test/echo', headers: { 'content-type': 'application/json' }, payload: '' })
    expect(res.statusCode).toBe(400)
    expectErrorBody(res.json(), 'BAD_JSON')
  })

  it('answers a body over BODY_LIMIT with 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await http.request({ method: 'POST', url: '/api/test/echo', payload: { name: '张三', pad: 'x'.repeat(2000) } })
    expect(res.statusCode).toBe(413)
    expect(res.json()).toEqual({ code: 'PAYLOAD_TOO_LARGE', message: '提交的内容过大（上限 1 KB），请精简后重试' })
  })

  it('answers an unsupported content type with 415', async () => {
    const res = await http.request({
      method: 'POST',
      url: '/api/test/echo',
      headers: { 'content-type': 'application/xml' },
      payload: '<name>张三</name>',
    })
    expect(res.statusCode).toBe(415)
    expectErrorBody(res.json(), 'UNSUPPORTED_MEDIA_TYPE')
  })

  it('answers an unknown API path with 404 NOT_FOUND', async () => {
    for (const method of ['GET', 'POST', 'DELETE']) {
      const res = await http.request({ method, url: '/api/nope' })
      expect(res.statusCode).toBe(404)
      expect(res.headers['content-type']).toMatch(/^application\/json/)
      expect(res.json()).toEqual({ code: 'NOT_FOUND', message: '找不到该接口' })
    }
  })

  it('answers a known path with the wrong method with 405 and Allow', async () => {
    const res = await http.request({ method: 'DELETE', url: '/api/health' })
    expect(res.statusCode).toBe(405)
    expect(res.headers.allow).toBe('GET, HEAD')
    expect(res.json()).toEqual({ code: 'METHOD_NOT_ALLOWED', message: '该接口不支持 DELETE 请求' })
    const get = await http.request('/api/test/echo')
    expect(get.statusCode).toBe(405)
    expect(get.headers.allow).toBe('POST')
  })

  it('hides an internal error behind 500 INTERNAL', async () => {
    const res = await http.request('/api/test/boom')
    expect(res.statusCode).toBe(500)
    expect(res.json()).toEqual({ code: 'INTERNAL', message: '服务暂时不可用，请稍后重试' })
    expect(res.body).not.toMatch(/password|10\.0\.0\.5|Error|at /)
  })

  it('passes an AppError through with its status, code and message', async () => {
    const res = await http.request('/api/test/full')
    expect(res.statusCode).toBe(409)
    expect(res.json()).toEqual({ code: 'SLOT_FULL', message: '该时段已约满，请选择其他时段' })
    const limited = await http.request('/api/test/limited')
    expect(limited.statusCode).toBe(429)
    expect(limited.headers['retry-after']).toBe('30')
    expectErrorBody(limited.json(), 'RATE_LIMITED')
  })

  it('echoes a sane X-Request-Id and makes one otherwise', async () => {
    const given = await http.request({ url: '/api/health', headers: { 'x-request-id': 'trace-123.abc' } })
    expect(given.headers['x-request-id']).toBe('trace-123.abc')
    const made = await http.request({ url: '/api/health', headers: { 'x-request-id': 'bad id <script>' } })
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
    const errorReply = await http.request('/api/nope')
    expect(errorReply.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('sends security headers and keeps API answers out of caches', async () => {
    for (const url of ['/api/health', '/api/nope', '/api/test/boom']) {
      const res = await http.request(url)
      expect(res.headers['x-content-type-options']).toBe('nosniff')
      expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin')
      expect(res.headers['cache-control']).toBe('no-store')
    }
  })
})

describe('H5 hosting', () => {
  let h5Dir: string
  let http: Served
  beforeAll(async () => {
    h5Dir = tempDir('h5')
    writeFileSync(path.join(h5Dir, 'index.html'), '<!doctype html><title>一站办</title><div id="app">H5-MARKER</div>')
    mkdirSync(path.join(h5Dir, 'js'))
    writeFileSync(path.join(h5Dir, 'js', 'app.123.js'), 'console.log("app")')
    writeFileSync(path.join(h5Dir, 'favicon.ico'), 'ico')
    http = await start({ H5_DIR: h5Dir })
  })
  afterAll(async () => {
    await http?.close()
  })

  it('serves index.html at / without caching', async () => {
    const res = await http.request({ url: '/', headers: { accept: 'text/html' } })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toMatch(/^text\/html/)
    expect(res.headers['cache-control']).toBe('no-cache')
    expect(res.body).toContain('H5-MARKER')
  })

  it('serves hashed assets as immutable for a year', async () => {
    const res = await http.request('/js/app.123.js')
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toMatch(/javascript/)
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(res.body).toBe('console.log("app")')
    expect((await http.request('/favicon.ico')).headers['cache-control']).toBe('public, max-age=3600')
  })

  it('falls back to index.html for other page addresses that want HTML', async () => {
    const res = await http.request({ url: '/pages/home/index', headers: { accept: 'text/html,application/xhtml+xml' } })
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('H5-MARKER')
    expect(res.headers['cache-control']).toBe('no-cache')
  })

  it('answers a missing file that is not a page with 404', async () => {
    const res = await http.request('/js/missing.456.js')
    expect(res.statusCode).toBe(404)
    expectErrorBody(res.json(), 'NOT_FOUND')
  })

  it('keeps /api paths as JSON 404s, even for browsers', async () => {
    const res = await http.request({ url: '/api/x', headers: { accept: 'text/html' } })
    expect(res.statusCode).toBe(404)
    expect(res.json()).toEqual({ code: 'NOT_FOUND', message: '找不到该接口' })
    expect((await http.request('/api/health')).statusCode).toBe(200)
  })

  it('does not serve files outside the H5 directory', async () => {
    for (const url of ['/../package.json', '/%2e%2e/package.json', '/js/..%2f..%2fpackage.json']) {
      const res = await http.request(url)
      expect(res.body).not.toContain('"devDependencies"')
    }
  })
})

describe('without an H5 build', () => {
  let http: Served
  beforeAll(async () => {
    http = await start()
  })
  afterAll(async () => {
    await http?.close()
  })

  it('explains at / how to build it', async () => {
    const page = await http.request({ url: '/', headers: { accept: 'text/html' } })
    expect(page.statusCode).toBe(200)
    expect(page.headers['content-type']).toMatch(/^text\/html/)
    expect(page.body).toContain('npm run build:h5')
    expect(page.body).toMatch(CHINESE)
    const json = await http.request({ url: '/', headers: { accept: 'application/json' } })
    expect(json.json()).toEqual({ code: 'H5_NOT_BUILT', message: 'H5 应用尚未构建，请先运行 npm run build:h5' })
  })

  it('still answers the API', async () => {
    expect((await http.request('/api/health')).statusCode).toBe(200)
    expect((await http.request('/api/nope')).json()).toEqual({ code: 'NOT_FOUND', message: '找不到该接口' })
  })
})

describe('TRUST_PROXY', () => {
  const forwarded = { 'x-forwarded-for': '203.0.113.7' }

  async function ipWith(env: Record<string, string>, headers: Record<string, string>): Promise<string> {
    const http = await start(env)
    try {
      return (await http.request({ url: '/api/test/ip', headers })).json<{ ip: string }>().ip
    } finally {
      await http.close()
    }
  }

  it('ignores X-Forwarded-For when not configured', async () => {
    expect(await ipWith({}, forwarded)).toBe('127.0.0.1')
  })

  it('honours X-Forwarded-For with TRUST_PROXY=1', async () => {
    expect(await ipWith({ TRUST_PROXY: '1' }, forwarded)).toBe('203.0.113.7')
  })

  it('honours it only from listed proxy addresses', async () => {
    expect(await ipWith({ TRUST_PROXY: '127.0.0.1' }, forwarded)).toBe('203.0.113.7')
    expect(await ipWith({ TRUST_PROXY: '10.0.0.0/8' }, forwarded)).toBe('127.0.0.1')
  })

  it('trusts the given number of hops', async () => {
    const chain = { 'x-forwarded-for': '198.51.100.1, 203.0.113.7, 10.0.0.2' }
    // Hops 0 (the socket peer) and 1 (10.0.0.2) are proxies: the client is the next address.
    expect(await ipWith({ TRUST_PROXY: '2' }, chain)).toBe('203.0.113.7')
    expect(await ipWith({ TRUST_PROXY: '3' }, chain)).toBe('198.51.100.1')
  })
})
