// Booking throughput benchmark: the real server on loopback over a throwaway database, 64 concurrent clients (a separate
// process) each POSTing /api/appointments for a different real-name resident with its own Idempotency-Key, spread over
// the booking window's slots of 12 halls; prints one JSON line per database (bookings/s, p50/p95/p99, refusals).
// Usage: npm run bench (after the API and search cases), or npx tsx bench/appointments.ts [--duration 10] [--connections 64] [--pool 20] [--db pglite|postgres|all]
// PostgreSQL runs when DATABASE_URL is set (a throwaway onestop_bench_* database is created and dropped).
import { fork } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import pg from 'pg'
import { buildApp } from '../server/app'
import { loadConfig } from '../server/config'
import { newToken, tokenHash } from '../server/crypto'
import { openDatabase, type Db } from '../server/db'
import { migrate } from '../server/db/migrate'
import { seedReference } from '../server/db/seed'
import type { SlotList } from '../types/appointment'

const SERVICE = 'gz-police-idcard-renew'
/** A fixed Monday morning, so the booking window (and the result) does not depend on the day the bench runs. */
const NOW = new Date('2026-12-07T01:00:00Z')

interface ClientJob {
  url: string
  duration: number
  connections: number
  /** One per booking attempt: the resident's token and the slot to book. */
  attempts: { token: string; slotId: number }[]
}

interface ClientResult {
  latencies: number[]
  statuses: Record<number, number>
  errors: number
  wallMs: number
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]
}

