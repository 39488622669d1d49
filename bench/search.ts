// Catalog search benchmark: the seeded catalog scaled to 20,000 items in a throwaway database, the real server on loopback, autocannon with 32 connections; prints one JSON line per case.
// Usage: npm run bench (after the API cases), or npx tsx bench/search.ts [--items 20000] [--duration 10] [--connections 32] [--db pglite|postgres|all]
// PostgreSQL runs when DATABASE_URL is set (a throwaway onestop_bench_* database is created and dropped).
import { fork } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import autocannon from 'autocannon'
import pg from 'pg'
import { buildApp } from '../server/app'
import { loadConfig } from '../server/config'
import { openDatabase, type Db } from '../server/db'
import { migrate } from '../server/db/migrate'
import { SEED_DIR, seedReference } from '../server/db/seed'
import { loadCatalog, readCatalog, type CatalogData } from '../server/modules/services/loader'
import { QUALITY_QUERIES } from '../test/server/search-quality.queries'

const DISTRICTS = ['越秀区', '海珠区', '荔湾区', '天河区', '白云区', '黄埔区', '番禺区', '花都区', '南沙区', '从化区', '增城区']
const VARIANTS = ['', '（延续）', '（变更）', '（注销）', '（容缺受理）', '（跨域通办）']

/** The seeded catalog plus district/variant copies of its items, up to `target` items in all. */
export function scaleCatalog(base: CatalogData, target: number): CatalogData {
  const items = [...base.items]
  outer: for (const variant of VARIANTS) {
    for (const district of DISTRICTS) {
      for (const item of base.items) {
        if (items.length >= target) break outer
        const n = items.length
        items.push({
          ...item,
          code: `${item.code}-bench-${n}`,
          name: `${district}${item.name}${variant}`,
          keywords: [...item.keywords, district],
          // Bench copies are rarely opened: a spread of popularity keeps the ordering realistic.
          promisedDays: item.promisedDays + (n % 3),
        })
      }
    }
  }
  return { ...base, items }
}

interface CaseResult {
  name: string
  database: string
  items: number
  connections: number
  duration_s: number
  requests: number
  errors: number
  non2xx: number
  p50_ms: number
  p95_ms: number
  p99_ms: number
  rps: number
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]
}

/** The load generator runs in its own process so it does not share the server's event loop. */
function runClient(url: string, duration: number, connections: number, paths: string[]): Promise<{ latencies: number[]; errors: number; non2xx: number; requests: number }> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--client'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    child.once('message', (msg) => resolve(msg as never))
    child.once('error', reject)
    child.once('exit', (code) => {
      if (code) reject(new Error(`压测客户端异常退出（${code}）`))
    })
    child.send({ url, duration, connections, paths })
  })
}

async function clientMain(): Promise<void> {
  process.once('message', async (msg: { url: string; duration: number; connections: number; paths: string[] }) => {
    const latencies: number[] = []
    let non2xx = 0
    let i = 0
    let done: (result: autocannon.Result) => void = () => undefined
    const finished = new Promise<autocannon.Result>((resolve) => (done = resolve))
    const instance = autocannon(
      {
        url: msg.url,
        connections: msg.connections,
        duration: msg.duration,
        requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: msg.paths[i++ % msg.paths.length] }) }],
      },
      (err, result) => {
        if (err) throw err
        done(result)
      },
    )
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      latencies.push(responseTime)
      if (statusCode < 200 || statusCode >= 300) non2xx++
    })
    const result = await finished
    process.send!({ latencies, errors: result.errors + result.timeouts, non2xx, requests: latencies.length }, undefined, {}, () => process.exit(0))
  })
}

async function openBenchDb(kind: 'pglite' | 'postgres'): Promise<{ db: Db; drop: () => Promise<void> }> {
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
  const db = await openDatabase({ databaseUrl: u.toString(), poolSize: 16 })
  return {
    db,
    drop: async () => {
      await db.close()
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    },
  }
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback
}

