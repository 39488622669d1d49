// Helpers shared by the benches (and the booking concurrency test): percentiles, throwaway databases, a load
// generator in its own process, command-line flags.
import { fork } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import type autocannon from 'autocannon'
import pg from 'pg'
import { openDatabase, type Db } from '../server/db'

export type DbKind = 'pglite' | 'postgres'

/** Nearest-rank percentile of an ascending array; NaN when it is empty. */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]
}

/** p50/p95/p99 of an ascending array, each passed through `round` (as is by default). */
export function percentiles(sorted: number[], round: (x: number) => number = (x) => x): { p50_ms: number; p95_ms: number; p99_ms: number } {
  return { p50_ms: round(percentile(sorted, 50)), p95_ms: round(percentile(sorted, 95)), p99_ms: round(percentile(sorted, 99)) }
}

export const round = (x: number, digits = 3) => Number(x.toFixed(digits))

export interface Summary {
  name: string
  n: number
  p50_ms: number
  p95_ms: number
  p99_ms: number
  rps: number
}

/** n, p50/p95/p99 (3 decimals) and requests per second of a timed run. */
export function summarise(name: string, latencies: number[], wallMs: number): Summary {
  const sorted = [...latencies].sort((a, b) => a - b)
  return { name, n: latencies.length, ...percentiles(sorted, (x) => round(x)), rps: round(latencies.length / (wallMs / 1000), 1) }
}

/** The machine's 1-minute load average, two decimals: the bench figures depend on what else it runs. */
export const loadAverage = () => Number(os.loadavg()[0].toFixed(2))

/** CPU time so far, in ms: the whole machine (all cores, busy states) and the `postgres` processes on it; null off Linux. */
export function cpuSnapshot(): { machineMs: number; postgresMs: number } | null {
  try {
    const tick = 1000 / 100 // USER_HZ is 100 on Linux
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number)
    // user nice system idle iowait irq softirq steal: busy = all but idle and iowait
    const machineMs = (cpu[0] + cpu[1] + cpu[2] + cpu[5] + cpu[6] + (cpu[7] ?? 0)) * tick
    let postgresMs = 0
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
        const close = stat.lastIndexOf(')')
        if (stat.slice(stat.indexOf('(') + 1, close) !== 'postgres') continue
        const f = stat.slice(close + 2).split(' ')
        // utime, stime (fields 14 and 15), and cutime, cstime (16, 17): the postmaster's count of its backends that have
        // ended, so a backend closing between two snapshots does not take its CPU out of the difference.
        postgresMs += (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * tick
      } catch {
        // the process ended meanwhile
      }
    }
    return { machineMs, postgresMs }
  } catch {
    return null
  }
}

/** Per-request CPU between two snapshots (machine and PostgreSQL), two decimals; {} when unavailable. */
export function cpuPerRequest(before: ReturnType<typeof cpuSnapshot>, after: ReturnType<typeof cpuSnapshot>, requests: number) {
  if (!before || !after || !requests) return {}
  return {
    machine_cpu_ms_per_request: round((after.machineMs - before.machineMs) / requests, 2),
    postgres_cpu_ms_per_request: round((after.postgresMs - before.postgresMs) / requests, 2),
  }
}

/**
 * `--profile FILE`: records a V8 CPU profile of this process (the API server) until the returned function is called,
 * then writes FILE (open it in Chrome DevTools → Performance). A no-op without a file name.
 */
export async function profileIf(file: string): Promise<() => Promise<void>> {
  if (!file) return async () => undefined
  const { Session } = await import('node:inspector/promises')
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.start')
  return async () => {
    const { profile } = await session.post('Profiler.stop')
    writeFileSync(file, JSON.stringify(profile))
    session.disconnect()
  }
}

/**
 * This process's children running server/main.ts with their CPU ms (user + system) and resident memory (MB) so far;
 * Linux only, else null.
 */
export function apiProcesses(): { pid: number; cpuMs: number; rssMb: number }[] | null {
  try {
    const out: { pid: number; cpuMs: number; rssMb: number }[] = []
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
        if (Number(f[1]) !== process.pid) continue // ppid
        if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('server/main.ts')) continue
        const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0)
        out.push({ pid: Number(pid), cpuMs: (Number(f[11]) + Number(f[12])) * 10, rssMb: rssKb / 1024 })
      } catch {
        // Gone meanwhile.
      }
    }
    return out
  } catch {
    return null
  }
}

/** `--name value` from the command line, or the fallback. */
export function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback
}

