// Booking throughput benchmark: the real server on loopback over a throwaway database, 64 concurrent clients (a separate
// process) each POSTing /api/appointments for a different real-name resident with its own Idempotency-Key, spread over
// the booking window's slots of 12 halls; prints one JSON line per database (bookings/s, p50/p95/p99, refusals).
// Usage: npm run bench (after the API and search cases), or npx tsx bench/appointments.ts [--duration 10] [--connections 64] [--pool N (default: DATABASE_POOL_SIZE, 10)] [--db pglite|postgres|all]
// PostgreSQL runs when DATABASE_URL is set (a throwaway onestop_bench_* database is created and dropped).
import type { AddressInfo } from 'node:net'
import { buildApp } from '../server/app'
import { loadConfig } from '../server/config'
import { newToken, tokenHash } from '../server/crypto'
import type { Db } from '../server/db'
import { migrate } from '../server/db/migrate'
import { seedReference } from '../server/db/seed'
import type { SlotList } from '@contract/appointment'
import { arg, autocannonLatencies, cpuPerRequest, profileIf, cpuSnapshot, databaseKinds, isClient, loadAverage, openBenchDb, percentiles, runChild, serveChild, type DbKind } from './lib'

const SERVICE = 'gz-police-idcard-renew'
/** Residents booking in the warm-up before the measured run. */
const WARMUP = 2_000
/** A fixed Monday morning, so the booking window (and the result) does not depend on the day the bench runs. */
const NOW = new Date('2026-12-07T01:00:00Z')

interface ClientJob {
  url: string
  duration: number
  connections: number
  /** One per booking attempt: the resident's token and the slot to book. */
  attempts: Attempt[]
  /** Other residents' attempts for the warm-up before the measured run. */
  warmup: Attempt[]
  warmupSeconds: number
}

interface ClientResult {
  latencies: number[]
  statuses: Record<number, number>
  errors: number
  wallMs: number
  /** The load generator's own CPU (user + system) over the run. */
  cpuMs: number
}

type Attempt = { token: string; slotId: number }

/** Books every attempt in turn over `connections` connections (autocannon) for at most `seconds`. */
async function load(url: string, connections: number, attempts: Attempt[], seconds: number) {
  const statuses: Record<number, number> = {}
  let next = 0
  const r = await autocannonLatencies(
    {
      url,
      connections,
      amount: attempts.length,
      requests: [
        {
          method: 'POST',
          path: '/api/appointments',
          // Each request is the next attempt: its resident's token, slot and own Idempotency-Key.
          setupRequest: (req) => {
            const i = next++
            const a = attempts[i % attempts.length]
            return {
              ...req,
              headers: { 'content-type': 'application/json', authorization: `Bearer ${a.token}`, 'idempotency-key': `bench-${i}-${a.token.slice(0, 8)}` },
              body: JSON.stringify({ slotId: a.slotId, serviceCode: SERVICE }),
            }
          },
        },
      ],
    },
    (statusCode) => {
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1
      return statusCode === 201
    },
    seconds * 1000,
  )
  return { latencies: r.latencies, statuses, errors: r.errors, wallMs: r.wallMs, cpuMs: r.cpuMs }
}

/**
 * The load generator, in its own process (runChild) so it does not share the server's event loop: a warm-up with other
 * residents, then, straight after on the warm server and database connections, the measured run.
 */
function clientMain(): void {
  serveChild(async (job: ClientJob, progress): Promise<ClientResult> => {
    await load(job.url, job.connections, job.warmup, job.warmupSeconds)
    progress('measuring')
    return load(job.url, job.connections, job.attempts, job.duration)
  })
}

const runClient = (job: ClientJob, onProgress: (label: string) => void) => runChild<ClientJob, ClientResult>(__filename, job, onProgress)

/**
 * What a database in use already holds: 60 days of past bookings at these halls (20,000 earlier residents; checked in,
 * cancelled or missed) with their sent reminders, 5 seats of every slot ahead already booked,
 * and the last day's Idempotency-Keys. Without it the booking's lookups
 * would run against empty tables, which neither matches a city's database nor lets the planner pick its real plans.
 */
