// Online applications benchmark (PostgreSQL, DATABASE_URL): the real server on loopback over a throwaway database; the
// load comes from a separate process (runChild) so that it does not share the server's event loop.
//  1. 200 real-name residents submit 社会保障卡申领 at once, each with 3 uploaded materials and its own Idempotency-Key,
//     and each request is retried once at the same moment with the same key: p50/p95/p99, then the database is counted
//     — 0 lost (every resident has an application) and 0 doubled (none has two). Target p95 ≤ 150 ms.
//     Before it, on the same connections: 100 other residents' submissions (the warm-up: JIT, pools, plans), 100 more
//     one after another (a submission's own latency) and, as a reference for what this machine can do at that
//     concurrency, the same residents' lightest signed-in read (GET /api/me, 2 × 200 at once). The connections are open before the burst, as behind the city's gateway, whose
//     keep-alive connections to the API outlive any one resident.
//  2. The department's queue with 10,000 open 办件: pages of 20 at random depths, sorted by deadline, one at a time and
//     8 at a time. Target p95 ≤ 30 ms.
// Usage: npm run bench (after the other cases), or npx tsx bench/applications.ts [--residents 200] [--open 10000]
//        [--profile FILE.cpuprofile: the API's CPU during the submission burst] [--profile-queue FILE: during the 8 in flight]
import { randomBytes, randomUUID } from 'node:crypto'
import http from 'node:http'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import { buildApp } from '../server/app'
import { createSession } from '../server/auth'
import { loadConfig } from '../server/config'
import { createDataCrypto } from '../server/crypto'
import type { Db } from '../server/db'
import { migrate } from '../server/db/migrate'
import { seedReference } from '../server/db/seed'
import { arg, cpuPerRequest, cpuSnapshot, isClient, loadAverage, openBenchDb, percentiles, profileIf, round, runChild, serveChild } from './lib'

const SERVICE = 'gz-hrss-ss-card-apply'
const NOW = new Date('2026-12-07T02:00:00Z')
const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const idNumber = (i: number) => {
  const s17 = `4401061990${String(101 + (i % 28)).slice(1)}${String(10 + (i % 18)).padStart(2, '0')}${String(i % 1000).padStart(3, '0')}`.slice(0, 17)
  return s17 + '10X98765432'[[...s17].reduce((a, d, k) => a + Number(d) * W[k], 0) % 11]
}

const addressOf = (token: string) => `10.${token.charCodeAt(0) % 200}.${token.charCodeAt(1) % 250}.${token.charCodeAt(2) % 250}`

function post(agent: http.Agent, port: number, url: string, token: string, body: unknown, key: string): Promise<{ status: number; ms: number }> {
  const payload = JSON.stringify(body)
  const t = process.hrtime.bigint()
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: url, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), authorization: `Bearer ${token}`, 'idempotency-key': key, 'x-forwarded-for': addressOf(token) } },
      (res) => {
        res.resume()
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: Number(process.hrtime.bigint() - t) / 1e6 }))
      },
    )
    req.on('error', reject)
    req.end(payload)
  })
}

function get(agent: http.Agent, port: number, url: string, token: string): Promise<{ status: number; ms: number }> {
  const t = process.hrtime.bigint()
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: url, agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
        res.resume()
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: Number(process.hrtime.bigint() - t) / 1e6 }))
      })
      .on('error', reject)
  })
}

interface Submission {
  token: string
  key: string
  body: unknown
}

type ClientJob =
  | { kind: 'burst'; port: number; warmup: Submission[]; alone: Submission[]; measured: Submission[] }
  | { kind: 'queue'; port: number; token: string; pages: number }

interface Timed {
  status: number
  ms: number
}

type ClientResult =
  | { kind: 'burst'; alone: Timed[]; reads: Timed[]; readsWallMs: number; answers: Timed[]; wallMs: number }
  | { kind: 'queue'; alone: Timed[]; inFlight: Timed[]; wallMs: number }

const since = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e6

