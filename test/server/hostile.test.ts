// A hostile client against every route of the API, generated from the contract (hostile-cases.ts): never a 5xx,
// every refusal {code, message} in Chinese (Open311's own error list on /open311), and the database unchanged by
// everything that must be refused. Real HTTP on loopback, so Node's parser limits (431 for long URLs) are met too.
import { randomBytes } from 'node:crypto'
import net from 'node:net'
import type { AddressInfo } from 'node:net'
import { buildApp, type App } from '../../server/app'
import { createSession } from '../../server/auth'
import { hashPassword } from '../../server/crypto/password'
import type { Db } from '../../server/db'
import { fakeEnv, startFakeAlipay, startFakeSms, startFakeWechat, type FakeAlipay, type FakeSms, type FakeWechat } from '../support/fakes'
import { baselineOf, bodyCases, fieldCases, routeCases, routeCollector, sessionFor, type ContractRoute, type HostileCase, type Who } from './hostile-cases'
import { baselineChecker } from './hostile-values'
import { databases, prepareDatabase, serve, testConfig, type HttpResponse, type Served } from './helpers'

const CHINESE = /[\u4e00-\u9fff]/

interface Sent {
  name: string
  who: Who
  status: number
  body: string
  mustRefuse: boolean
  open311: boolean
}

/** What is wrong with an answer, or null: a 5xx, a refusal without {code, message} in Chinese, an invalid request accepted. */
function problemOf(sent: Sent): string | null {
  const { status, body } = sent
  if (status >= 500 || status < 100) return `${status} ${body.slice(0, 200)}`
  if (sent.mustRefuse && status < 400) return `accepted (${status}) what must be refused`
  if (status < 400) return null
  // Open311 partners get GeoReport v2's own error list; a URL refused before routing gets the API's {code, message}.
  if (sent.open311 && CHINESE.test(body) && /"description"|<description>/.test(body)) return null
  try {
    const json = JSON.parse(body) as { code?: unknown; message?: unknown }
    if (typeof json.code !== 'string' || typeof json.message !== 'string' || !CHINESE.test(json.message)) return `${status} without {code, message} in Chinese: ${body.slice(0, 200)}`
    return null
  } catch {
    return `${status} not JSON: ${body.slice(0, 200)}`
  }
}

/**
 * Tables a refused request may still change: rate_limits is the shared per-client request count (server/rate-limit),
 * which counts every request, valid or not, by design.
 */
const BOOKKEEPING = new Set(['rate_limits'])

/** Row count and a checksum of every table but the bookkeeping ones, in name order. */
async function fingerprint(db: Db): Promise<Record<string, string>> {
  const tables = await db.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
  )
  const out: Record<string, string> = {}
  for (const { name } of tables.rows.filter((t) => !BOOKKEEPING.has(t.name))) {
    const r = await db.query<{ n: number; h: string }>(`SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS h FROM "${name}" t`)
    out[name] = `${r.rows[0].n} rows, ${r.rows[0].h}`
  }
  return out
}

/** Writes a raw request (bytes no HTTP client would send) and reads the answer's status line and body. */
function rawRequest(port: number, bytes: Buffer | string): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1')
    const chunks: Buffer[] = []
    socket.on('data', (c: Buffer) => chunks.push(c))
    socket.on('error', reject)
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8')
      const [head, ...rest] = text.split('\r\n\r\n')
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0)
      const body = rest.join('\r\n\r\n')
      resolve({ statusCode: status, headers: {}, body, json: <T>() => JSON.parse(body) as T })
    })
    socket.end(bytes)
  })
}

/** Runs `fn` over `items` with at most `limit` at a time. */
async function pool<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) await fn(items[next++])
  }))
}

