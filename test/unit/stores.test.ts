// RootStore with a real ApiClient against a real local server: department loading states and the session.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { RootStore } from '@/stores/root'
import { memoryStorage } from '@/stores/session'
import { httpTransport } from '../support/http-transport'

let server: http.Server
let baseUrl: string
let respond: (res: http.ServerResponse) => void
let lastAuth: string | undefined

beforeAll(async () => {
  server = http.createServer((req, res) => {
    lastAuth = req.headers.authorization
    respond(res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`
})
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
})

const ok = (body: unknown) => (res: http.ServerResponse) => {
  res.writeHead(200, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

function newRoot(storage = memoryStorage()) {
  const root = new RootStore({ baseUrl, transport: httpTransport, storage })
  // Keep retries quick in tests without changing their count.
  ;(root.api as unknown as { opts: { retryDelaysMs: number[] } }).opts.retryDelaysMs = [1, 1]
  return root
}

test('departments load into an ordered, code-keyed store', async () => {
  respond = ok({ items: [{ code: 'b', name: '乙局' }, { code: 'a', name: '甲局' }] })
  const root = newRoot()
  expect(root.departments.status).toBe('idle')
  const p = root.departments.load()
  expect(root.departments.status).toBe('loading')
  await p
  expect(root.departments.status).toBe('ready')
  expect(root.departments.list.map((d) => d.name)).toEqual(['乙局', '甲局'])
  expect(root.departments.byCode.get('a')?.name).toBe('甲局')
})

test('a failed load keeps the reason for the page and a retry recovers', async () => {
  respond = (res) => {
    res.writeHead(503)
    res.end()
  }
  const root = newRoot()
  await root.departments.load()
  expect(root.departments.status).toBe('failed')
  expect(root.departments.error?.message).toBe('服务暂时不可用，请稍后重试')
  respond = ok({ items: [{ code: 'a', name: '甲局' }] })
  await root.departments.load(true)
  expect(root.departments.status).toBe('ready')
  expect(root.departments.error).toBeUndefined()
})

test('the session token survives a restart through storage and is sent with requests', async () => {
  const storage = memoryStorage()
  newRoot(storage).session.setToken('t-1')
  const again = newRoot(storage)
  expect(again.session.signedIn).toBe(true)
  respond = ok({ items: [] })
  await again.departments.load()
  expect(lastAuth).toBe('Bearer t-1')
})

test('a 401 signs the resident out', async () => {
  const root = newRoot()
  root.session.setToken('expired')
  respond = (res) => {
    res.writeHead(401, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ code: 'UNAUTHORIZED', message: '登录已失效，请重新登录' }))
  }
  await root.departments.load()
  expect(root.session.signedIn).toBe(false)
  expect(root.departments.error?.message).toBe('登录已失效，请重新登录')
})
