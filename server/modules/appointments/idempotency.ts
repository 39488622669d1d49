// Idempotency-Key for the resident's POSTs: the first answer is stored with a hash of the request; a retry with the
// same key and request gets it again, the key reused for another request is refused.
import { createHash } from 'node:crypto'
import type { Queryable } from '../../db'
import type { Refusals } from './common'
import type { AppointmentsRepo, StoredAnswer } from './repo'

/** A POST's answer: the status and body, replayed as they are for a retried Idempotency-Key. */
export interface PostResult<T> {
  status: number
  body: T
  replayed: boolean
}

export interface IdempotencyInput {
  key: string | undefined
  /** Method, route and body of the request: a reused key with a different request is refused. */
  request: unknown
}

export function requestHash(request: unknown): string {
  return createHash('sha256').update(JSON.stringify(request)).digest('hex')
}

export function createIdempotency(repo: AppointmentsRepo, { refuse }: Refusals) {
  /** The first answer for a retried Idempotency-Key; the key reused for another request is refused. */
  function storedAnswer<T>(stored: StoredAnswer, hash: string): PostResult<T> {
    if (stored.request_hash !== hash) throw refuse('IDEMPOTENCY_KEY_REUSED')
    return { status: stored.status, body: stored.body as T, replayed: true }
  }

  /** Runs `fn` once per (resident, key): a retry with the same key and request answers the stored result. */
  async function once<T>(
    tx: Queryable,
    userId: string,
    idem: IdempotencyInput,
    status: number,
    fn: () => Promise<T>,
    now: Date,
    /** The stored answer when the caller already looked it up (booking reads it with the resident's data). */
    prefetched?: StoredAnswer | null,
  ): Promise<PostResult<T>> {
    if (!idem.key) return { status, body: await fn(), replayed: false }
    const hash = requestHash(idem.request)
    const stored = prefetched !== undefined ? prefetched : await repo.idempotent(userId, idem.key, tx)
    if (stored) return storedAnswer<T>(stored, hash)
    const body = await fn()
    await repo.saveIdempotent(userId, idem.key, hash, status, body, now, tx)
    return { status, body, replayed: false }
  }

  return { storedAnswer, once }
}