/** The databases for `--db pglite|postgres|all`: PostgreSQL only when DATABASE_URL is set. */
export function databaseKinds(which: string): DbKind[] {
  const kinds: DbKind[] = []
  if (which === 'all' || which === 'pglite') kinds.push('pglite')
  if ((which === 'all' || which === 'postgres') && process.env.DATABASE_URL) kinds.push('postgres')
  if (which === 'postgres' && !process.env.DATABASE_URL) throw new Error('PostgreSQL 压测需要设置 DATABASE_URL')
  return kinds
}

/** One statement on its own connection (CREATE/DROP DATABASE). */
export async function adminQuery(url: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  try {
    await c.query(sql)
  } finally {
    await c.end()
  }
}

/** A new database `<prefix>_<random hex>` on the DATABASE_URL server; drop() closes the pool and drops it. */
export async function scratchDatabase(
  adminUrl: string,
  { prefix = 'onestop_bench', poolSize, idBytes = 5 }: { prefix?: string; poolSize: number; idBytes?: number },
): Promise<{ db: Db; name: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(idBytes).toString('hex')}`
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`)
  const u = new URL(adminUrl)
  u.pathname = `/${name}`
  const db = await openDatabase({ databaseUrl: u.toString(), poolSize })
  return {
    db,
    name,
    drop: async () => {
      await db.close()
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    },
  }
}

/** An in-memory PGlite, or a throwaway PostgreSQL database (DATABASE_URL) with a pool of poolSize. */
export async function openBenchDb(kind: DbKind, poolSize = 16): Promise<{ db: Db; drop: () => Promise<void> }> {
  if (kind === 'pglite') {
    const db = await openDatabase({})
    return { db, drop: () => db.close() }
  }
  return scratchDatabase(process.env.DATABASE_URL!, { poolSize })
}

/** Whether this process is a load-generator child started by runChild. */
export const isClient = () => process.argv.includes('--client')

/**
 * The load generator runs in its own process so it does not share the server's event loop: forks `script --client`,
 * sends it the job and resolves with the result it answers (see serveChild); `onProgress` hears the labels it reports
 * on the way (e.g. the end of its warm-up), so the caller can start measuring at that moment.
 */
export function runChild<Job, Result>(script: string, job: Job, onProgress?: (label: string) => void): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = fork(script, ['--client'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    child.on('message', (msg: { progress?: string; result?: Result }) => {
      if (msg.progress !== undefined) onProgress?.(msg.progress)
      else resolve(msg.result as Result)
    })
    child.once('error', reject)
    child.once('exit', (code) => {
      if (code) reject(new Error(`压测客户端异常退出（${code}）`))
    })
    child.send(job as never)
  })
}

/** The child's side of runChild: takes one job, may report progress labels, sends back the result and exits. */
export function serveChild<Job, Result>(handle: (job: Job, progress: (label: string) => void) => Promise<Result>): void {
  process.once('message', async (job: Job) => {
    const result = await handle(job, (label) => process.send!({ progress: label }))
    process.send!({ result }, undefined, {}, () => process.exit(0))
  })
}

export interface AutocannonResult {
  latencies: number[]
  non2xx: number
  errors: number
  requests: number
  wallMs: number
}

/** Runs autocannon (in the client process) and collects every response time; `ok` decides what counts as non2xx. */
export async function autocannonLatencies(
  options: autocannon.Options,
  ok: (statusCode: number) => boolean = (s) => s >= 200 && s < 300,
  /** Stop after this long even when `amount` requests have not all been sent. */
  stopAfterMs?: number,
): Promise<AutocannonResult & { cpuMs: number }> {
  // Loaded here, in the client process only: the concurrency test imports this module too.
  const { default: run } = (await import('autocannon')) as unknown as { default: typeof autocannon }
  const latencies: number[] = []
  let non2xx = 0
  const start = Date.now()
  let done: (result: autocannon.Result) => void = () => undefined
  const finished = new Promise<autocannon.Result>((resolve) => (done = resolve))
  const instance = run(options, (err, result) => {
    if (err) throw err
    done(result)
  })
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime)
    if (!ok(statusCode)) non2xx++
  })
  const cpu0 = process.cpuUsage()
  const timer = stopAfterMs ? setTimeout(() => instance.stop(), stopAfterMs) : undefined
  const result = await finished
  clearTimeout(timer)
  const cpu = process.cpuUsage(cpu0)
  return {
    latencies,
    non2xx,
    errors: result.errors + result.timeouts,
    requests: latencies.length,
    wallMs: Date.now() - start,
    cpuMs: (cpu.user + cpu.system) / 1000,
  }
}
