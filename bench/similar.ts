// Similar-request lookup benchmark: 100,000 historical requests generated from the templates (multi-row INSERT), indexed, then
// POST /api/requests/similar through the real app (inject) for paraphrases and fresh drafts, then 200 new requests indexed one
// at a time as filing does, and the RSS of one API node (server/main.ts on that database) after answering the same lookups;
// prints one JSON line. PostgreSQL only.
// Usage: npm run bench (runs when DATABASE_URL is set), or npx tsx bench/similar.ts [--requests 100000] [--queries 400]
import { randomBytes } from 'node:crypto'
import { buildApp } from '../server/app'
import { createSession } from '../server/auth'
import { loadConfig } from '../server/config'
import { migrate } from '../server/db/migrate'
import { seedReference } from '../server/db/seed'
import { indexRequest, indexRequests, type IndexableRequest } from '../server/modules/similar/indexer'
import { generateCorpus, loadHistory } from '../test/fixtures/similar-corpus'
import { INCIDENTS } from '../test/fixtures/similar-quality'
import { startServer } from '../test/support/server-process'
import { apiProcesses, arg, percentiles, scratchDatabase } from './lib'

export async function main(): Promise<void> {
  const adminUrl = process.env.DATABASE_URL
  if (!adminUrl) {
    console.log(JSON.stringify({ name: 'similar lookup', skipped: 'DATABASE_URL is not set (the target is PostgreSQL)' }))
    return
  }
  const total = Number(arg('requests', '100000'))
  const queries = Number(arg('queries', '400'))
  const { db, name, drop } = await scratchDatabase(adminUrl, { poolSize: 8 })
  try {
    await migrate(db)
    await seedReference(db)
    const now = new Date()
    const rows = generateCorpus({ count: total, spreadDays: 365, seed: 2026 })
    let t = Date.now()
    const ids = await loadHistory(db, rows, now, 'B')
    const insertMs = Date.now() - t

    t = Date.now()
    const BATCH = 2000
    for (let start = 0; start < ids.length; start += BATCH) {
      const chunk: IndexableRequest[] = rows.slice(start, start + BATCH).map((r, i) => ({
        id: ids[start + i],
        type: r.type,
        category: r.category,
        content: r.content,
        district: r.district,
        lat: r.lat,
        lng: r.lng,
        public: r.public,
        user_id: null,
        filed_at: new Date(now.getTime() - r.ageDays * 86_400_000),
      }))
      await db.transaction((tx) => indexRequests(tx, chunk))
    }
    const indexMs = Date.now() - t
    await db.exec('VACUUM ANALYZE')
    const postings = await db.query<{ n: number }>('SELECT count(*) AS n FROM similar_postings')

    const user = await db.query<{ id: string }>('INSERT INTO users (created_at, level) VALUES ($1, 1) RETURNING id', [now])
    const { token } = await createSession(db, { userId: user.rows[0].id, provider: 'sms' }, now)
    const app = await buildApp({ config: loadConfig({
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        H5_DIR: '/nonexistent-onestop-bench',
        DATA_KEY: randomBytes(32).toString('base64'),
        RATE_LIMIT_PER_MINUTE: '1000000',
      }), db, logger: false })
    await app.ready()

    // The resident's drafts: paraphrases from the quality set and fresh texts from the same templates, with place.
    const fresh = generateCorpus({ count: queries, spreadDays: 1, seed: 99 })
    const paraphrases = INCIDENTS.flatMap((inc) => inc.texts.map((text) => ({ content: text, type: inc.type, ...(inc.lat !== null ? { lat: inc.lat, lng: inc.lng, district: inc.district } : {}) })))
    const bodies = [...paraphrases, ...fresh.map((r) => ({ content: r.content, type: r.type, district: r.district, lat: r.lat, lng: r.lng }))]
    const once = async (payload: object) => {
      const res = await app.inject({ method: 'POST', url: '/api/requests/similar', headers: { authorization: `Bearer ${token}` }, payload })
      if (res.statusCode !== 200) throw new Error(`相似诉求接口返回了 ${res.statusCode}：${res.body}`)
      return (JSON.parse(res.body) as { items: unknown[] }).items.length
    }
    for (const body of bodies.slice(0, 50)) await once(body) // warm-up: plans, df cache
    const latencies: number[] = []
    let withItems = 0
    for (const body of bodies) {
      const start = process.hrtime.bigint()
      if ((await once(body)) > 0) withItems++
      latencies.push(Number(process.hrtime.bigint() - start) / 1e6)
    }
    // Indexing a new request as filing does: one request's index rows in its own transaction.
    const fresh2 = generateCorpus({ count: 200, spreadDays: 1, seed: 7 })
    const newIds = await loadHistory(db, fresh2, now, 'N')
    const indexLatencies: number[] = []
    for (const [i, r] of fresh2.entries()) {
      const row: IndexableRequest = {
        id: newIds[i],
        type: r.type,
        category: r.category,
        content: r.content,
        district: r.district,
        lat: r.lat,
        lng: r.lng,
        public: r.public,
        user_id: null,
        filed_at: now,
      }
      const start = process.hrtime.bigint()
      await db.transaction(async (tx) => (await indexRequest(tx, row))())
      indexLatencies.push(Number(process.hrtime.bigint() - start) / 1e6)
    }
    // This process also holds the 100,000 generated rows; the figure is one API node's: a real server/main.ts on
    // this database, answering the same lookups over HTTP (segmenter, dictionaries, df cache, app), then its VmRSS.
    const benchRssMb = process.memoryUsage().rss / 1048576
    await app.close()
    const u = new URL(adminUrl)
    u.pathname = `/${name}`
    const node = await startServer({
      NODE_ENV: 'test',
      DATABASE_URL: u.toString(),
      DATA_KEY: randomBytes(32).toString('base64'),
      JOBS: '0',
      LOG_LEVEL: 'warn',
      H5_DIR: '/nonexistent-onestop-bench',
      RATE_LIMIT_PER_MINUTE: '1000000',
    })
    let nodeRssMb = 0
    try {
      for (const body of bodies) {
        const res = await fetch(`${node.url}/api/requests/similar`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        })
        if (res.status !== 200) throw new Error(`API 节点的相似诉求接口返回了 ${res.status}`)
        await res.arrayBuffer()
      }
      nodeRssMb = Math.max(0, ...(apiProcesses() ?? []).map((p) => p.rssMb))
    } finally {
      await node.stop()
    }
    const sorted = [...latencies].sort((a, b) => a - b)
    const round = (x: number) => Number(x.toFixed(2))
    const indexSorted = [...indexLatencies].sort((a, b) => a - b)
    const p95 = (xs: number[]) => xs[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]
    console.log(
      JSON.stringify({
        name: 'similar lookup (POST /api/requests/similar, inject, sequential)',
        database: 'postgres',
        requests: total,
        postings: Number(postings.rows[0].n),
        insert_s: round(insertMs / 1000),
        index_s: round(indexMs / 1000),
        lookups: latencies.length,
        with_items: withItems,
        ...percentiles(sorted, round),
        target_p95_ms: 20,
        index_new_request_p50_ms: round(indexSorted[Math.floor(indexSorted.length / 2)]),
        index_new_request_p95_ms: round(p95(indexSorted)),
        target_index_p95_ms: 10,
        api_node_rss_mb: round(nodeRssMb),
        target_rss_mb: 400,
        bench_process_rss_mb: round(benchRssMb),
      }),
    )
  } finally {
    // --keep leaves the database for EXPLAIN and re-runs (drop it by hand).
    if (process.argv.includes('--keep')) {
      await db.close()
      console.error(`kept database ${name}`)
    } else await drop()
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error('基准测试失败：', err)
    process.exit(1)
  })
}