async function benchDatabase(kind: 'pglite' | 'postgres', target: number, duration: number, connections: number): Promise<CaseResult[]> {
  const { db, drop } = await openBenchDb(kind)
  const results: CaseResult[] = []
  try {
    await migrate(db)
    await seedReference(db)
    const scaled = scaleCatalog(await readCatalog(path.join(SEED_DIR, 'catalog')), target)
    const started = Date.now()
    await db.transaction((tx) => loadCatalog(tx, scaled))
    // Settle the freshly loaded tables now, so autovacuum does not compete with the measured runs.
    await db.exec('VACUUM ANALYZE')
    console.error(`[bench] ${kind}: ${scaled.items.length} 个事项已载入（${((Date.now() - started) / 1000).toFixed(1)} 秒）`)

    // 'test' needs no production secrets; logging is off either way.
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      H5_DIR: '/nonexistent-onestop-bench',
      // Every request comes from one loopback address: the per-client limit would answer 429.
      RATE_LIMIT_PER_MINUTE: '1000000',
    })
    const app = await buildApp({ config, db, logger: false })
    await app.listen({ port: 0, host: '127.0.0.1' })
    const { port } = app.server.address() as AddressInfo
    const url = `http://127.0.0.1:${port}`
    try {
      const queries = QUALITY_QUERIES.map((q) => q.q)
      const cases: { name: string; paths: string[] }[] = [
        { name: 'search: quality-set queries', paths: queries.map((q) => `/api/services?q=${encodeURIComponent(q)}`) },
        {
          name: 'search: queries with filters and pages',
          paths: queries.flatMap((q, i) => [
            `/api/services?q=${encodeURIComponent(q)}&audience=${i % 2 ? 'person' : 'business'}`,
            `/api/services?q=${encodeURIComponent(q)}&page=2&pageSize=10`,
            `/api/services?q=${encodeURIComponent(q)}&online=true`,
          ]),
        },
      ]
      // The first search builds the node's in-memory index; time it separately rather than inside a case.
      const primed = Date.now()
      const first = await fetch(`${url}/api/services?q=sbk`)
      if (first.status !== 200) throw new Error(`预热请求返回了 ${first.status}`)
      console.error(`[bench] ${kind}: 首次搜索（载入内存索引）${Date.now() - primed} 毫秒`)
      for (const c of cases) {
        await runClient(url, 3, connections, c.paths) // warm-up
        const r = await runClient(url, duration, connections, c.paths)
        const sorted = r.latencies.sort((a, b) => a - b)
        results.push({
          name: c.name,
          database: kind,
          items: scaled.items.length,
          connections,
          duration_s: duration,
          requests: r.requests,
          errors: r.errors,
          non2xx: r.non2xx,
          p50_ms: percentile(sorted, 50),
          p95_ms: percentile(sorted, 95),
          p99_ms: percentile(sorted, 99),
          rps: Number((r.requests / duration).toFixed(1)),
        })
      }
    } finally {
      await app.close()
    }
  } finally {
    await drop()
  }
  return results
}

/** Runs every case and prints one JSON line each; bench/run.ts calls it after the API cases. */
export async function main(): Promise<void> {
  const target = Number(arg('items', '20000'))
  const duration = Number(arg('duration', '10'))
  const connections = Number(arg('connections', '32'))
  const which = arg('db', 'all')
  const kinds: ('pglite' | 'postgres')[] = []
  if (which === 'all' || which === 'pglite') kinds.push('pglite')
  if ((which === 'all' || which === 'postgres') && process.env.DATABASE_URL) kinds.push('postgres')
  if (which === 'postgres' && !process.env.DATABASE_URL) throw new Error('PostgreSQL 压测需要设置 DATABASE_URL')
  for (const kind of kinds) {
    for (const r of await benchDatabase(kind, target, duration, connections)) console.log(JSON.stringify(r))
  }
}

if (process.argv.includes('--client')) {
  void clientMain()
} else if (require.main === module) {
  main().catch((err: unknown) => {
    console.error('搜索压测失败：', err)
    process.exit(1)
  })
}