async function history(db: Db, hallIds: string[], windowSlots: number[]): Promise<void> {
  const past = await db.query<{ id: string }>(
    `INSERT INTO users (level, id_number_hmac, created_at)
     SELECT 2, md5('past' || g::text || random()::text), $2::timestamptz - interval '200 days' FROM generate_series(1, $1) g RETURNING id`,
    [20_000, NOW],
  )
  // Working-day mornings and afternoons of the 60 days before NOW, 14 slots a day per hall, 10 seats each.
  await db.query(
    `INSERT INTO slots (hall_id, service_code, starts_at, ends_at, capacity, booked)
     SELECT h, $2, (d + time '09:00' + g * interval '30 minutes') AT TIME ZONE 'Asia/Shanghai',
            (d + time '09:30' + g * interval '30 minutes') AT TIME ZONE 'Asia/Shanghai', 10, 0
       FROM unnest($1::text[]) AS h,
            generate_series($3::date - 60, $3::date - 1, interval '1 day') AS d,
            generate_series(0, 13) AS g
      WHERE extract(isodow FROM d) < 6`,
    [hallIds, SERVICE, NOW.toISOString().slice(0, 10)],
  )
  // Five bookings per past slot: 85 % checked in, 10 % cancelled, 5 % no-shows.
  await db.query(
    `WITH s AS (SELECT id, hall_id, service_code, starts_at, row_number() OVER (ORDER BY id) AS n FROM slots WHERE starts_at < $2),
          b AS (SELECT s.*, j, (s.n * 5 + j) % array_length($1::uuid[], 1) + 1 AS u, (s.n * 5 + j) % 20 AS r
                  FROM s, generate_series(0, 4) AS j)
     INSERT INTO appointments (id, code, user_id, slot_id, hall_id, service_code, starts_at, status, queue_number, created_at,
                               checked_in_at, cancelled_at, no_show_at)
     SELECT gen_random_uuid(), 'H' || lpad(to_hex((n * 5 + j)::int), 7, '0'), ($1::uuid[])[u], id, hall_id, service_code, starts_at,
            CASE WHEN r < 17 THEN 'checked_in' WHEN r < 19 THEN 'cancelled' ELSE 'no_show' END,
            CASE WHEN r < 17 THEN 'A' || lpad((n % 200 + 1)::text, 3, '0') END,
            starts_at - interval '3 days',
            CASE WHEN r < 17 THEN starts_at - interval '10 minutes' END,
            CASE WHEN r >= 17 AND r < 19 THEN starts_at - interval '1 day' END,
            CASE WHEN r = 19 THEN starts_at + interval '15 minutes' END
       FROM b`,
    [past.rows.map((u) => u.id), NOW],
  )
  // The days ahead are partly booked already: 5 seats of each window slot, by earlier residents (one each).
  await db.query(
    `WITH s AS (SELECT id, hall_id, service_code, starts_at, row_number() OVER (ORDER BY id) - 1 AS n FROM slots WHERE id = ANY($2::bigint[]))
     INSERT INTO appointments (id, code, user_id, slot_id, hall_id, service_code, starts_at, created_at)
     SELECT gen_random_uuid(), 'F' || lpad(to_hex((n * 5 + j)::int), 7, '0'), ($1::uuid[])[n * 5 + j + 1], id, hall_id, service_code, starts_at, $3
       FROM s, generate_series(0, 4) AS j`,
    [past.rows.map((u) => u.id), windowSlots, new Date(NOW.getTime() - 86_400_000)],
  )
  await db.query(
    `UPDATE slots s SET booked = a.n FROM (SELECT slot_id, count(*)::int AS n FROM appointments WHERE status <> 'cancelled' GROUP BY slot_id) a
      WHERE s.id = a.slot_id`,
  )
  await db.query(
    `INSERT INTO outbox (user_id, template, data, page, dedupe_key, status, attempts, send_after, created_at, sent_at)
     SELECT user_id, 'appointment_reminder', '{}'::jsonb, 'package-appointment/pages/mine/index', 'appointment-reminder:' || id || ':' || slot_id,
            'sent', 1, starts_at - interval '15 hours', created_at, starts_at - interval '15 hours'
       FROM appointments WHERE starts_at < $1`,
    [NOW],
  )
  // The last 24 hours' keys (older ones are cleaned up).
  await db.query(
    `INSERT INTO idempotency_keys (user_id, key, request_hash, status, body, created_at)
     SELECT user_id, 'past-' || id, md5(id::text), 201, '{}'::jsonb, $1::timestamptz - interval '1 hour'
       FROM appointments WHERE starts_at < $1 ORDER BY starts_at DESC LIMIT 3000`,
    [NOW],
  )
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
      const perRun = kind === 'postgres' ? 12_000 : 4_000
      const tokens = await residents(db, perRun + WARMUP)
      await history(db, halls.map((h) => h.id), slotIds)
      // Statistics as a running city's database would have them (autovacuum analyses grown tables on its own).
      await db.exec(kind === 'postgres' ? 'VACUUM ANALYZE' : 'ANALYZE')
      const attempts = tokens.map((token, i) => ({ token, slotId: slotIds[(i * 7) % slotIds.length] }))
      // Measured from the end of the client's warm-up (other residents, about 2 s), on the same warm connections.
      let cpu0 = process.cpuUsage()
      let machine0 = cpuSnapshot()
      let profiling: Promise<() => Promise<void>> = Promise.resolve(async () => undefined)
      const r = await runClient(
        { url, duration, connections, attempts: attempts.slice(0, perRun), warmup: attempts.slice(perRun), warmupSeconds: 2 },
        () => {
          cpu0 = process.cpuUsage()
          machine0 = cpuSnapshot()
          profiling = profileIf(arg('profile', ''))
        },
      )
      await (await profiling)()
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
        server_sys_ms_per_request: Number((cpu.system / 1000 / Math.max(1, sorted.length)).toFixed(2)),
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
  // The API's own default (DATABASE_POOL_SIZE) unless --pool says otherwise.
  const poolSize = Number(arg('pool', String(loadConfig({}).poolSize)))
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
