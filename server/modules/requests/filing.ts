// Filing a request — the one entry for the app, Open311 and the hotline's call-taking: the request row, its first
// update row, the similar-request index, and the photos, in one transaction, idempotent per caller and key.
import { createHash, randomUUID } from 'node:crypto'
import type { FiledRequest, FileRequestBody } from '@contract/request'
import { shanghaiDate } from '@domain/calendar'
import { isCategory, suggestCategory } from '@domain/request-categories'
import { deadlinesFor, formatRequestNumber, validateRequestInput } from '@domain/workorder'
import { AppError } from '../../errors'
import { indexRequest } from '../similar/indexer'
import type { Queryable } from '../../db'
import { deadlineRules, type RequestsContext } from './context'
import { filed } from './dto'
import { requestsRepo as repo } from './repo'

/**
 * Who files: a signed-in resident, or a partner system on behalf of someone without an account — Open311 clients
 * (source 'open311', the default) or the hotline's own call-taking (source 'hotline').
 */
export type FilingActor = { kind: 'resident'; userId: string } | { kind: 'partner'; partnerId: string; source?: 'open311' | 'hotline' }

/** City prefix of request numbers (GZ2026112400001). */
export const NUMBER_PREFIX = 'GZ'

/** The number a request row carries inside its filing transaction, until the day's number is taken (never committed). */
const PROVISIONAL = 'filing:'

export const photoInvalid = () => new AppError(400, 'PHOTO_INVALID', '照片无效或已被使用，请重新上传')

/** JSON with sorted keys and no undefined members: the same body always hashes the same. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

/** Thrown inside the filing transaction when a concurrent retry won the idempotency key: roll back, answer with the winner. */
class IdempotentReplay extends Error {}

/**
 * Files a request. With an idempotency key, a repeat (even a concurrent one) returns the first request
 * (`replayed: true`); the same key with a different body → 422.
 */
export async function fileRequest(
  ctx: RequestsContext,
  input: FileRequestBody,
  actor: FilingActor,
  idempotencyKey: string | null,
): Promise<{ request: FiledRequest; replayed: boolean }> {
  const { db, crypto } = ctx
  const source = actor.kind === 'resident' ? 'app' : (actor.source ?? 'open311')
  const scope = actor.kind === 'resident' ? `user:${actor.userId}` : `${source}:${actor.partnerId}`
  const hash = createHash('sha256').update(stableJson(input)).digest('hex')

  const replay = async (): Promise<{ request: FiledRequest; replayed: boolean } | null> => {
    if (!idempotencyKey) return null
    const existing = await repo.byIdempotency(db, scope, idempotencyKey)
    if (!existing) return null
    if (existing.idempotency_hash !== hash) {
      throw new AppError(422, 'IDEMPOTENCY_KEY_REUSED', '该幂等键已用于另一条不同的诉求，请为新的诉求使用新的幂等键')
    }
    return { request: filed(existing), replayed: true }
  }
  const first = await replay()
  if (first) return first

  const valid = validateRequestInput(input)
  if (!valid.ok) throw new AppError(400, 'INVALID_REQUEST', valid.message)
  if (input.category !== undefined && !isCategory(input.category)) {
    throw new AppError(400, 'INVALID_REQUEST', '诉求分类不存在，请重新选择')
  }
  const content = input.content.trim()
  const category = input.category ?? suggestCategory(content)?.code ?? null
  const now = ctx.clock()
  const deadlines = deadlinesFor(input.type, now, deadlineRules(ctx))

  let addDfs: ((through?: Queryable) => Promise<void>) | null = null
  try {
    const result = await db.transaction(async (tx) => {
      let phone = input.contactPhone ?? null
      if (!phone && actor.kind === 'resident') {
        const sealed = await repo.userPhoneSealed(tx, actor.userId)
        if (sealed) phone = crypto.open('users.phone', sealed)
      }
      const loc = input.location
      // The row goes in under a provisional number; the day's number is taken last (below): the counter is a row every
      // filing writes, and each filing holds its lock from that write to its commit, so it comes last and concurrent
      // filings queue for one round trip, not for all of this. The similar index's shared word counts (the same rows
      // for every filing with common words) are added after the commit, in a statement of their own (below).
      const row = await repo.insert(tx, {
        number: `${PROVISIONAL}${randomUUID()}`,
        user_id: actor.kind === 'resident' ? actor.userId : null,
        source,
        idempotency_scope: idempotencyKey ? scope : null,
        idempotency_key: idempotencyKey,
        idempotency_hash: idempotencyKey ? hash : null,
        type: input.type,
        category,
        content,
        lat: loc?.lat ?? null,
        lng: loc?.lng ?? null,
        address: loc?.address ?? null,
        district: loc?.district ?? null,
        street: loc?.street ?? null,
        contact_phone_enc: phone ? crypto.seal('requests.contact_phone', phone) : null,
        contact_name_enc: input.contactName ? crypto.seal('requests.contact_name', input.contactName.trim()) : null,
        anonymous: input.anonymous ?? false,
        public: input.public ?? false,
        filed_at: now,
        dispatch_deadline: deadlines.dispatchDeadline,
        deadline: deadlines.deadline,
        warn_at: deadlines.warnAt,
      })
      if (!row) throw new IdempotentReplay()
      // Similar-request index (server/modules/similar): terms, entities, place — in the same transaction.
      addDfs = await indexRequest(tx, row)
      await repo.insertUpdate(tx, {
        requestId: row.id,
        action: 'file',
        fromStatus: null,
        toStatus: 'submitted',
        actorKind: actor.kind,
        actorRole: actor.kind === 'resident' ? 'resident' : 'partner',
        actorDepartmentCode: null,
        actorStaffId: null,
        note: null,
        data: {},
        visible: true,
        at: now,
      })
      if (input.photos?.length) {
        if (actor.kind !== 'resident' || !(await repo.attachPhotos(tx, input.photos, { userId: actor.userId }, row.id, null))) throw photoInvalid()
      }
      const day = shanghaiDate(now)
      const seq = await repo.nextSequence(tx, day.replace(/-/g, ''))
      const number = formatRequestNumber(NUMBER_PREFIX, day, seq)
      await repo.setNumber(tx, row.id, number)
      return { request: filed({ ...row, number }), replayed: false }
    })
    // The document frequencies of the request's words: a statistic of the similar index (its IDF weights), written
    // after the filing committed so that no filing waits for another's commit on these shared rows. A failure here
    // leaves the counts of this one request's words short by one (logged); the request itself is filed.
    const dfs = addDfs as ((through?: Queryable) => Promise<void>) | null
    if (dfs) await dfs(db).catch((err: unknown) => ctx.log?.warn({ err }, 'similar-index word counts not updated after a filing'))
    return result
  } catch (err) {
    if (err instanceof IdempotentReplay) {
      const again = await replay()
      if (again) return again
    }
    throw err
  }
}
