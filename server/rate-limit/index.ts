// Request-rate limits (@fastify/rate-limit): per client address, with a smaller bucket for /api/auth/*.
//
// On PostgreSQL the counters live in the database (rate_limits), so every API node in front of it counts the same
// requests: a client gets N requests a minute in total, whichever nodes answer them. On PGlite (one node by
// construction) they stay in this process's memory, as the plugin's own store keeps them.
import type { errorResponseBuilderContext, FastifyRateLimitOptions, FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit'
import type { FastifyRequest } from 'fastify'
import type { Config } from '../config'
import type { Db } from '../db'
import { AppError } from '../errors'
import type { Jobs } from '../jobs'
import { createRateLimitRepo, type RateLimitRepo } from './repo'

/** Every bucket's window. */
export const RATE_LIMIT_WINDOW_MS = 60_000

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void

/** The most places one statement takes ahead of demand for one key (see databaseStore). */
const MAX_AHEAD = 100

interface Lease {
  /** The next place this node may hand out without asking the database, and the last one (next > last: none left). */
  next: number
  last: number
  /** The window's count as the last statement answered it. */
  counted: number
  /** When the window ends (this node's clock). */
  endsAt: number
}

/**
 * A @fastify/rate-limit store over the shared counters; every route shares the one window per key. `limitOf` answers a
 * key's limit per window.
 *
 * Counting every request with its own statement cost a write per request (the mixed-load bench: one upsert per request,
 * the largest statement count of the run). So a node takes places ahead: while the window's count is under half the
 * limit, the statement that counts the requests waiting adds up to a tenth of the limit (at most MAX_AHEAD) more, and
 * this node hands those places to the key's next requests without asking the database. Places are numbered by the one
 * shared count, and a place beyond the limit is never handed out, so the total accepted across all nodes never exceeds
 * the limit. Near the limit (count ≥ half) each statement counts exactly the requests waiting, so a client spread over
 * several nodes reaches the limit exactly; a client that leaves a node mid-window leaves its unused places behind there
 * and may be refused up to a tenth of the limit early elsewhere.
 *
 * Requests for one key that arrive while its statement is in flight are counted together by the next one (+n), each
 * answered with its own place: one busy client address costs at most one statement in flight per node.
 */
export function databaseStore(repo: RateLimitRepo, limitOf: (key: string) => number): FastifyRateLimitStoreCtor {
  const waiting = new Map<string, { windowMs: number; callbacks: Callback[] }>()
  const inFlight = new Set<string>()
  const leases = new Map<string, Lease>()
  let sweptAt = Date.now()

  /** Answers from this node's places when it has one left in the current window. */
  function takeLocal(key: string, callback: Callback): boolean {
    const lease = leases.get(key)
    const now = Date.now()
    if (!lease || lease.endsAt <= now || lease.next > lease.last) return false
    callback(null, { current: lease.next++, ttl: lease.endsAt - now })
    return true
  }

  function sweep(now: number): void {
    if (now - sweptAt < RATE_LIMIT_WINDOW_MS) return
    sweptAt = now
    for (const [key, lease] of leases) if (lease.endsAt <= now) leases.delete(key)
  }

  function flush(key: string): void {
    const batch = waiting.get(key)
    if (!batch) return
    waiting.delete(key)
    // Places taken ahead by the statement before may answer some of those that waited for it.
    const callbacks = batch.callbacks.filter((cb) => !takeLocal(key, cb))
    if (!callbacks.length) return
    inFlight.add(key)
    const n = callbacks.length
    const now = Date.now()
    const limit = limitOf(key)
    const known = leases.get(key)
    const ahead = Math.min(MAX_AHEAD, Math.floor(limit / 10))
    const extra = known && known.endsAt > now && known.counted + n + ahead <= limit / 2 ? ahead : 0
    repo
      .hit(key, batch.windowMs, n + extra)
      .then(
        (r) => {
          const first = r.hits - n - extra + 1
          leases.set(key, { next: first + n, last: Math.min(r.hits, limit), counted: r.hits, endsAt: Date.now() + r.ttl })
          callbacks.forEach((cb, i) => cb(null, { current: first + i, ttl: r.ttl }))
        },
        (err: unknown) => callbacks.forEach((cb) => cb(err as Error)),
      )
      .finally(() => {
        inFlight.delete(key)
        sweep(Date.now())
        flush(key)
      })
      .catch(() => undefined)
  }

  class DatabaseStore implements FastifyRateLimitStore {
    incr(key: string, callback: Callback, timeWindow: number): void {
      if (!waiting.has(key) && takeLocal(key, callback)) return
      const batch = waiting.get(key)
      if (batch) batch.callbacks.push(callback)
      else waiting.set(key, { windowMs: timeWindow, callbacks: [callback] })
      if (!inFlight.has(key)) flush(key)
    }

    /** The plugin's `{ increment: false }` reads through this. */
    read(key: string, callback: Callback, timeWindow: number): void {
      repo.peek(key, timeWindow).then(
        (r) => callback(null, { current: r.hits, ttl: r.ttl }),
        (err: unknown) => callback(err as Error),
      )
    }

    child(): FastifyRateLimitStore {
      return this
    }
  }
  return DatabaseStore
}

/** The plugin's options for this app: where counts are kept, the two buckets, and the 429 answer in Chinese. */
export function rateLimitOptions(config: Config, db: Db, jobs: Jobs): FastifyRateLimitOptions {
  // Per client address (request.ip: X-Forwarded-For only when TRUST_PROXY is set); /api/auth/* has its own, smaller bucket.
  const isAuth = (url: string) => url.startsWith('/api/auth/')
  const AUTH_PREFIX = 'auth:'
  const options: FastifyRateLimitOptions = {
    global: true,
    timeWindow: RATE_LIMIT_WINDOW_MS,
    max: (request: FastifyRequest) => (isAuth(request.url) ? config.rateLimit.authPerMinute : config.rateLimit.perMinute),
    keyGenerator: (request: FastifyRequest) => (isAuth(request.url) ? `${AUTH_PREFIX}${request.ip}` : request.ip),
    errorResponseBuilder: (_request: FastifyRequest, context: errorResponseBuilderContext) =>
      new AppError(429, 'RATE_LIMITED', `请求过于频繁，请 ${Math.max(1, Math.ceil(context.ttl / 1000))} 秒后再试`),
  }
  if (db.kind !== 'postgres') return options
  const repo = createRateLimitRepo(db)
  jobs.register('rate-limits.sweep', RATE_LIMIT_WINDOW_MS, () => repo.sweep(RATE_LIMIT_WINDOW_MS))
  // A database that cannot count a request cannot answer it either: let the request through to fail (or not) on its own.
  const limitOf = (key: string) => (key.startsWith(AUTH_PREFIX) ? config.rateLimit.authPerMinute : config.rateLimit.perMinute)
  return { ...options, store: databaseStore(repo, limitOf), skipOnError: true }
}
