// Mixed-load benchmark (issue 18): two real API processes (server/main.ts) on one throwaway PostgreSQL database with
// the catalog scaled to 20,000 items, and a resident-shaped mix from many clients in a separate process (browse 55 %,
// search 20 % with 80 % never-seen queries, guide 10 %, my pages 8 %, book 4 %, file a request 2 %, city code 1 %).
// Each client has its own connection, its own address (X-Forwarded-For; the nodes trust one proxy hop) and its own
// resident session. Prints progress on stderr and one JSON line: p50/p95/p99 per route, counts, refusals, errors, and
// CPU per request of the API processes and of PostgreSQL.
// Residents pause between taps: each client waits --think-ms on average (exponential; default 1000 ms, a busy resident —
// reading a page takes longer) after each answer, so 200 clients offer ~190 requests/s, and the p50/p95/p99 are what a
// resident waits at that load. A second run of the same mix without pauses (--saturate-seconds, default 20; 0 skips it)
// reports the capacity: requests/s and p95 when every client sends its next request the moment it has an answer.
// Usage: npm run bench (last), or npm run bench:mixed -- [--seconds 60] [--clients 200] [--items 20000] [--warmup 5]
//   [--think-ms 1000] [--saturate-seconds 20]
//   [--profile DIR] (each API node writes a V8 CPU profile of the measured run into DIR when it stops)
// Needs DATABASE_URL (a throwaway onestop_bench_* database is created and dropped); skipped without it.
import { randomBytes } from 'node:crypto'
import path from 'node:path'
import type { Db } from '../server/db'
import { migrate } from '../server/db/migrate'
import { SEED_DIR } from '../server/db/seed'
import { loadCatalog, readCatalog } from '../server/db/seed/catalog-loader'
import { QUALITY_QUERIES } from '../test/server/search-quality.queries'
import { bulkResidents } from '../test/support/bulk-residents'
import { startServer, type RunningServer } from '../test/support/server-process'
import { apiProcesses, arg, cpuSnapshot, isClient, loadAverage, percentiles, round, runChild, scratchDatabase, serveChild } from './lib'
import { EXPECTED, runMix, type MixJob, type MixStats } from './mixed-load'

const BOOK_SERVICE = 'gz-police-idcard-renew'

const apiCpuMs = (): number | null => apiProcesses()?.reduce((ms, p) => ms + p.cpuMs, 0) ?? null

/** n real-name (level 2) residents with 30-day sessions: their session tokens. */
async function residents(db: Db, n: number): Promise<string[]> {
  return (await bulkResidents(db, n)).map((r) => r.token)
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url)
  if (!res.ok) throw new Error(`${url} 返回了 ${res.status}`)
  return (await res.json()) as T
}

function clientMain(): void {
  serveChild(async (job: MixJob, progress) => {
    const say = (line: string) => console.error(line)
    await runMix(job, job.warmupSeconds, () => undefined)
    progress('measuring')
    return runMix(job, job.seconds, say)
  })
}

function report(stats: MixStats) {
  const routes: Record<string, unknown> = {}
  let requests = 0
  let errors = 0
  let refusals = 0
  for (const [route, s] of Object.entries(stats).sort(([a], [b]) => a.localeCompare(b))) {
    const sorted = s.latencies.sort((a, b) => a - b)
    const refused = Object.entries(s.codes).filter(([c]) => EXPECTED.has(c))
    const unexpected = Object.entries(s.codes).filter(([c]) => !EXPECTED.has(c))
    const routeErrors = unexpected.reduce((n, [, k]) => n + k, 0) + s.failures
    requests += s.latencies.length + s.failures
    errors += routeErrors
    refusals += refused.reduce((n, [, k]) => n + k, 0)
    routes[route] = {
      n: s.latencies.length,
      ...percentiles(sorted, (x) => round(x, 1)),
      statuses: s.statuses,
      ...(refused.length ? { refusals: Object.fromEntries(refused) } : {}),
      errors: routeErrors,
      ...(unexpected.length ? { error_codes: Object.fromEntries(unexpected) } : {}),
    }
  }
  return { routes, requests, errors, refusals }
}

