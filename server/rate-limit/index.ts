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

/**
 * A @fastify/rate-limit store over the shared counters; every route shares the one window per key. Requests for one key
 * that arrive on this node while its statement is in flight are counted together by the next one (+n), each answered
 * with its own place in the count: totals stay exact across nodes, and one busy client address costs at most one
 * statement in flight per node instead of a queue of updates on one row.
 */
export function databaseStore(repo: RateLimitRepo): FastifyRateLimitStoreCtor {
  const waiting = new Map<string, { windowMs: number; callbacks: Callback[] }>()
  const inFlight = new Set<string>()

  function flush(key: string): void {
    const batch = waiting.get(key)
    if (!batch) return
    waiting.delete(key)
    inFlight.add(key)
    const n = batch.callbacks.length
    repo
      .hit(key, batch.windowMs, n)
      .then(
        (r) => batch.callbacks.forEach((cb, i) => cb(null, { current: r.hits - n + 1 + i, ttl: r.ttl })),
        (err: unknown) => batch.callbacks.forEach((cb) => cb(err as Error)),
      )
      .finally(() => {
        inFlight.delete(key)
        flush(key)
      })
      .catch(() => undefined)
  }

  class DatabaseStore implements FastifyRateLimitStore {
    incr(key: string, callback: Callback, timeWindow: number): void {
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
  const options: FastifyRateLimitOptions = {
    global: true,
    timeWindow: RATE_LIMIT_WINDOW_MS,
    max: (request: FastifyRequest) => (isAuth(request.url) ? config.rateLimit.authPerMinute : config.rateLimit.perMinute),
    keyGenerator: (request: FastifyRequest) => (isAuth(request.url) ? `auth:${request.ip}` : request.ip),
    errorResponseBuilder: (_request: FastifyRequest, context: errorResponseBuilderContext) =>
      new AppError(429, 'RATE_LIMITED', `请求过于频繁，请 ${Math.max(1, Math.ceil(context.ttl / 1000))} 秒后再试`),
  }
  if (db.kind !== 'postgres') return options
  const repo = createRateLimitRepo(db)
  jobs.register('rate-limits.sweep', RATE_LIMIT_WINDOW_MS, () => repo.sweep(RATE_LIMIT_WINDOW_MS))
  // A database that cannot count a request cannot answer it either: let the request through to fail (or not) on its own.
  return { ...options, store: databaseStore(repo), skipOnError: true }
}
