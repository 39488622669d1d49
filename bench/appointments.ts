// Booking throughput benchmark: the real server on loopback over a throwaway database, 64 concurrent clients (a separate
// process) each POSTing /api/appointments for a different real-name resident with its own Idempotency-Key, spread over
// the booking window's slots of 12 halls; prints one JSON line per database (bookings/s, p50/p95/p99, refusals).
// Usage: npm run bench (after the API and search cases), or npx tsx bench/appointments.ts [--duration 10] [--connections 64] [--pool 20] [--db pglite|postgres|all]
// PostgreSQL runs when DATABASE_URL is set (a throwaway onestop_bench_* database is created and dropped).
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { buildApp } from '../server/app'
import { loadConfig } from '../server/config'
import { newToken, tokenHash } from '../server/crypto'
import type { Db } from '../server/db'
import { migrate } from '../server/db/migrate'
import { seedReference } from '../server/db/seed'
import type { SlotList } from '../types/appointment'
import { arg, cpuPerRequest, profileIf, cpuSnapshot, databaseKinds, isClient, loadAverage, openBenchDb, percentiles, runChild, serveChild, type DbKind } from './lib'

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
  /** The load generator's own CPU (user + system) over the run. */
  cpuMs: number
}

/** The load generator, in its own process (runChild) so it does not share the server's event loop. */
function clientMain(): void {
  serveChild(async (job: ClientJob): Promise<ClientResult> => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: job.connections })
    const { hostname, port } = new URL(job.url)
    const latencies: number[] = []
    const statuses: Record<number, number> = {}
    let errors = 0
    let next = 0
    const cpu0 = process.cpuUsage()
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
    const wallMs = Date.now() - started
    const cpu = process.cpuUsage(cpu0)
    return { latencies, statuses, errors, wallMs, cpuMs: (cpu.user + cpu.system) / 1000 }
  })
}

const runClient = (job: ClientJob) => runChild<ClientJob, ClientResult>(__filename, job)

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

async function benchDatabase(kind: DbKind, duration: number, connections: number, poolSize: number) {
  const { db, drop } = await openBenchDb(kind, poolSize)
  try {
    await migrate(db)
    await seedReference(db)
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', H5_DIR: '/nonexistent-onestop-bench', RATE_LIMIT_PER_MINUTE: '1000000' })
    const app = await buildApp({ config, db, clock: () => NOW, logger: false })
    await app.listen({ port: 0, host: '127.0.0.1' })
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
    try {
      // The window's bookable slots at 12 halls (generated by the first GET, as in use), 40 seats each.
      const halls = ((await (await fetch(`${url}/api/halls?service=${SERVICE}`)).json()) as { items: { id: string }[] }).items
      const slotIds: number[] = []
      for (const h of halls) {
        const list = (await (await fetch(`${url}/api/halls/${h.id}/slots?service=${SERVICE}`)).json()) as SlotList
        // Only slots past the 2 hours' notice: the app offers no others, and the bench measures bookings, not refusals.
        slotIds.push(...list.items.filter((s) => Date.parse(s.start) >= NOW.getTime() + 2 * 3_600_000).map((s) => s.id))
      }
      await db.query('UPDATE slots SET capacity = 40 WHERE id = ANY($1::bigint[])', [slotIds])
      await db.exec(kind === 'postgres' ? 'VACUUM ANALYZE' : 'ANALYZE')
      const perRun = kind === 'postgres' ? 12_000 : 4_000
      const tokens = await residents(db, perRun + 500)
      const attempts = tokens.map((token, i) => ({ token, slotId: slotIds[(i * 7) % slotIds.length] }))
      await runClient({ url, duration: 2, connections, attempts: attempts.slice(perRun) }) // warm-up with other residents
      const cpu0 = process.cpuUsage()
      const machine0 = cpuSnapshot()
      const stopProfile = await profileIf(arg('profile', ''))
      const r = await runClient({ url, duration, connections, attempts: attempts.slice(0, perRun) })
      await stopProfile()
      const cpu = process.cpuUsage(cpu0)
      const machine = cpuPerRequest(machine0, cpuSnapshot(), r.latencies.length)
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
        client_cpu_ms_per_request: Number((r.cpuMs / Math.max(1, sorted.length)).toFixed(2)),
        ...machine,
        load_average_1m: loadAverage(),
        ...percentiles(sorted, (x) => Number(x.toFixed(2))),
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
  for (const kind of databaseKinds(which)) console.log(JSON.stringify(await benchDatabase(kind, duration, connections, poolSize)))
}

if (isClient()) clientMain()
else if (require.main === module) {
  main().catch((err: unknown) => {
    console.error('预约压测失败：', err)
    process.exit(1)
  })
}
