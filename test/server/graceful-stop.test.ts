// Graceful stop of the real server (server/main.ts as a child process): SIGTERM in the middle of a steady load of
// catalog searches and signed-in POSTs. Every request the server accepted (it logged "incoming request" for its id)
// must be answered 2xx; requests it never took (connection refused or dropped before it read them) may fail. The
// process must exit 0 within 10 s. On PGlite always, on PostgreSQL too when DATABASE_URL is set.
import { startFakeSms, fakeEnv, type FakeSms } from '../support/fakes'
import { startServer, type RunningServer } from '../support/server-process'
import { throwawayPostgres, type ThrowawayDatabase } from './throwaway-postgres'

jest.setTimeout(240_000)

const PHONE = '13900139000'
const WORKERS = 12
const QUERIES = ['护照', '社保卡', '户口迁移', '驾驶证', '公积金提取', '出生登记', '结婚登记', '营业执照', '居住证', '医保', '港澳通行证', '不动产']

interface Outcome {
  id: string
  method: string
  sentAt: number
  endedAt: number
  status?: number
  /** The network error's code (ECONNREFUSED, ECONNRESET, UND_ERR_SOCKET…) when there was no answer. */
  error?: string
}

async function signIn(server: RunningServer, sms: FakeSms): Promise<string> {
  const post = (path: string, body: unknown) =>
    fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  expect((await post('/api/auth/sms/send', { phone: PHONE })).status).toBe(200)
  const deadline = Date.now() + 10_000
  let code = sms.lastCode(PHONE)
  while (!code && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50))
    code = sms.lastCode(PHONE)
  }
  const res = await post('/api/auth/sms/verify', { phone: PHONE, code })
  expect(res.status).toBe(200)
  return ((await res.json()) as { token: string }).token
}

/** Request ids the server logged as received (pino's "incoming request" line carries reqId). */
function acceptedIds(logs: string): Set<string> {
  const ids = new Set<string>()
  for (const line of logs.split('\n')) {
    if (!line.includes('incoming request')) continue
    try {
      const entry = JSON.parse(line) as { reqId?: string; msg?: string }
      if (entry.msg === 'incoming request' && entry.reqId) ids.add(entry.reqId)
    } catch {
      // Not a log line of pino's.
    }
  }
  return ids
}

async function stopUnderLoad(env: Record<string, string>): Promise<void> {
  const sms = await startFakeSms()
  const server = await startServer({ LOG_LEVEL: 'info', RATE_LIMIT_PER_MINUTE: '1000000', ...fakeEnv({ sms }), ...env })
  try {
    const token = await signIn(server, sms)
    const outcomes: Outcome[] = []
    let serial = 0
    let exited = false

    const one = async (worker: number): Promise<void> => {
      const n = serial++
      const id = `gs-${worker}-${n}`
      const post = n % 5 === 0
      const init: RequestInit = post
        ? {
            method: 'POST',
            headers: { 'x-request-id': id, authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ code: 'gz-police-passport' }),
          }
        : { headers: { 'x-request-id': id } }
      const q = `${QUERIES[n % QUERIES.length]}${QUERIES[(n * 7) % QUERIES.length]}`
      const url = post ? `${server.url}/api/me/recent` : `${server.url}/api/services?q=${encodeURIComponent(q)}&page=${1 + (n % 3)}`
      const outcome: Outcome = { id, method: post ? 'POST' : 'GET', sentAt: performance.now(), endedAt: 0 }
      try {
        const res = await fetch(url, init)
        await res.arrayBuffer()
        outcome.status = res.status
      } catch (err) {
        const cause = (err as { cause?: { code?: string; message?: string } }).cause
        outcome.error = cause?.code ?? cause?.message ?? String(err)
      }
      outcome.endedAt = performance.now()
      outcomes.push(outcome)
    }
    const worker = async (w: number) => {
      while (!exited) await one(w)
    }

    const load = Array.from({ length: WORKERS }, (_, w) => worker(w))
    // Steady load first: at least a second and some answers of each kind (a busy CI machine is slow to warm up).
    const loadStart = Date.now()
    const answered = () => outcomes.filter((o) => o.status !== undefined)
    while (Date.now() - loadStart < 1_000 || (answered().length < WORKERS * 4 && Date.now() - loadStart < 20_000)) {
      await new Promise((r) => setTimeout(r, 100))
    }
    const sigterm = performance.now()
    const code = await server.stop()
    const stopMs = performance.now() - sigterm
    // A little more load against the stopped node: it must refuse, not hang.
    await new Promise((r) => setTimeout(r, 200))
    exited = true
    await Promise.all(load)

    const accepted = acceptedIds(server.logs())
    // Failed after being accepted: any answer but 2xx (a 503 "closing" included), or no answer to a request the server logged.
    const failedAccepted = outcomes.filter((o) => (o.status !== undefined ? o.status >= 300 : accepted.has(o.id)))
    const inFlight = outcomes.filter((o) => o.sentAt < sigterm && o.endedAt > sigterm && o.status !== undefined && o.status < 300)
    const afterExit = outcomes.filter((o) => o.sentAt > sigterm + stopMs)
    const served = outcomes.filter((o) => o.status !== undefined)
    const refused = outcomes.filter((o) => o.error !== undefined && !accepted.has(o.id))
    console.log(
      `graceful stop (${env.DATABASE_URL ? 'postgres' : 'pglite'}): ${served.length} requests answered (${outcomes.filter((o) => o.method === 'POST' && o.status !== undefined).length} POSTs), ` +
        `${inFlight.length} in flight at SIGTERM and answered, ${refused.length} refused after the stop, stop took ${Math.round(stopMs)} ms, exit ${code}`,
    )

    expect(failedAccepted).toEqual([])
    expect(code).toBe(0)
    expect(stopMs).toBeLessThan(10_000)
    expect(server.logs()).toContain('服务已停止')
    // The stop happened mid-load: some requests were running when SIGTERM came, and they were answered.
    expect(inFlight.length).toBeGreaterThan(0)
    expect(served.length).toBeGreaterThanOrEqual(WORKERS * 4)
    // And the stopped node takes nothing more: what was sent after it exited was refused.
    expect(afterExit.length).toBeGreaterThan(0)
    expect(afterExit.every((o) => o.error === 'ECONNREFUSED')).toBe(true)
  } finally {
    await server.stop()
    await sms.close()
  }
}

test('SIGTERM under load on PGlite: every accepted request is answered, exit 0 within 10 s', async () => {
  await stopUnderLoad({})
})

const adminUrl = process.env.DATABASE_URL
;(adminUrl ? test : test.skip)('SIGTERM under load on PostgreSQL: every accepted request is answered, the pool closes, exit 0 within 10 s', async () => {
  const db: ThrowawayDatabase = await throwawayPostgres(adminUrl!)
  try {
    await stopUnderLoad({ DATABASE_URL: db.url })
  } finally {
    await db.drop()
  }
})