/** Each submission sent twice at the same moment with its key (a resident's retry racing the first attempt). */
const twice = (agent: http.Agent, port: number, list: Submission[]) =>
  Promise.all(list.flatMap((s) => [post(agent, port, '/api/applications', s.token, s.body, s.key), post(agent, port, '/api/applications', s.token, s.body, s.key)]))

/** The load generator (its own process): warm-up and reference reads, then the burst; or the queue's pages. */
function clientMain(): void {
  serveChild(async (job: ClientJob, progress): Promise<ClientResult> => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 400 })
    try {
      if (job.kind === 'queue') {
        const one = () => get(agent, job.port, `/api/staff/applications?queue=open&pageSize=20&page=${1 + Math.floor(Math.random() * job.pages)}`, job.token)
        for (let i = 0; i < 100; i++) await one()
        // One at a time first: what a single clerk's page costs, apart from queueing behind other requests.
        const alone: Timed[] = []
        for (let i = 0; i < 200; i++) alone.push(await one())
        const inFlight: Timed[] = []
        progress('measuring')
        const t = process.hrtime.bigint()
        await Promise.all(
          Array.from({ length: 8 }, async () => {
            for (let i = 0; i < 125; i++) inFlight.push(await one())
          }),
        )
        return { kind: 'queue', alone, inFlight, wallMs: since(t) }
      }
      await twice(agent, job.port, job.warmup)
      // Other residents one after another: what a submission costs when nothing queues before it.
      const alone: Timed[] = []
      for (const a of job.alone) alone.push(await post(agent, job.port, '/api/applications', a.token, a.body, a.key))
      // The same 2 × N connections as the burst, each warm: the residents' lightest signed-in read, twice.
      const read = () => Promise.all(job.measured.flatMap((s) => [get(agent, job.port, '/api/me', s.token), get(agent, job.port, '/api/me', s.token)]))
      await read()
      const r0 = process.hrtime.bigint()
      const reads = await read()
      const readsWallMs = since(r0)
      progress('measuring')
      const t = process.hrtime.bigint()
      const answers = await twice(agent, job.port, job.measured)
      return { kind: 'burst', alone, reads, readsWallMs, answers, wallMs: since(t) }
    } finally {
      agent.destroy()
    }
  })
}

const runClient = (job: ClientJob, onProgress?: (label: string) => void) => runChild<ClientJob, ClientResult>(__filename, job, onProgress)

const statusCounts = (list: Timed[]) => list.reduce<Record<number, number>>((m, a) => ((m[a.status] = (m[a.status] ?? 0) + 1), m), {})
const latencyFigures = (list: Timed[]) => percentiles(list.map((a) => a.ms).sort((x, y) => x - y), round)

/**
 * What starts when the load process reports 'measuring': this process's CPU counter, the machine's counters and, with
 * a file name, a CPU profile of the API (written by stopProfile).
 */
function measuredFrom(profile: string) {
  const at: { api?: NodeJS.CpuUsage; machine?: ReturnType<typeof cpuSnapshot>; profiling?: Promise<() => Promise<void>> } = {}
  return {
    at,
    onProgress(label: string) {
      if (label !== 'measuring') return
      at.api = process.cpuUsage()
      at.machine = cpuSnapshot()
      if (profile) at.profiling = profileIf(profile)
    },
    async stopProfile() {
      if (at.profiling) await (await at.profiling)()
    },
  }
}

