// Support for two-nodes.test.ts: a throwaway PostgreSQL database, two real server processes on it, and plain HTTP
// to either node with a client address of the test's choosing (the nodes trust one proxy hop).
import { randomBytes } from 'node:crypto'
import { openDatabase, type Db } from '../../server/db'
import { startServer, type RunningServer } from '../support/server-process'
import { throwawayPostgres } from './throwaway-postgres'

export interface Answer {
  status: number
  body: unknown
  json<T>(): T
}

export interface Node {
  name: 'A' | 'B'
  server: RunningServer
  /** One request; `ip` becomes X-Forwarded-For, i.e. the client address the node counts. */
  request(ip: string, method: string, url: string, options?: { token?: string; body?: unknown }): Promise<Answer>
}

function node(name: 'A' | 'B', server: RunningServer): Node {
  return {
    name,
    server,
    async request(ip, method, url, options = {}) {
      const headers: Record<string, string> = { 'x-forwarded-for': ip }
      if (options.token) headers.authorization = `Bearer ${options.token}`
      if (options.body !== undefined) headers['content-type'] = 'application/json'
      const res = await fetch(server.url + url, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      })
      const text = await res.text()
      let body: unknown = text
      try {
        body = JSON.parse(text)
      } catch {
        // Not JSON: kept as text.
      }
      return { status: res.status, body, json: <T>() => body as T }
    },
  }
}

export interface Cluster {
  db: Db
  nodes: [Node, Node]
  /** Milliseconds from the first start until both answered /api/health. */
  startMs: number
  stop(): Promise<void>
}

/**
 * A fresh database on the PostgreSQL of `adminUrl` and two `tsx server/main.ts` processes started on it at the same
 * time (both migrate and load the catalog at once), with jobs on, one data key, one trusted proxy hop.
 */
export async function startCluster(adminUrl: string, env: Record<string, string>): Promise<Cluster> {
  const database = await throwawayPostgres(adminUrl)
  const shared = {
    DATABASE_URL: database.url,
    DATA_KEY: randomBytes(32).toString('base64'),
    JOBS: '1',
    TRUST_PROXY: '1',
    LOG_LEVEL: 'warn',
    ...env,
  }
  const started = Date.now()
  const results = await Promise.allSettled([startServer(shared), startServer(shared)])
  const startMs = Date.now() - started
  const servers = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))
  const dropDatabase = database.drop
  if (servers.length < 2) {
    await Promise.all(servers.map((s) => s.stop()))
    await dropDatabase()
    throw new Error(`a node did not start: ${results.map((r) => (r.status === 'rejected' ? String(r.reason) : '')).join('\n')}`)
  }
  const db = await openDatabase({ databaseUrl: database.url, poolSize: 4 })
  return {
    db,
    nodes: [node('A', servers[0]), node('B', servers[1])],
    startMs,
    async stop() {
      await Promise.all(servers.map((s) => s.stop()))
      await db.close()
      await dropDatabase()
    },
  }
}

export { bulkResidents } from './helpers'

/** A client address of its own for each call (so that only the rate-limit case meets the limit). */
let ipCounter = 0
export function freshIp(): string {
  ipCounter++
  return `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Polls `fn` every `everyMs` until it answers true; answers the milliseconds it took, or throws after `timeoutMs`. */
export async function waitFor(fn: () => Promise<boolean>, timeoutMs: number, everyMs = 100): Promise<number> {
  const started = Date.now()
  for (;;) {
    if (await fn()) return Date.now() - started
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`)
    await sleep(everyMs)
  }
}
