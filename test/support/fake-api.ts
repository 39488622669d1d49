// A fake API on a real local HTTP server for the stores' tests: it records every request (`fake.hits`) and answers
// as each test says (`fake.route`); the stores talk to it through the real ApiClient over real HTTP.
// useFakeApi() registers its beforeAll/afterAll/beforeEach in the calling test file.
import http from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Hit {
  method: string
  url: string
  auth?: string
  key?: string
  contentType?: string
  /** The JSON body, when the request sent one. */
  body: unknown
  bytes: number
}
export type Reply = { status: number; body?: unknown } | 'hang-up'

const notFound = (): Reply => ({ status: 404, body: { code: 'NOT_FOUND', message: '未找到' } })

export interface FakeApi {
  hits: Hit[]
  route: (hit: Hit) => Reply
  /** `http://127.0.0.1:<port>/api`, set once the server listens (in beforeAll). */
  baseUrl: string
}

export function useFakeApi(): FakeApi {
  const fake: FakeApi = { hits: [], route: notFound, baseUrl: '' }
  let server: http.Server
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        const raw = Buffer.concat(chunks)
        const contentType = req.headers['content-type']
        const hit: Hit = {
          method: req.method!,
          url: req.url!,
          auth: req.headers.authorization,
          key: req.headers['idempotency-key'] as string | undefined,
          contentType,
          body: raw.length && contentType?.startsWith('application/json') ? JSON.parse(raw.toString('utf8')) : undefined,
          bytes: raw.length,
        }
        fake.hits.push(hit)
        const reply = fake.route(hit)
        if (reply === 'hang-up') {
          req.socket.destroy()
          return
        }
        if (reply.body === undefined) res.writeHead(reply.status).end()
        else res.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify(reply.body))
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    fake.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`
  })
  afterAll(async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })
  beforeEach(() => {
    fake.hits = []
    fake.route = notFound
  })
  return fake
}