/** Real-name residents (sealed name, ID number, phone) with sessions and 3 uploaded materials each (rows as uploads makes them). */
async function makeResidents(db: Db, crypto: ReturnType<typeof createDataCrypto>, from: number, count: number) {
  const users: { id: string; token: string; uploads: string[] }[] = []
  for (let i = from; i < from + count; i++) {
    const id = idNumber(i)
    const phone = `138${String(10_000_000 + i).slice(-8)}`
    const r = await db.query<{ id: string }>(
      `INSERT INTO users (level, phone_enc, phone_hmac, realname_name_enc, id_number_enc, id_number_hmac, realname_at, created_at)
       VALUES (2, $1, $2, $3, $4, $5, $6, $6) RETURNING id`,
      [crypto.seal('users.phone', phone), crypto.lookup('phone', phone), crypto.seal('users.name', '测试居民'), crypto.seal('users.id_number', id), crypto.lookup('id_number', id), NOW],
    )
    const { token } = await createSession(db, { userId: r.rows[0].id, provider: 'sms' }, NOW)
    const uploads = [randomUUID(), randomUUID(), randomUUID()]
    await db.query(
      `INSERT INTO uploads (id, user_id, storage_key, content_type, bytes, width, height, created_at)
       SELECT u, $2, '2026/12/' || u || '.jpg', 'image/jpeg', 1000, 40, 30, $3 FROM unnest($1::uuid[]) u`,
      [uploads, r.rows[0].id, NOW],
    )
    users.push({ id: r.rows[0].id, token, uploads })
  }
  return users
}

const submissionOf = (u: { id: string; token: string; uploads: string[] }): Submission => ({
  token: u.token,
  key: `bench-${u.id}`,
  body: {
    serviceCode: SERVICE,
    fields: { applyReason: '首次申领', occupation: '企业职工', cardBank: '中国工商银行', cardDelivery: '银行网点领取', pickupOutlet: '天河支行', conditionsConfirmed: true },
    materials: [
      { materialId: 'idcard', uploadIds: [u.uploads[0]] },
      { materialId: 'photo-receipt', uploadIds: [u.uploads[1]] },
      { materialId: 'agent-idcard', uploadIds: [u.uploads[2]] },
    ],
  },
})

