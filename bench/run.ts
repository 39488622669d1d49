// API benchmark: the real app on an in-memory PGlite, timed through app.inject and over loopback HTTP; prints one JSON line per case.
// Usage: npx tsx bench/run.ts [n]   (n requests per inject case, default 2000; HTTP cases use min(n, 1000))
import { randomBytes } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import http from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import { buildApp, type App } from '../server/app'
import { loadConfig } from '../server/config'
import { openDatabase } from '../server/db'
import { migrate } from '../server/db/migrate'
import { seedReference } from '../server/db/seed'
import { main as searchBench } from './search'
import { main as appointmentsBench } from './appointments'
import { main as citycodeBench } from './citycode'
import { main as similarBench } from './similar'
import { main as dashboardBench } from './dashboard'
import { main as applicationsBench } from './applications'
import { main as mixedBench } from './mixed'
import { summarise, type Summary } from './lib'

async function timeSequential(n: number, once: () => Promise<void>): Promise<{ latencies: number[]; wallMs: number }> {
  const latencies: number[] = []
  const start = process.hrtime.bigint()
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint()
    await once()
    latencies.push(Number(process.hrtime.bigint() - t) / 1e6)
  }
  return { latencies, wallMs: Number(process.hrtime.bigint() - start) / 1e6 }
}

/** `concurrency` loops sharing a keep-alive agent until n requests are done. */
async function timeConcurrent(
  n: number,
  concurrency: number,
  once: () => Promise<void>,
): Promise<{ latencies: number[]; wallMs: number }> {
  const latencies: number[] = []
  let issued = 0
  const start = process.hrtime.bigint()
  const worker = async () => {
    while (issued < n) {
      issued++
      const t = process.hrtime.bigint()
      await once()
      latencies.push(Number(process.hrtime.bigint() - t) / 1e6)
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  return { latencies, wallMs: Number(process.hrtime.bigint() - start) / 1e6 }
}

function injectOnce(app: App, url: string): () => Promise<void> {
  return async () => {
    const res = await app.inject({ method: 'GET', url })
    if (res.statusCode !== 200) throw new Error(`${url} 返回了 ${res.statusCode}`)
  }
}

function httpOnce(agent: http.Agent, port: number, path: string): () => Promise<void> {
  return () =>
    new Promise<void>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port, path, agent }, (res) => {
        res.resume()
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`${path} 返回了 ${res.statusCode}`))))
      })
      req.on('error', reject)
    })
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 2000)
  if (!Number.isInteger(n) || n < 1) throw new Error(`请求次数应为正整数，收到 "${process.argv[2]}"`)
  const httpN = Math.min(n, 1000)
  const warmup = Math.min(200, n)

  // Not production mode: that demands production secrets a bench has no business holding. Test mode with a
  // throwaway data key and data directory, silent logs, no H5.
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    H5_DIR: '/nonexistent-onestop-bench',
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'onestop-bench-')),
    DATA_KEY: randomBytes(32).toString('base64'),
    // One client address sends everything: the per-address limit would measure 429s.
    RATE_LIMIT_PER_MINUTE: '1000000',
  })
  const db = await openDatabase({})
  await migrate(db)
  await seedReference(db)
  const app = await buildApp({ config, db, logger: false })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 })

  const results: Summary[] = []
  try {
    for (const url of ['/api/health', '/api/departments']) {
      const inject = injectOnce(app, url)
      await timeSequential(warmup, inject)
      const r = await timeSequential(n, inject)
      results.push(summarise(`inject GET ${url}`, r.latencies, r.wallMs))
    }
    for (const url of ['/api/health', '/api/departments']) {
      const get = httpOnce(agent, port, url)
      await timeSequential(warmup, get)
      const r = await timeConcurrent(httpN, 8, get)
      results.push(summarise(`http GET ${url} (concurrency 8)`, r.latencies, r.wallMs))
    }
  } finally {
    agent.destroy()
    await app.close()
    await db.close()
  }
  for (const r of results) console.log(JSON.stringify(r))
  // Catalog search at 20,000 items, 32 connections, PGlite and (with DATABASE_URL) PostgreSQL.
  await searchBench()
  // Booking throughput at 64 concurrent clients (target on PostgreSQL: ≥ 300 bookings/s, p95 ≤ 100 ms).
  await appointmentsBench()
  // City code: offline verifications/s on one core (target ≥ 5,000/s), online verify p95 at 64 connections.
  await citycodeBench()
  // Similar-request lookup over 100,000 generated requests (PostgreSQL, DATABASE_URL; target p95 ≤ 50 ms).
  await similarBench()
  // 一屏观 figures over 1,000,000 generated requests (PostgreSQL, DATABASE_URL; target p95 ≤ 100 ms).
  await dashboardBench()
  // Online applications (PostgreSQL, DATABASE_URL): 200 concurrent submissions with 3 materials (target p95 ≤ 150 ms, 0 lost,
  // 0 doubled) and the department queue of 10,000 open 办件 (target p95 ≤ 30 ms).
  await applicationsBench()
  // Resident-shaped mix, 200 clients for 60 s against two API processes on one PostgreSQL (DATABASE_URL; target p95 ≤ 100 ms every route, 0 errors).
  await mixedBench()
}

main().catch((err: unknown) => {
  console.error('基准测试失败：', err)
  process.exit(1)
})
