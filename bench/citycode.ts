// City-code benchmark: offline verifications per second on one core (the domain verifier, Ed25519 via node:crypto),
// and online POST /api/citycode/verify at 64 concurrent clients (autocannon in a separate process, every request a
// fresh code so none is refused as a replay) on PGlite and, with DATABASE_URL, PostgreSQL. One JSON line per case.
// Usage: npx tsx bench/citycode.ts
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { buildApp } from '../server/app'
import { createApiKey } from '../server/auth/api-keys'
import { loadConfig } from '../server/config'
import { migrate } from '../server/db/migrate'
import { seedReference } from '../server/db/seed'
import { createVerifier, keyId, rawPublicKey, signCode } from '../server/modules/citycode/codec'
import { autocannonLatencies, databaseKinds, isClient, loadAverage, openBenchDb, percentiles, runChild, serveChild, type AutocannonResult, type DbKind } from './lib'

const CONNECTIONS = 64
const ONLINE_CODES = Number(process.env.CITYCODE_BENCH_CODES ?? 12_000)
const RESIDENTS = 500

/** Offline: 2,000 distinct codes verified round-robin for ~3 s on this one thread. */
function offline(): Record<string, unknown> {
  const { privateKey } = generateKeyPairSync('ed25519')
  const raw = rawPublicKey(privateKey)
  const kid = keyId(raw)
  const t = Math.floor(Date.now() / 1000)
  const codes = Array.from({ length: 2000 }, () =>
    signCode({ kind: 'rotating', scene: 'transit', kid, sub: randomBytes(12).toString('base64url'), iat: t, exp: t + 60, jti: randomBytes(8).toString('hex') }, privateKey),
  )
  const verifier = createVerifier([{ kid, publicKey: raw.toString('base64url') }])
  const now = new Date()
  for (let i = 0; i < 2000; i++) verifier.verify(codes[i], 'transit', now) // warm-up
  let n = 0
  let refused = 0
  const start = process.hrtime.bigint()
  const cpu = process.cpuUsage()
  let elapsed = 0
  while (elapsed < 3000) {
    for (let i = 0; i < 500; i++) if (!verifier.verify(codes[n++ % codes.length], 'transit', now).ok) refused++
    elapsed = Number(process.hrtime.bigint() - start) / 1e6
  }
  const used = process.cpuUsage(cpu)
  const cpuSeconds = (used.user + used.system) / 1e6
  // per_cpu_second: what one core does when it is not shared (the machine running the bench may be busy).
  return {
    name: 'citycode offline verify (one core)',
    verifications: n,
    per_second: Math.round(n / (elapsed / 1000)),
    per_cpu_second: Math.round(n / cpuSeconds),
    refused,
    load_average: loadAverage(),
    target_per_second: 5000,
  }
}

interface ClientJob {
  url: string
  key: string
  bodies: string[]
}

const runClient = (url: string, key: string, bodies: string[]) => runChild<ClientJob, AutocannonResult>(__filename, { url, key, bodies })

function clientMain(): void {
  serveChild((msg: ClientJob) => {
    let i = 0
    return autocannonLatencies(
      {
        url: msg.url,
        connections: CONNECTIONS,
        amount: msg.bodies.length,
        requests: [
          {
            method: 'POST',
            path: '/api/citycode/verify',
            headers: { 'content-type': 'application/json', 'x-api-key': msg.key },
            setupRequest: (req) => ({ ...req, body: msg.bodies[i++ % msg.bodies.length] }),
          },
        ],
      },
      (statusCode) => statusCode === 200,
    )
  })
}

async function online(kind: DbKind): Promise<Record<string, unknown>> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'onestop-bench-citycode-'))
  const { db, drop } = await openBenchDb(kind)
  try {
    await migrate(db)
    await seedReference(db)
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATA_DIR: dataDir,
      H5_DIR: '/nonexistent-onestop-bench',
      DATA_KEY: randomBytes(32).toString('base64'),
      RATE_LIMIT_PER_MINUTE: '1000000',
    })
    const app = await buildApp({ config, db, logger: false })
    await app.listen({ port: 0, host: '127.0.0.1' })
    try {
      const users: string[] = []
      for (let i = 0; i < RESIDENTS; i++) {
        const r = await db.query<{ id: string }>('INSERT INTO users (created_at, level, id_number_hmac) VALUES (now(), 2, $1) RETURNING id', [randomBytes(16).toString('hex')])
        users.push(r.rows[0].id)
      }
      const { key } = await createApiKey(db, '公交闸机（压测）', 'citycode:transit')
      const bodies: string[] = []
      for (let i = 0; i < ONLINE_CODES; i++) {
        const c = await app.citycode.service.currentCode(users[i % users.length], 'transit')
        bodies.push(JSON.stringify({ code: c.code, scene: 'transit' }))
      }
      const { port } = app.server.address() as AddressInfo
      const r = await runClient(`http://127.0.0.1:${port}`, key, bodies)
      const accepted = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM citycode_uses WHERE ok')
      const sorted = [...r.latencies].sort((a, b) => a - b)
      return {
        name: `citycode online verify (${kind}, ${CONNECTIONS} connections)`,
        requests: r.latencies.length,
        accepted: accepted.rows[0].n,
        non2xx: r.non2xx,
        errors: r.errors,
        rps: Math.round(r.latencies.length / (r.wallMs / 1000)),
        // An empty run reports 0 rather than null.
        ...percentiles(sorted, (x) => (Number.isNaN(x) ? 0 : x)),
      }
    } finally {
      await app.close()
    }
  } finally {
    await drop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

export async function main(): Promise<void> {
  console.log(JSON.stringify(offline()))
  for (const kind of databaseKinds('all')) console.log(JSON.stringify(await online(kind)))
}

if (isClient()) clientMain()
else if (require.main === module) {
  main().catch((err: unknown) => {
    console.error('城市码基准测试失败：', err)
    process.exit(1)
  })
}