export async function main(): Promise<void> {
  const adminUrl = process.env.DATABASE_URL
  if (!adminUrl) {
    console.error('[mixed] 未设置 DATABASE_URL：跳过混合负载压测（需要 PostgreSQL）')
    return
  }
  const seconds = Number(arg('seconds', '60'))
  const clients = Number(arg('clients', '200'))
  const items = Number(arg('items', '20000'))
  const warmupSeconds = Number(arg('warmup', '5'))
  const thinkMs = Number(arg('think-ms', '1000'))
  const saturateSeconds = Number(arg('saturate-seconds', '20'))
  const profile = arg('profile', '')
  const scratch = await scratchDatabase(adminUrl, { poolSize: 4, prefix: 'onestop_bench_mixed' })
  const u = new URL(adminUrl)
  u.pathname = `/${scratch.name}`
  const servers: RunningServer[] = []
  try {
    // Migrated once here, so the two nodes do not both wait on the schema; each still seeds the reference data.
    await migrate(scratch.db)
    const env = {
      NODE_ENV: 'test',
      DATABASE_URL: u.toString(),
      DATA_KEY: randomBytes(32).toString('base64'),
      JOBS: '1',
      TRUST_PROXY: '1',
      LOG_LEVEL: 'warn',
      H5_DIR: '/nonexistent-onestop-bench',
      // Every client has its own address; the limit is raised so that a client looping without pause (a resident
      // pauses) is not refused: the shared counting still runs on every request.
      RATE_LIMIT_PER_MINUTE: '1000000',
      // --profile DIR: each node writes a V8 CPU profile there when it stops.
      ...(profile
        ? { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${path.join(__dirname, 'cpu-profile.cjs')}`.trim(), CPU_PROFILE_DIR: path.resolve(profile) }
        : {}),
    }
    const t0 = Date.now()
    servers.push(...(await Promise.all([startServer(env), startServer(env)])))
    console.error(`[mixed] 两个节点已启动（${((Date.now() - t0) / 1000).toFixed(1)} 秒）`)

    // Loaded here: importing bench/search at the top would make the client process answer as its client too.
    const { scaleCatalog } = await import('./search')
    const base = await readCatalog(path.join(SEED_DIR, 'catalog'))
    const scaled = scaleCatalog(base, items)
    await scratch.db.transaction((tx) => loadCatalog(tx, scaled))
    const tokens = await residents(scratch.db, clients)
    const bookers = await residents(scratch.db, 20_000)
    await scratch.db.exec('VACUUM ANALYZE')
    console.error(`[mixed] ${scaled.items.length} 个事项、${clients + bookers.length} 位居民已载入`)

    // The bookable slots of the window (generated by the first GET, as in use), 40 seats each.
    const [a, b] = servers.map((s) => s.url)
    const halls = (await getJson<{ items: { id: string }[] }>(`${a}/api/halls?service=${BOOK_SERVICE}`)).items
    const slotIds: number[] = []
    for (const h of halls) {
      const list = await getJson<{ items: { id: number; start: string }[] }>(`${a}/api/halls/${h.id}/slots?service=${BOOK_SERVICE}`)
      slotIds.push(...list.items.filter((s) => Date.parse(s.start) >= Date.now() + 3 * 3_600_000).map((s) => s.id))
    }
    if (!slotIds.length) throw new Error('没有可预约的时段')
    await scratch.db.query('UPDATE slots SET capacity = 40 WHERE id = ANY($1::bigint[])', [slotIds])
    const themes = (await getJson<{ items: { code: string }[] }>(`${a}/api/themes`)).items.map((t) => t.code)

    // Both nodes see the scaled catalog (their index reloads on the catalog version) before the clock starts.
    for (const node of [a, b]) {
      for (let i = 0; ; i++) {
        const r = await getJson<{ total: number }>(`${node}/api/services?q=${encodeURIComponent('越秀区')}`)
        if (r.total > 100) break
        if (i > 300) throw new Error(`${node} 未载入扩充后的事项目录`)
        await new Promise((res) => setTimeout(res, 200))
      }
    }
    const words = [...new Set(base.items.flatMap((it) => [it.name, ...it.keywords]).filter((w) => w.length >= 2))]
    const job: MixJob = {
      nodes: [a, b],
      clients,
      seconds,
      warmupSeconds,
      tokens,
      bookers,
      bookService: BOOK_SERVICE,
      slotIds,
      themes,
      serviceCodes: scaled.items.map((it) => it.code),
      words,
      knownQueries: QUALITY_QUERIES.map((q) => q.q),
      thinkMs,
      bookerStart: 0,
    }
    /** One run of the client process: its report with the CPU the API nodes, PostgreSQL and the machine spent. */
    const measure = async (run: MixJob, withProfile: boolean) => {
      let cpu0 = cpuSnapshot()
      let api0 = apiCpuMs()
      let load0 = loadAverage()
      const result = await runChild<MixJob, { stats: MixStats; wallMs: number }>(__filename, run, () => {
        if (withProfile) for (const p of apiProcesses() ?? []) process.kill(p.pid, 'SIGUSR2')
        cpu0 = cpuSnapshot()
        api0 = apiCpuMs()
        load0 = loadAverage()
      })
      const cpu1 = cpuSnapshot()
      const api1 = apiCpuMs()
      const { routes, requests, errors, refusals } = report(result.stats)
      const perRequest = (ms: number | null | undefined) => (ms == null || !requests ? null : round(ms / requests, 2))
      return {
        requests,
        rps: round(requests / (result.wallMs / 1000), 1),
        errors,
        refusals,
        api_cpu_ms_per_request: perRequest(api0 != null && api1 != null ? api1 - api0 : null),
        postgres_cpu_ms_per_request: perRequest(cpu0 && cpu1 ? cpu1.postgresMs - cpu0.postgresMs : null),
        machine_cpu_ms_per_request: perRequest(cpu0 && cpu1 ? cpu1.machineMs - cpu0.machineMs : null),
        load_average: { before: load0, after: loadAverage() },
        routes,
      }
    }
    console.error(`[mixed] ${clients} 个客户端（每次操作后平均停顿 ${thinkMs} 毫秒），预热 ${warmupSeconds} 秒，测量 ${seconds} 秒`)
    const paced = await measure(job, Boolean(profile))
    // The same mix without pauses: how many requests a second the two nodes and the database can answer at all.
    let saturation: Awaited<ReturnType<typeof measure>> | null = null
    if (saturateSeconds > 0) {
      console.error(`[mixed] 饱和测量：${clients} 个客户端不停顿，${saturateSeconds} 秒`)
      saturation = await measure({ ...job, thinkMs: 0, seconds: saturateSeconds, warmupSeconds: 2, bookerStart: Math.floor(job.bookers.length / 2) }, false)
    }
    const p95s = (routes: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(routes).map(([route, r]) => [route, (r as { p95_ms: number }).p95_ms]))
    console.log(
      JSON.stringify({
        name: 'mixed load: two API nodes, one PostgreSQL',
        items: scaled.items.length,
        clients,
        think_ms: thinkMs,
        duration_s: seconds,
        ...paced,
        ...(saturation
          ? { saturation: { think_ms: 0, duration_s: saturateSeconds, rps: saturation.rps, requests: saturation.requests, errors: saturation.errors, machine_cpu_ms_per_request: saturation.machine_cpu_ms_per_request, api_cpu_ms_per_request: saturation.api_cpu_ms_per_request, postgres_cpu_ms_per_request: saturation.postgres_cpu_ms_per_request, p95_ms: p95s(saturation.routes) } }
          : {}),
      }),
    )
  } finally {
    await Promise.all(servers.map((s) => s.stop()))
    await scratch.drop()
  }
}

if (isClient()) {
  clientMain()
} else if (require.main === module) {
  main().catch((err: unknown) => {
    console.error('混合负载压测失败：', err)
    process.exit(1)
  })
}
