// Keeping the similar-request index current: one request when it is filed (called inside fileRequest's transaction),
// many at once for bulk loads, and the backfill job that indexes any request the index has not seen yet.
import { createHash } from 'node:crypto'
import type { RequestType } from '@contract/request'
import type { Queryable } from '../../db'
import { typeGroup } from './score'
import { extractEntities, maskEntity, STOP_BIGRAMS, terms } from './text'

/** The columns of a request the index reads. */
export interface IndexableRequest {
  id: string
  type: RequestType
  category: string | null
  content: string
  district: string | null
  lat: number | null
  lng: number | null
  public: boolean
  user_id: string | null
  filed_at: Date
}

/** Terms worth a posting: stop bigrams and single characters only help scoring, never finding candidates. */
export function isPostingTerm(term: string): boolean {
  return !term.startsWith('u:') && !STOP_BIGRAMS.has(term)
}

/** Entity keys of phones and plates are stored hashed: the index is no list of numbers. */
export function entityKey(kind: string, key: string): string {
  return kind === 'phone' || kind === 'plate' ? createHash('sha256').update(`${kind}:${key}`).digest('base64url').slice(0, 32) : key
}

interface Prepared {
  row: IndexableRequest
  terms: string[]
  postings: string[]
  entities: { kind: string; key: string; text: string }[]
}

function prepare(row: IndexableRequest): Prepared {
  const all = [...terms(row.content)].sort()
  return {
    row,
    terms: all,
    postings: all.filter(isPostingTerm),
    entities: extractEntities(row.content).map((e) => ({ kind: e.kind, key: entityKey(e.kind, e.key), text: maskEntity(e) })),
  }
}

/**
 * Indexes requests in one go (multi-row INSERTs over unnest, document frequencies summed first). Requests already
 * indexed are skipped. Use inside the caller's transaction; returns how many were added.
 */
export async function indexRequests(q: Queryable, rows: readonly IndexableRequest[]): Promise<number> {
  if (rows.length === 0) return 0
  const prepared = rows.map(prepare)
  const inserted = await q.query<{ doc_id: number; request_id: string }>(
    `INSERT INTO similar_docs (request_id, type_group, category, district, lat, lng, public, user_id, filed_at, terms)
     SELECT r.id, r.g, r.c, r.d, r.lat, r.lng, r.p, r.u, r.f, string_to_array(r.t, ' ')
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::float8[], $7::bool[], $8::uuid[], $9::timestamptz[], $10::text[])
            AS r(id, g, c, d, lat, lng, p, u, f, t)
     ON CONFLICT (request_id) DO NOTHING
     RETURNING doc_id, request_id`,
    [
      prepared.map((p) => p.row.id),
      prepared.map((p) => typeGroup(p.row.type)),
      prepared.map((p) => p.row.category),
      prepared.map((p) => p.row.district),
      prepared.map((p) => p.row.lat),
      prepared.map((p) => p.row.lng),
      prepared.map((p) => p.row.public),
      prepared.map((p) => p.row.user_id),
      prepared.map((p) => p.row.filed_at),
      // Terms never contain spaces (terms() splits on them), so one string per row carries the array.
      prepared.map((p) => p.terms.join(' ')),
    ],
  )
  if (inserted.rows.length === 0) return 0
  const docOf = new Map(inserted.rows.map((r) => [r.request_id, r.doc_id]))
  const fresh = prepared.filter((p) => docOf.has(p.row.id))

  const pTerm: string[] = []
  const pAt: Date[] = []
  const pDoc: number[] = []
  const df = new Map<string, number>()
  const eKind: string[] = []
  const eKey: string[] = []
  const eReq: string[] = []
  const eText: string[] = []
  const eAt: Date[] = []
  for (const p of fresh) {
    const doc = docOf.get(p.row.id) as number
    for (const t of p.postings) {
      pTerm.push(t)
      pAt.push(p.row.filed_at)
      pDoc.push(doc)
    }
    for (const t of p.terms) df.set(t, (df.get(t) ?? 0) + 1)
    for (const e of p.entities) {
      eKind.push(e.kind)
      eKey.push(e.key)
      eReq.push(p.row.id)
      eText.push(e.text)
      eAt.push(p.row.filed_at)
    }
  }
  if (pTerm.length) {
    await q.query('INSERT INTO similar_postings (term, filed_at, doc_id) SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::int[]) ON CONFLICT DO NOTHING', [pTerm, pAt, pDoc])
  }
  // Sorted, so concurrent filings lock the rows of common terms in the same order (no deadlock).
  const dfTerms = [...df.keys()].sort()
  await q.query(
    `INSERT INTO similar_terms (term, df) SELECT * FROM unnest($1::text[], $2::int[])
     ON CONFLICT (term) DO UPDATE SET df = similar_terms.df + EXCLUDED.df`,
    [dfTerms, dfTerms.map((t) => df.get(t) as number)],
  )
  if (eKind.length) {
    await q.query(
      `INSERT INTO similar_entities (kind, key, request_id, text, filed_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[], $4::text[], $5::timestamptz[]) ON CONFLICT DO NOTHING`,
      [eKind, eKey, eReq, eText, eAt],
    )
  }
  return fresh.length
}

/** The hook fileRequest calls in its transaction once the request row exists. */
export async function indexRequest(q: Queryable, row: IndexableRequest): Promise<void> {
  await indexRequests(q, [row])
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
      const r = await tx.query<IndexableRequest>(
        `SELECT r.id, r.type, r.category, r.content, r.district, r.lat, r.lng, r.public, r.user_id, r.filed_at
           FROM requests r
          WHERE NOT EXISTS (SELECT 1 FROM similar_docs d WHERE d.request_id = r.id)
          ORDER BY r.filed_at
          LIMIT $1
          FOR UPDATE OF r SKIP LOCKED`,
        [batch],
      )
      return { found: r.rows.length, added: await indexRequests(tx, r.rows) }
    })
    total += added.added
    if (added.found < batch) return total
  }
}