/** The load generator, in its own process so it does not share the server's event loop. */
function clientMain(): void {
  process.once('message', async (job: ClientJob) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: job.connections })
    const { hostname, port } = new URL(job.url)
    const latencies: number[] = []
    const statuses: Record<number, number> = {}
    let errors = 0
    let next = 0
    const started = Date.now()
    const deadline = started + job.duration * 1000
    const once = (a: ClientJob['attempts'][number], key: string) =>
      new Promise<number>((resolve) => {
        const body = JSON.stringify({ slotId: a.slotId, serviceCode: SERVICE })
        const req = http.request(
          {
            host: hostname,
            port,
            path: '/api/appointments',
            method: 'POST',
            agent,
            headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${a.token}`, 'idempotency-key': key },
          },
          (res) => {
            res.resume()
            res.on('end', () => resolve(res.statusCode ?? 0))
          },
        )
        req.on('error', () => resolve(0))
        req.end(body)
      })
    const worker = async () => {
      while (Date.now() < deadline && next < job.attempts.length) {
        const i = next++
        const t = process.hrtime.bigint()
        const status = await once(job.attempts[i], `bench-${i}-${job.attempts[i].token.slice(0, 8)}`)
        latencies.push(Number(process.hrtime.bigint() - t) / 1e6)
        if (status === 0) errors++
        else statuses[status] = (statuses[status] ?? 0) + 1
      }
    }
    await Promise.all(Array.from({ length: job.connections }, worker))
    agent.destroy()
    process.send!({ latencies, statuses, errors, wallMs: Date.now() - started } satisfies ClientResult, undefined, {}, () => process.exit(0))
  })
}

function runClient(job: ClientJob): Promise<ClientResult> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--client'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    child.once('message', (msg) => resolve(msg as ClientResult))
    child.once('error', reject)
    child.once('exit', (code) => {
      if (code) reject(new Error(`压测客户端异常退出（${code}）`))
    })
    child.send(job)
  })
}

async function openBenchDb(kind: 'pglite' | 'postgres', poolSize: number): Promise<{ db: Db; drop: () => Promise<void> }> {
  if (kind === 'pglite') {
    const db = await openDatabase({})
    return { db, drop: () => db.close() }
  }
  const adminUrl = process.env.DATABASE_URL!
  const name = `onestop_bench_${randomBytes(5).toString('hex')}`
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: adminUrl })
    await c.connect()
    try {
      await c.query(sql)
    } finally {
      await c.end()
    }
  }
  await admin(`CREATE DATABASE ${name}`)
  const u = new URL(adminUrl)
  u.pathname = `/${name}`
  const db = await openDatabase({ databaseUrl: u.toString(), poolSize })
  return {
    db,
    drop: async () => {
      await db.close()
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    },
  }
}

/** n real-name residents with sessions, in two statements. */
async function residents(db: Db, n: number): Promise<string[]> {
  const users = await db.query<{ id: string }>(
    `INSERT INTO users (level, id_number_hmac, created_at)
     SELECT 2, md5('bench' || g::text || random()::text), $2 FROM generate_series(1, $1) g RETURNING id`,
    [n, NOW],
  )
  const tokens = users.rows.map(() => newToken())
  await db.query(
    `INSERT INTO sessions (token_hash, kind, user_id, provider, created_at, expires_at, last_seen_at)
     SELECT h, 'resident', u, 'sms', $3, $4, $3 FROM unnest($1::text[], $2::uuid[]) AS t(h, u)`,
    [tokens.map(tokenHash), users.rows.map((u) => u.id), NOW, new Date(NOW.getTime() + 30 * 86_400_000)],
  )
  return tokens
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback
}

async function benchDatabase(kind: 'pglite' | 'postgres', duration: number, connections: number, poolSize: number) {
  const { db, drop } = await openBenchDb(kind, poolSize)
  try {
    await migrate(db)
    await seedReference(db)
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', H5_DIR: '/nonexistent-onestop-bench', RATE_LIMIT_PER_MINUTE: '1000000' })
    const app = await buildApp({ config, db, clock: () => NOW, logger: false })
    await app.listen({ port: 0, host: '127.0.0.1' })
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
    try {
      // The window's slots at 12 halls (generated by the first GET, as in use), 40 seats each.
      const halls = ((await (await fetch(`${url}/api/halls?service=${SERVICE}`)).json()) as { items: { id: string }[] }).items
      const slotIds: number[] = []
      for (const h of halls) {
        const list = (await (await fetch(`${url}/api/halls/${h.id}/slots?service=${SERVICE}`)).json()) as SlotList
        slotIds.push(...list.items.map((s) => s.id))
      }
      await db.query('UPDATE slots SET capacity = 40 WHERE id = ANY($1::bigint[])', [slotIds])
      await db.exec(kind === 'postgres' ? 'VACUUM ANALYZE' : 'ANALYZE')
      const perRun = kind === 'postgres' ? 12_000 : 4_000
      const tokens = await residents(db, perRun + 500)
      const attempts = tokens.map((token, i) => ({ token, slotId: slotIds[(i * 7) % slotIds.length] }))
      await runClient({ url, duration: 2, connections, attempts: attempts.slice(perRun) }) // warm-up with other residents
      const cpu0 = process.cpuUsage()
      const r = await runClient({ url, duration, connections, attempts: attempts.slice(0, perRun) })
      const cpu = process.cpuUsage(cpu0)
      const sorted = r.latencies.sort((a, b) => a - b)
      const booked = r.statuses[201] ?? 0
      const elapsed = r.wallMs / 1000
      const check = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM appointments WHERE status = 'booked'`)
      return {
        name: 'appointments: POST /api/appointments, distinct residents',
        database: kind,
        connections,
        ...(kind === 'postgres' ? { pool_size: poolSize } : {}),
        duration_s: Number(elapsed.toFixed(2)),
        requests: sorted.length,
        bookings: booked,
        refused: Object.entries(r.statuses).filter(([s]) => s !== '201').reduce((n, [, c]) => n + c, 0),
        errors: r.errors,
        statuses: r.statuses,
        bookings_in_db: check.rows[0].n,
        slots: slotIds.length,
        bookings_per_s: Number((booked / elapsed).toFixed(1)),
        // The API process's own CPU per request (user + system): what one core would sustain, whatever else the machine runs.
        server_cpu_ms_per_request: Number(((cpu.user + cpu.system) / 1000 / Math.max(1, sorted.length)).toFixed(2)),
        load_average_1m: Number(os.loadavg()[0].toFixed(2)),
        p50_ms: Number(percentile(sorted, 50).toFixed(2)),
        p95_ms: Number(percentile(sorted, 95).toFixed(2)),
        p99_ms: Number(percentile(sorted, 99).toFixed(2)),
        target: { bookings_per_s: 300, p95_ms: 100 },
      }
    } finally {
      await app.close()
    }
  } finally {
    await drop()
  }
}

/** Runs the booking case per database and prints one JSON line each; bench/run.ts calls it. */
export async function main(): Promise<void> {
  const duration = Number(arg('duration', '10'))
  const connections = Number(arg('connections', '64'))
  const poolSize = Number(arg('pool', '20'))
  const which = arg('db', 'all')
  const kinds: ('pglite' | 'postgres')[] = []
  if (which === 'all' || which === 'pglite') kinds.push('pglite')
  if ((which === 'all' || which === 'postgres') && process.env.DATABASE_URL) kinds.push('postgres')
  if (which === 'postgres' && !process.env.DATABASE_URL) throw new Error('PostgreSQL 压测需要设置 DATABASE_URL')
  for (const kind of kinds) console.log(JSON.stringify(await benchDatabase(kind, duration, connections, poolSize)))
}

if (process.argv.includes('--client')) clientMain()
else if (require.main === module) {
  main().catch((err: unknown) => {
    console.error('预约压测失败：', err)
    process.exit(1)
  })
}
