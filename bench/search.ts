// Catalog search benchmark: the seeded catalog scaled to 20,000 items in a throwaway database, the real server on loopback, autocannon with 32 connections; prints one JSON line per case.
// Usage: npm run bench (after the API cases), or npx tsx bench/search.ts [--items 20000] [--duration 10] [--connections 32]
//   [--latency-connections 4] (the never-seen mix again with this many connections) [--db pglite|postgres|all]
//   [--profile FILE] (a V8 CPU profile of the server per case: FILE.<db>.<case>.cpuprofile)
// PostgreSQL runs when DATABASE_URL is set (a throwaway onestop_bench_* database is created and dropped).
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { buildApp } from '../server/app'
import { loadConfig } from '../server/config'
import { migrate } from '../server/db/migrate'
import { SEED_DIR, seedReference } from '../server/db/seed'
import { loadCatalog, readCatalog, type CatalogData } from '../server/db/seed/catalog-loader'
import { QUALITY_QUERIES } from '../test/server/search-quality.queries'
import { arg, autocannonLatencies, databaseKinds, isClient, openBenchDb, percentiles, profileIf, runChild, serveChild, type AutocannonResult, type DbKind } from './lib'
import { freshQuery } from './mixed-load'

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

interface ClientJob {
  url: string
  duration: number
  connections: number
  paths: string[]
}

const runClient = (url: string, duration: number, connections: number, paths: string[]) => runChild<ClientJob, AutocannonResult>(__filename, { url, duration, connections, paths })

function clientMain(): void {
  serveChild((msg: ClientJob) => {
    let i = 0
    return autocannonLatencies({
      url: msg.url,
      connections: msg.connections,
      duration: msg.duration,
      requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: msg.paths[i++ % msg.paths.length] }) }],
    })
  })
}

async function benchDatabase(kind: DbKind, target: number, duration: number, connections: number, latencyConnections: number, profile: string): Promise<CaseResult[]> {
  const { db, drop } = await openBenchDb(kind)
  const results: CaseResult[] = []
  try {
    await migrate(db)
    await seedReference(db)
    const base = await readCatalog(path.join(SEED_DIR, 'catalog'))
    const scaled = scaleCatalog(base, target)
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
      // Never seen before: the mixed-load bench's generated queries (a catalog word, cut or not, with random characters
      // around it), 80 % of them, the other 20 % from the quality set. 50,000 paths, more than a run asks, so the node's
      // answer cache cannot help the 80 %; the warm-up asks others.
      const words = [...new Set(base.items.flatMap((it) => [it.name, ...it.keywords]).filter((w) => w.length >= 2))]
      const mix = (n: number) => Array.from({ length: n }, (_, i) => `/api/services?q=${encodeURIComponent(i % 5 === 4 ? queries[i % queries.length] : freshQuery(words))}`)
      const cases: { name: string; paths: string[]; warmup?: string[]; connections?: number }[] = [
        { name: 'search: 80 % never-seen queries', paths: mix(50_000), warmup: mix(3_000) },
        // The same mix from a few residents at a time: what one search costs a resident when the node is not queueing
        // (with 32 connections each answer also waits for the ~31 in front of it on the node's one thread).
        { name: 'search: 80 % never-seen queries, few at a time', paths: mix(50_000), warmup: mix(3_000), connections: latencyConnections },
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
        const conns = c.connections ?? connections
        await runClient(url, 3, conns, c.warmup ?? c.paths) // warm-up
        const stopProfile = await profileIf(profile && `${profile}.${kind}.${cases.indexOf(c)}.cpuprofile`)
        const r = await runClient(url, duration, conns, c.paths)
        await stopProfile()
        const sorted = r.latencies.sort((a, b) => a - b)
        results.push({
          name: c.name,
          database: kind,
          items: scaled.items.length,
          connections: conns,
          duration_s: duration,
          requests: r.requests,
          errors: r.errors,
          non2xx: r.non2xx,
          ...percentiles(sorted),
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
  const latencyConnections = Number(arg('latency-connections', '4'))
  const which = arg('db', 'all')
  const profile = arg('profile', '')
  for (const kind of databaseKinds(which)) {
    for (const r of await benchDatabase(kind, target, duration, connections, latencyConnections, profile)) console.log(JSON.stringify(r))
  }
}

if (isClient()) {
  clientMain()
} else if (require.main === module) {
  main().catch((err: unknown) => {
    console.error('搜索压测失败：', err)
    process.exit(1)
  })
}