export async function main(): Promise<void> {
  if (!process.env.DATABASE_URL) {
    console.log(JSON.stringify({ name: 'applications', skipped: '需要 DATABASE_URL（PostgreSQL）' }))
    return
  }
  const residents = Number(arg('residents', '200'))
  const openCount = Number(arg('open', '10000'))
  const warmupResidents = 100
  const dataKey = randomBytes(32)
  const crypto = createDataCrypto(dataKey)
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    H5_DIR: '/nonexistent-onestop-bench',
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'onestop-bench-apps-')),
    DATA_KEY: dataKey.toString('base64'),
    RATE_LIMIT_PER_MINUTE: '1000000',
    // Residents come from their own addresses (X-Forwarded-For through one trusted proxy), as in bench/mixed.ts: one
    // shared address would make every request wait on the same rate-limit counter row.
    TRUST_PROXY: '1',
  })
  const { db, drop } = await openBenchDb('postgres', 20)
  await migrate(db)
  await seedReference(db)
  const app = await buildApp({ config, db, crypto, clock: () => NOW, logger: false })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  try {
    const users = await makeResidents(db, crypto, 0, residents)
    const warm = await makeResidents(db, crypto, residents, warmupResidents)
    const single = await makeResidents(db, crypto, residents + warmupResidents, 100)
    // Where the burst's CPU goes: this API process, PostgreSQL's processes, the whole machine (2 cores here).
    const burstWatch = measuredFrom(arg('profile', ''))
    const burst = await runClient(
      { kind: 'burst', port, warmup: warm.map(submissionOf), alone: single.map(submissionOf), measured: users.map(submissionOf) },
      burstWatch.onProgress,
    )
    const api = process.cpuUsage(burstWatch.at.api)
    const machine = cpuSnapshot()
    await burstWatch.stopProfile()
    if (burst.kind !== 'burst') throw new Error('unexpected client result')
    const counts = await db.query<{ n: number; users: number; doubled: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT user_id)::int AS users,
              (SELECT count(*)::int FROM (SELECT user_id FROM applications WHERE user_id = ANY($1::uuid[]) GROUP BY user_id HAVING count(*) > 1) d) AS doubled
         FROM applications WHERE user_id = ANY($1::uuid[])`,
      [users.map((u) => u.id)],
    )
    const c = counts.rows[0]
    console.log(
      JSON.stringify({
        name: 'applications: 100 other residents submitting one after another (nothing queued before each) — PostgreSQL',
        requests: burst.alone.length,
        statuses: statusCounts(burst.alone),
        ...latencyFigures(burst.alone),
        load: loadAverage(),
      }),
    )
    console.log(
      JSON.stringify({
        name: `applications: reference — the same ${residents} residents' GET /api/me, each twice at once, warm connections — PostgreSQL`,
        requests: burst.reads.length,
        statuses: statusCounts(burst.reads),
        ...latencyFigures(burst.reads),
        wall_ms: round(burst.readsWallMs, 1),
        load: loadAverage(),
      }),
    )
    console.log(
      JSON.stringify({
        name: `applications: ${residents} concurrent submissions with 3 materials (each retried once with its key) — PostgreSQL`,
        requests: burst.answers.length,
        statuses: statusCounts(burst.answers),
        ...latencyFigures(burst.answers),
        wall_ms: round(burst.wallMs, 1),
        lost: residents - c.users,
        doubled: c.doubled,
        api_cpu_ms_per_request: round((api.user + api.system) / 1000 / burst.answers.length, 2),
        ...cpuPerRequest(burstWatch.at.machine ?? null, machine, burst.answers.length),
        target_p95_ms: 150,
        load: loadAverage(),
      }),
    )

    // The department queue: 10,000 open 办件 for 人社 (plus the submissions above), spread over deadlines.
    await db.query(
      `INSERT INTO applications (number, user_id, service_code, department_code, status, form_version, fields, materials, promised_days,
                                 submitted_at, accepted_at, deadline, updated_at)
       SELECT 'BQ' || lpad(g::text, 10, '0'), (SELECT id FROM users ORDER BY id OFFSET (g % $2) LIMIT 1), $3, 'gz-hrss',
              (ARRAY['submitted', 'correction', 'accepted'])[1 + g % 3], 'bench', '{}'::jsonb, '[]'::jsonb, 5,
              $4::timestamptz - (g % 30) * interval '1 day', $4::timestamptz, $4::timestamptz + (g % 400) * interval '1 hour', $4
         FROM generate_series(1, $1) g`,
      [openCount, residents, SERVICE, NOW],
    )
    await db.query('VACUUM ANALYZE applications')
    const clerk = await db.query<{ id: string }>(
      `INSERT INTO staff (username, display_name, password_hash, role, department_code, created_at, updated_at)
       VALUES ('bench-hrss', '人社窗口', 'x', 'dept_staff', 'gz-hrss', $1, $1) RETURNING id`,
      [NOW],
    )
    const { token: staffToken } = await createSession(db, { staffId: clerk.rows[0].id }, NOW)
    const open = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM applications WHERE department_code = 'gz-hrss'`)).rows[0].n
    const queueWatch = measuredFrom(arg('profile-queue', ''))
    const queue = await runClient({ kind: 'queue', port, token: staffToken, pages: Math.ceil(open / 20) }, queueWatch.onProgress)
    await queueWatch.stopProfile()
    if (queue.kind !== 'queue') throw new Error('unexpected client result')
    console.log(
      JSON.stringify({
        name: `applications: department queue of ${open} open 办件, random pages of 20, one at a time — PostgreSQL`,
        requests: queue.alone.length,
        statuses: statusCounts(queue.alone),
        ...latencyFigures(queue.alone),
        target_p95_ms: 30,
        load: loadAverage(),
      }),
    )
    console.log(
      JSON.stringify({
        name: `applications: department queue of ${open} open 办件, random pages of 20 by deadline, 8 at a time — PostgreSQL`,
        requests: queue.inFlight.length,
        statuses: statusCounts(queue.inFlight),
        ...latencyFigures(queue.inFlight),
        rps: round((queue.inFlight.length / queue.wallMs) * 1000, 1),
        target_p95_ms: 30,
        load: loadAverage(),
      }),
    )
  } finally {
    await app.close()
    await drop()
  }
}

if (isClient()) clientMain()
else if (require.main === module) {
  main().catch((err: unknown) => {
    console.error('基准测试失败：', err)
    process.exit(1)
  })
}