describe.each(databases())('hostile input on $name', ({ open }) => {
  let db: Db
  let app: App
  let http: Served
  let routes: ContractRoute[]
  let fakes: { wechat: FakeWechat; alipay: FakeAlipay; sms: FakeSms }
  const auth: Record<Who, Record<string, string>> = { anonymous: {}, resident: {}, staff: {} }

  beforeAll(async () => {
    db = await prepareDatabase(await open())
    const now = new Date()
    const user = await db.query<{ id: string }>(
      `INSERT INTO users (level, id_number_hmac, realname_name_enc, created_at) VALUES (2, $1, NULL, $2) RETURNING id`,
      [randomBytes(16).toString('hex'), now],
    )
    const admin = await db.query<{ id: string }>(
      `INSERT INTO staff (username, display_name, password_hash, role, created_at, updated_at)
       VALUES ('hostile-admin', '管理员', $1, 'admin', $2, $2) RETURNING id`,
      [await hashPassword('Test@2026x'), now],
    )
    auth.resident = { authorization: `Bearer ${(await createSession(db, { userId: user.rows[0].id, provider: 'sms' }, now)).token}` }
    auth.staff = { authorization: `Bearer ${(await createSession(db, { staffId: admin.rows[0].id }, now)).token}` }
    // Sign-in providers configured (fakes), so sign-in routes answer as in production instead of 503 "not configured".
    fakes = { wechat: await startFakeWechat(), alipay: await startFakeAlipay(), sms: await startFakeSms() }
    const collected = routeCollector()
    app = await buildApp({ config: testConfig(fakeEnv(fakes)), db, logger: false, onRoute: collected.onRoute })
    routes = collected.routes
    http = await serve(app)
  }, 120_000)

  afterAll(async () => {
    await http?.close()
    await db?.close()
    await Promise.all(Object.values(fakes ?? {}).map((f) => f.close()))
  })

  const send = async (c: HostileCase, who: Who): Promise<Sent> => {
    const headers = { ...c.headers, ...auth[who] }
    let res: HttpResponse
    try {
      res = await http.request({ method: c.method, url: c.url, headers, payload: c.body === undefined ? undefined : Buffer.from(c.body, 'utf8') })
    } catch (err) {
      return { name: c.name, who, status: 0, body: String(err), mustRefuse: c.mustRefuse, open311: false }
    }
    return { name: c.name, who, status: res.statusCode, body: res.body, mustRefuse: c.mustRefuse, open311: c.route.url.startsWith('/open311/') }
  }

  const run = async (cases: HostileCase[]) => {
    const problems: string[] = []
    // Every case with the session its route needs (so validation and handlers are reached); every fourth also without
    // one (deterministic sample: the schema runs before the sign-in check, so most add little), to keep within CI's budget.
    const jobs = cases.flatMap((c, i) => (i % 4 === 0 ? (['anonymous', sessionFor(c.route)] as Who[]) : [sessionFor(c.route)]).map((who) => ({ c, who })))
    const timing = new Map<string, number>()
    await pool(jobs, 8, async ({ c, who }) => {
      const t0 = Date.now()
      const answer = await send(c, who)
      const key = `${c.route.method} ${c.route.url}`
      timing.set(key, (timing.get(key) ?? 0) + Date.now() - t0)
      const problem = problemOf(answer)
      if (problem) problems.push(`${c.name} [${who}]: ${problem}`)
    })
    // HOSTILE_TIMING=1: where the time goes, per route (for keeping the suite within its budget).
    if (process.env.HOSTILE_TIMING) console.log([...timing].sort((a, b) => b[1] - a[1]).slice(0, 15))
    return { sent: jobs.length, problems: problems.sort() }
  }

  it('generates a valid baseline for every route, so each case differs from a valid request in one place', () => {
    const accepts = baselineChecker()
    expect(routes.length).toBeGreaterThan(50)
    const invalid = routes.flatMap((route) =>
      (['params', 'querystring', 'body', 'headers'] as const)
        .filter((part) => route.schema[part])
        .filter((part) => !accepts(route.schema[part] as object, baselinePart(route, part)))
        .map((part) => `${route.method} ${route.url} ${part}`),
    )
    expect(invalid).toEqual([])
  })

  it('refuses every invalid request with 4xx {code, message} and changes nothing in the database', async () => {
    const accepts = baselineChecker()
    const cases = routes.flatMap((r) => [...fieldCases(r, accepts), ...bodyCases(r, accepts), ...routeCases(r)])
    const refused = cases.filter((c) => c.mustRefuse)
    const before = await fingerprint(db)
    const { sent, problems } = await run(refused)
    console.log(`${db.kind}: ${routes.length} routes, ${sent} requests that must be refused, ${problems.length} problems`)
    expect(problems).toEqual([])
    expect(await fingerprint(db)).toEqual(before)
  }, 120_000)

  it('answers every odd but possibly valid request without a 5xx, refusals as {code, message}', async () => {
    const accepts = baselineChecker()
    const cases = routes.flatMap((r) => [...fieldCases(r, accepts), ...bodyCases(r, accepts), ...routeCases(r)]).filter((c) => !c.mustRefuse)
    const { sent, problems } = await run(cases)
    console.log(`${db.kind}: ${sent} odd requests, ${problems.length} problems`)
    expect(problems).toEqual([])
  }, 120_000)

  it('answers what Node refuses before routing (long URL, huge header, raw NUL) as {code, message}', async () => {
    const { port } = app.server.address() as AddressInfo
    const answers = [
      await http.request(`/api/services?q=${'x'.repeat(100_000)}`),
      await http.request(`/api/services/${'x'.repeat(20_000)}`),
      await http.request({ url: '/api/health', headers: { 'x-padding': 'x'.repeat(20_000) } }),
      await rawRequest(port, 'GET /api/services/a\u0000b HTTP/1.1\r\nHost: x\r\n\r\n'),
      await rawRequest(port, 'GET /api/health HTTP/1.1\r\nHost: x\r\nX-Bad: a\u0001b\r\n\r\n'),
      await rawRequest(port, 'GARBAGE\r\n\r\n'),
      await rawRequest(port, 'POST /api/auth/sms/send HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n{"a":1}'),
      await rawRequest(port, 'POST /api/auth/sms/send HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nzz\r\n'),
    ]
    const problems = answers.map((res, i) => {
      const p = problemOf({ name: `#${i}`, who: 'anonymous', status: res.statusCode, body: res.body, mustRefuse: true, open311: false })
      return p && `#${i}: ${p}`
    })
    expect(problems.filter(Boolean)).toEqual([])
    expect(answers[0].statusCode).toBe(414)
  })
})

function baselinePart(route: ContractRoute, part: 'params' | 'querystring' | 'body' | 'headers'): unknown {
  const base = baselineOf(route)
  return { params: base.params, querystring: base.query, body: base.body, headers: base.headers }[part]
}
