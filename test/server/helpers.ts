// Test helpers for the server project: the databases each suite runs on, a quiet test config, and HTTP on loopback.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { buildApp, type App } from '../../server/app'
import { loadConfig, type Config } from '../../server/config'
import { openDatabase, type Db, type DbKind } from '../../server/db'
import { migrate } from '../../server/db/migrate'
import { seedReference } from '../../server/db/seed'

export interface TestDatabase {
  name: DbKind
  /** A new, empty database; its close() also removes it (PostgreSQL: DROP DATABASE). */
  open(): Promise<Db>
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url)
  u.pathname = `/${database}`
  return u.toString()
}

async function admin<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

/** PGlite in memory always; PostgreSQL too when DATABASE_URL is set (a throwaway onestop_test_* database per open()). */
export function databases(): TestDatabase[] {
  const list: TestDatabase[] = [{ name: 'pglite', open: () => openDatabase({}) }]
  const adminUrl = process.env.DATABASE_URL
  if (adminUrl) {
    list.push({
      name: 'postgres',
      async open() {
        const name = `onestop_test_${randomBytes(6).toString('hex')}`
        await admin(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`))
        const db = await openDatabase({ databaseUrl: withDatabase(adminUrl, name), poolSize: 5 })
        let dropped = false
        return {
          ...db,
          kind: db.kind,
          async close() {
            await db.close()
            if (dropped) return
            dropped = true
            await admin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))
          },
        }
      },
    })
  }
  return list
}

/** Empties a database completely (tables, sequences, migration records) so a suite can reuse one instance. */
export async function resetDatabase(db: Db): Promise<void> {
  await db.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;')
}

/** Migrated and seeded: what main.ts prepares before buildApp. */
export async function prepareDatabase(db: Db): Promise<Db> {
  await migrate(db)
  await seedReference(db)
  return db
}

/**
 * A migrated, seeded database and the app on it, for one describe block: registers its beforeAll / afterAll and
 * returns the object they fill (read `.db` and `.app` inside tests).
 */
export function useServedApp(open: () => Promise<Db>): { db: Db; app: Served } {
  const served = {} as { db: Db; app: Served }
  beforeAll(async () => {
    served.db = await prepareDatabase(await open())
    served.app = await inject(await buildApp({ config: testConfig(), db: served.db, logger: false }))
  }, 60_000)
  afterAll(async () => {
    await served.app?.close()
    await served.db?.close()
  })
  return served
}

/**
 * One database for a describe block, emptied before each test (and migrated, unless `migrated` is false): registers
 * its hooks and returns the object they fill (read `.db` inside tests).
 */
export function useFreshDatabase(open: () => Promise<Db>, { migrated = true } = {}): { db: Db } {
  const fresh = {} as { db: Db }
  beforeAll(async () => {
    fresh.db = await open()
  })
  afterAll(async () => {
    await fresh.db?.close()
  })
  beforeEach(async () => {
    await resetDatabase(fresh.db)
    if (migrated) await migrate(fresh.db)
  })
  return fresh
}

export { bulkResidents } from '../support/bulk-residents'

const tempDirs: string[] = []
// Registered when a test file imports this module, so it runs after that file's tests.
afterAll(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** A fresh temporary directory, removed after the test file (may be called inside a test). */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `onestop-${prefix}-`))
  tempDirs.push(dir)
  return dir
}

/** A directory that does not exist: tests do not pick up a real dist/h5 build by accident. */
export const NO_H5_DIR = path.join(os.tmpdir(), 'onestop-no-h5-here')

/**
 * Config for buildApp in tests: silent, no H5 unless given, a data dir that buildApp never touches (a fresh
 * DATA_KEY is given, so no key file is written), and rate limits high enough not to get in the way.
 */
export function testConfig(env: Record<string, string> = {}): Config {
  const dataDir = path.join(os.tmpdir(), `onestop-test-${randomBytes(4).toString('hex')}`)
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    H5_DIR: NO_H5_DIR,
    DATA_KEY: randomBytes(32).toString('base64'),
    RATE_LIMIT_PER_MINUTE: '100000',
    AUTH_RATE_LIMIT_PER_MINUTE: '100000',
    SMS_PER_IP_PER_HOUR: '100000',
    ...env,
  })
}

export interface HttpResponse {
  statusCode: number
  headers: http.IncomingHttpHeaders
  body: string
  json<T = unknown>(): T
}

export interface HttpRequest {
  method?: string
  /** Path and query, e.g. '/api/health'. */
  url: string
  headers?: Record<string, string>
  /** An object is sent as JSON; a string or Buffer as is. */
  payload?: unknown
}

export interface Served {
  url: string
  request(req: HttpRequest | string): Promise<HttpResponse>
  close(): Promise<void>
}

/**
 * Fastify's `app.inject` (light-my-request: no socket) behind the same interface as `serve`, for suites
 * that do not need a real connection. package.json pins light-my-request to 6.6.0, whose `cookie` 1.x is
 * CommonJS; 6.7+ needs the ESM-only `cookie` 2, which jest's CommonJS loader refuses (and Node 22).
 */
export async function inject(app: App): Promise<Served> {
  await app.ready()
  return {
    url: 'inject://',
    async request(input) {
      const req = typeof input === 'string' ? { url: input } : input
      const res = await app.inject({
        method: (req.method ?? 'GET') as 'GET',
        url: req.url,
        headers: req.headers,
        payload: req.payload as string | Buffer | object | undefined,
      })
      return { statusCode: res.statusCode, headers: res.headers as http.IncomingHttpHeaders, body: res.body, json: <T>() => JSON.parse(res.body) as T }
    },
    close: () => app.close(),
  }
}

/** Listens on an ephemeral loopback port and talks real HTTP to it (proxies, body limits, static files). */
export async function serve(app: App): Promise<Served> {
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  const url = `http://127.0.0.1:${port}`
  return {
    url,
    request(input) {
      const req = typeof input === 'string' ? { url: input } : input
      const headers: Record<string, string> = { ...req.headers }
      let body: Buffer | undefined
      if (req.payload !== undefined) {
        if (typeof req.payload === 'string' || Buffer.isBuffer(req.payload)) {
          body = Buffer.from(req.payload)
        } else {
          body = Buffer.from(JSON.stringify(req.payload))
          headers['content-type'] ??= 'application/json'
        }
        headers['content-length'] ??= String(body.length)
      }
      return new Promise<HttpResponse>((resolve, reject) => {
        const r = http.request(
          { host: '127.0.0.1', port, path: req.url, method: req.method ?? 'GET', headers, agent: false },
          (res) => {
            const chunks: Buffer[] = []
            res.on('data', (c: Buffer) => chunks.push(c))
            res.on('error', reject)
            res.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8')
              resolve({
                statusCode: res.statusCode ?? 0,
                headers: res.headers,
                body: text,
                json: <T>() => JSON.parse(text) as T,
              })
            })
          },
        )
        r.on('error', reject)
        r.end(body)
      })
    },
    close: () => app.close(),
  }
}
