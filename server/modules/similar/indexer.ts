// Keeping the similar-request index current: one request when it is filed (called inside fileRequest's transaction),
// many at once for bulk loads, and the backfill job that indexes any request the index has not seen yet.
import { createHash } from 'node:crypto'
import type { Queryable } from '../../db'
import { indexerRepo } from './indexer.repo'
import type { IndexableRequest } from './repo'
import { typeGroup } from './score'
import { extractEntities, maskEntity, STOP_WORDS, terms } from './text'

export type { IndexableRequest } from './repo'

/** Terms worth a posting: stop words, single characters and character bigrams only help scoring, never finding candidates. */
export function isPostingTerm(term: string): boolean {
  return !term.startsWith('u:') && !term.startsWith('b:') && !STOP_WORDS.has(term)
}

/** Entity keys of phones and plates are stored hashed: the index is no list of numbers. */
export function entityKey(kind: string, key: string): string {
  return kind === 'phone' || kind === 'plate' ? createHash('sha256').update(`${kind}:${key}`).digest('base64url').slice(0, 32) : key
}

/** The stable id of an entity (kind + stored key): what GET /api/staff/entities/:id takes. */
export function entityId(kind: string, storedKey: string): string {
  return createHash('sha256').update(`${kind}\u0000${storedKey}`).digest('base64url').slice(0, 22)
}

interface Prepared {
  row: IndexableRequest
  terms: string[]
  postings: string[]
  entities: { kind: string; key: string; text: string; id: string }[]
}

function prepare(row: IndexableRequest): Prepared {
  const all = [...terms(row.content)].sort()
  return {
    row,
    terms: all,
    postings: all.filter(isPostingTerm),
    entities: extractEntities(row.content).map((e) => {
      const key = entityKey(e.kind, e.key)
      return { kind: e.kind, key, text: maskEntity(e), id: entityId(e.kind, key) }
    }),
  }
}

/**
 * Indexes requests in one go (multi-row INSERTs over unnest, document frequencies summed first). Requests already
 * indexed are skipped. Use inside the caller's transaction; returns how many were added.
 */
export async function indexRequests(q: Queryable, rows: readonly IndexableRequest[]): Promise<number> {
  const { added, addDfs } = await indexRequestsBut(q, rows)
  await addDfs()
  return added
}

/**
 * indexRequests without the document frequencies, which it answers as `addDfs` for the caller to write when it chooses
 * (by default through `q`): they are upserts of rows every filing shares (common words), so whoever writes them holds
 * those rows' locks until its commit.
 */
export async function indexRequestsBut(
  q: Queryable,
  rows: readonly IndexableRequest[],
): Promise<{ added: number; addDfs: (through?: Queryable) => Promise<void> }> {
  const none = { added: 0, addDfs: async () => undefined }
  if (rows.length === 0) return none
  const prepared = rows.map(prepare)
  const docOf = await indexerRepo.insertDocs(
    q,
    prepared.map((p) => ({ row: p.row, typeGroup: typeGroup(p.row.type), terms: p.terms })),
  )
  if (docOf.size === 0) return none
  const fresh = prepared.filter((p) => docOf.has(p.row.id))

  const postings = { terms: [] as string[], filedAt: [] as Date[], docIds: [] as number[] }
  const df = new Map<string, number>()
  const entities = { kinds: [] as string[], keys: [] as string[], requestIds: [] as string[], texts: [] as string[], filedAt: [] as Date[], ids: [] as string[] }
  for (const p of fresh) {
    const doc = docOf.get(p.row.id) as number
    for (const t of p.postings) {
      postings.terms.push(t)
      postings.filedAt.push(p.row.filed_at)
      postings.docIds.push(doc)
    }
    for (const t of p.terms) df.set(t, (df.get(t) ?? 0) + 1)
    for (const e of p.entities) {
      entities.kinds.push(e.kind)
      entities.keys.push(e.key)
      entities.requestIds.push(p.row.id)
      entities.texts.push(e.text)
      entities.filedAt.push(p.row.filed_at)
      entities.ids.push(e.id)
    }
  }
  await indexerRepo.insertPostings(q, postings)
  await indexerRepo.insertEntities(q, entities)
  // Sorted, so concurrent filings lock the rows of common terms in the same order (no deadlock).
  const dfTerms = [...df.keys()].sort()
  return {
    added: fresh.length,
    addDfs: (through: Queryable = q) =>
      indexerRepo.addDfs(
        through,
        dfTerms,
        dfTerms.map((t) => df.get(t) as number),
      ),
  }
}

/**
 * The hook fileRequest calls in its transaction once the request row exists; it answers the document-frequency write
 * for the caller to run after its commit (see indexRequestsBut and fileRequest).
 */
export async function indexRequest(q: Queryable, row: IndexableRequest): Promise<(through?: Queryable) => Promise<void>> {
  return (await indexRequestsBut(q, [row])).addDfs
}

export const BACKFILL_JOB = 'similar.backfill'
export const BACKFILL_EVERY_MS = 60_000
const BACKFILL_BATCH = 500

/**
 * Indexes requests the index has not seen (filed before migration 007, or loaded by other means), a batch at a time.
 * Safe on several nodes: each claims its batch with FOR UPDATE SKIP LOCKED, and ON CONFLICT skips what another added.
 */
export async function backfill(db: { transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> }, batch = BACKFILL_BATCH): Promise<number> {
  let total = 0
  for (;;) {
    const added = await db.transaction(async (tx) => {
      const claimed = await indexerRepo.claimUnindexed(tx, batch)
      return { found: claimed.length, added: await indexRequests(tx, claimed) }
    })
    total += added.added
    if (added.found < batch) return total
  }
}
