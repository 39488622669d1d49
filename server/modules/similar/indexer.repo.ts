// SQL the similar-request indexer writes: documents, postings, document frequencies and entities, many rows per
// statement (unnest); and the batch of requests the index has not seen yet.
import type { Queryable } from '../../db'
import type { IndexableRequest } from './repo'

/** One prepared document: the request's index columns and its sorted terms. */
export interface NewDoc {
  row: IndexableRequest
  typeGroup: string
  terms: string[]
}

export const indexerRepo = {
  /** Inserts the documents not indexed yet; returns the doc id of each one inserted. */
  async insertDocs(q: Queryable, docs: NewDoc[]): Promise<Map<string, number>> {
    const inserted = await q.query<{ doc_id: number; request_id: string }>(
      `INSERT INTO similar_docs (request_id, type_group, category, district, lat, lng, public, user_id, filed_at, terms)
       SELECT r.id, r.g, r.c, r.d, r.lat, r.lng, r.p, r.u, r.f, string_to_array(r.t, ' ')
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::float8[], $7::bool[], $8::uuid[], $9::timestamptz[], $10::text[])
              AS r(id, g, c, d, lat, lng, p, u, f, t)
       ON CONFLICT (request_id) DO NOTHING
       RETURNING doc_id, request_id`,
      [
        docs.map((p) => p.row.id),
        docs.map((p) => p.typeGroup),
        docs.map((p) => p.row.category),
        docs.map((p) => p.row.district),
        docs.map((p) => p.row.lat),
        docs.map((p) => p.row.lng),
        docs.map((p) => p.row.public),
        docs.map((p) => p.row.user_id),
        docs.map((p) => p.row.filed_at),
        // Terms never contain spaces (terms() splits on them), so one string per row carries the array.
        docs.map((p) => p.terms.join(' ')),
      ],
    )
    return new Map(inserted.rows.map((r) => [r.request_id, r.doc_id]))
  },

  async insertPostings(q: Queryable, p: { terms: string[]; filedAt: Date[]; docIds: number[] }): Promise<void> {
    if (p.terms.length === 0) return
    await q.query('INSERT INTO similar_postings (term, filed_at, doc_id) SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::int[]) ON CONFLICT DO NOTHING', [
      p.terms,
      p.filedAt,
      p.docIds,
    ])
  },

  /** Adds to the document frequencies; pass the terms sorted, so concurrent filings lock common terms in one order. */
  async addDfs(q: Queryable, terms: string[], counts: number[]): Promise<void> {
    await q.query(
      `INSERT INTO similar_terms (term, df) SELECT * FROM unnest($1::text[], $2::int[])
       ON CONFLICT (term) DO UPDATE SET df = similar_terms.df + EXCLUDED.df`,
      [terms, counts],
    )
  },

  async insertEntities(q: Queryable, e: { kinds: string[]; keys: string[]; requestIds: string[]; texts: string[]; filedAt: Date[]; ids: string[] }): Promise<void> {
    if (e.kinds.length === 0) return
    await q.query(
      `INSERT INTO similar_entities (kind, key, request_id, text, filed_at, entity_id)
       SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[], $4::text[], $5::timestamptz[], $6::text[]) ON CONFLICT DO NOTHING`,
      [e.kinds, e.keys, e.requestIds, e.texts, e.filedAt, e.ids],
    )
  },

  /** Up to `batch` requests the index has not seen, oldest first, claimed FOR UPDATE SKIP LOCKED. */
  async claimUnindexed(q: Queryable, batch: number): Promise<IndexableRequest[]> {
    const r = await q.query<IndexableRequest>(
      `SELECT r.id, r.type, r.category, r.content, r.district, r.lat, r.lng, r.public, r.user_id, r.filed_at
         FROM requests r
        WHERE NOT EXISTS (SELECT 1 FROM similar_docs d WHERE d.request_id = r.id)
        ORDER BY r.filed_at
        LIMIT $1
        FOR UPDATE OF r SKIP LOCKED`,
      [batch],
    )
    return r.rows
  },
}
