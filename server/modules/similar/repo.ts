// SQL the similar-request views read: index size and document frequencies, the candidate lookup over the postings,
// the requests shown, entities and their other requests, and the rows of hotspots. The indexer's writes are in
// indexer.repo.ts.
import type { RequestStatus, RequestType } from '@contract/request'
import type { Queryable } from '../../db'

/** The candidate query: the chosen terms with their weights, the time window and the narrowing. */
export interface CandidateQuery {
  terms: string[]
  weights: number[]
  from: Date
  to: Date
  typeGroup: string | null
  district: string | null
  box: { minLat: number; maxLat: number; minLng: number; maxLng: number } | null
  /** Residents see public requests and their own. */
  visibleTo: string | null
  excludeRequestId: string | null
  /** The best partial sums read from the postings before narrowing joins the documents (keeps the join small). */
  preselect: number
  limit: number
}

export interface CandidateRow {
  doc_id: number
  request_id: string
  category: string | null
  lat: number | null
  lng: number | null
  terms: string[]
}

/** A request as the views show it. */
export interface RequestInfo {
  id: string
  number: string
  content: string
  status: RequestStatus
  category: string | null
  department_code: string | null
  department_name: string | null
  filed_at: Date
  user_id: string | null
  lat: number | null
  lng: number | null
}

export interface EntityRow {
  kind: 'company' | 'address' | 'phone' | 'plate'
  key: string
  text: string
  entity_id: string
}

export interface EntityHitRow {
  kind: string
  key: string
  request_id: string
  number: string
  status: RequestStatus
  filed_at: Date
  department_code: string | null
  department_name: string | null
}

export interface HotspotRow {
  request_id: string
  lat: number
  lng: number
  filed_at: Date
  number: string
  status: RequestStatus
}

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

/** The request the dispatcher's related panel is about. */
export type OwnRow = Omit<IndexableRequest, 'public' | 'user_id'>

export const similarRepo = {
  /** The index size: the largest doc_id (doc ids only grow). */
  async maxDocId(q: Queryable): Promise<number> {
    const r = await q.query<{ n: number | null }>('SELECT max(doc_id) AS n FROM similar_docs')
    return Number(r.rows[0]?.n ?? 0)
  },

  /** Document frequencies of these terms (terms no request has are left out). */
  async termDfs(q: Queryable, terms: string[]): Promise<{ term: string; df: number }[]> {
    const r = await q.query<{ term: string; df: number }>('SELECT term, df FROM similar_terms WHERE term = ANY($1::text[])', [terms])
    return r.rows.map((row) => ({ term: row.term, df: Number(row.df) }))
  },

  /** Candidates: weighted postings summed per request within the window, narrowed, best first. */
  async candidates(q: Queryable, c: CandidateQuery): Promise<CandidateRow[]> {
    const params: unknown[] = [c.terms, c.weights, c.from, c.to]
    const where: string[] = []
    const add = (v: unknown) => {
      params.push(v)
      return `$${params.length}`
    }
    if (c.typeGroup) where.push(`d.type_group = ${add(c.typeGroup)}`)
    if (c.district) where.push(`(d.district IS NULL OR d.district = ${add(c.district)})`)
    if (c.box) {
      const b = c.box
      where.push(`(d.lat IS NULL OR (d.lat BETWEEN ${add(b.minLat)} AND ${add(b.maxLat)} AND d.lng BETWEEN ${add(b.minLng)} AND ${add(b.maxLng)}))`)
    }
    if (c.visibleTo) where.push(`(d.public OR d.user_id = ${add(c.visibleTo)})`)
    if (c.excludeRequestId) where.push(`d.request_id <> ${add(c.excludeRequestId)}`)
    const r = await q.query<CandidateRow>(
      `WITH hits AS (
         SELECT p.doc_id, sum(q.w) AS s
           FROM unnest($1::text[], $2::float8[]) AS q(term, w)
           JOIN similar_postings p ON p.term = q.term AND p.filed_at BETWEEN $3 AND $4
          GROUP BY p.doc_id
          ORDER BY s DESC
          LIMIT ${c.preselect}
       )
       SELECT d.doc_id, d.request_id, d.category, d.lat, d.lng, d.terms
         FROM hits h JOIN similar_docs d ON d.doc_id = h.doc_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY h.s DESC, d.doc_id DESC
        LIMIT ${c.limit}`,
      params,
    )
    return r.rows
  },

  /**
   * The located requests inside `box` filed in [from, to] (the place channel), narrowed like candidates(); the
   * nearest `limit` by squared degrees (the caller measures the exact distance).
   */
  async nearby(
    q: Queryable,
    c: Pick<CandidateQuery, 'from' | 'to' | 'typeGroup' | 'visibleTo' | 'excludeRequestId' | 'limit'> & { lat: number; lng: number; box: NonNullable<CandidateQuery['box']> },
  ): Promise<CandidateRow[]> {
    const params: unknown[] = [c.box.minLat, c.box.maxLat, c.box.minLng, c.box.maxLng, c.from, c.to, c.lat, c.lng]
    const where: string[] = []
    const add = (v: unknown) => {
      params.push(v)
      return `$${params.length}`
    }
    if (c.typeGroup) where.push(`d.type_group = ${add(c.typeGroup)}`)
    if (c.visibleTo) where.push(`(d.public OR d.user_id = ${add(c.visibleTo)})`)
    if (c.excludeRequestId) where.push(`d.request_id <> ${add(c.excludeRequestId)}`)
    const r = await q.query<CandidateRow>(
      `SELECT d.doc_id, d.request_id, d.category, d.lat, d.lng, d.terms
         FROM similar_docs d
        WHERE d.lat IS NOT NULL AND d.lat BETWEEN $1 AND $2 AND d.lng BETWEEN $3 AND $4 AND d.filed_at BETWEEN $5 AND $6
          ${where.map((w) => `AND ${w}`).join(' ')}
        ORDER BY (d.lat - $7) ^ 2 + (d.lng - $8) ^ 2, d.doc_id DESC
        LIMIT ${add(c.limit)}`,
      params,
    )
    return r.rows
  },

  async requestInfo(q: Queryable, ids: string[]): Promise<Map<string, RequestInfo>> {
    if (ids.length === 0) return new Map()
    const r = await q.query<RequestInfo>(
      `SELECT r.id, r.number, r.content, r.status, r.category, r.department_code, dep.name AS department_name, r.filed_at, r.user_id, r.lat, r.lng
         FROM requests r LEFT JOIN departments dep ON dep.code = r.department_code
        WHERE r.id = ANY($1::uuid[])`,
      [ids],
    )
    return new Map(r.rows.map((row) => [row.id, row]))
  },

  async ownRow(q: Queryable, id: string): Promise<OwnRow | null> {
    const r = await q.query<OwnRow>('SELECT id, type, category, content, district, lat, lng, filed_at FROM requests WHERE id::text = $1', [id])
    return r.rows[0] ?? null
  },

  async entitiesOf(q: Queryable, requestId: string): Promise<EntityRow[]> {
    const r = await q.query<EntityRow>('SELECT kind, key, text, entity_id FROM similar_entities WHERE request_id = $1 ORDER BY kind, key', [requestId])
    return r.rows
  },

  /** Other requests naming these entities, newest first, with their departments. */
  async entityHits(q: Queryable, entities: { kind: string; key: string }[], excludeId: string | null): Promise<EntityHitRow[]> {
    if (entities.length === 0) return []
    const r = await q.query<EntityHitRow>(
      `SELECT e.kind, e.key, r.id AS request_id, r.number, r.status, r.filed_at, r.department_code, dep.name AS department_name
         FROM unnest($1::text[], $2::text[]) AS q(kind, key)
         JOIN similar_entities e ON e.kind = q.kind AND e.key = q.key
         JOIN requests r ON r.id = e.request_id
         LEFT JOIN departments dep ON dep.code = r.department_code
        WHERE ($3::uuid IS NULL OR e.request_id <> $3::uuid)
        ORDER BY r.filed_at DESC`,
      [entities.map((e) => e.kind), entities.map((e) => e.key), excludeId],
    )
    return r.rows
  },

  /** Located requests of one category filed in [from, to] inside the box, oldest first. */
  async hotspotRowsNear(
    q: Queryable,
    category: string,
    from: Date,
    to: Date,
    box: { minLat: number; maxLat: number; minLng: number; maxLng: number },
  ): Promise<HotspotRow[]> {
    const r = await q.query<HotspotRow>(
      `SELECT d.request_id, d.lat, d.lng, d.filed_at, r.number, r.status
         FROM similar_docs d JOIN requests r ON r.id = d.request_id
        WHERE d.category = $1 AND d.lat IS NOT NULL AND d.filed_at BETWEEN $2 AND $3
          AND d.lat BETWEEN $4 AND $5 AND d.lng BETWEEN $6 AND $7
        ORDER BY d.filed_at`,
      [category, from, to, box.minLat, box.maxLat, box.minLng, box.maxLng],
    )
    return r.rows
  },

  /** Located, categorised, unmerged requests filed in [from, to], oldest first. */
  async hotspotRows(q: Queryable, from: Date, to: Date): Promise<(HotspotRow & { category: string })[]> {
    const r = await q.query<HotspotRow & { category: string }>(
      `SELECT d.request_id, d.category, d.lat, d.lng, d.filed_at, r.number, r.status
         FROM similar_docs d JOIN requests r ON r.id = d.request_id
        WHERE d.category IS NOT NULL AND d.lat IS NOT NULL AND d.filed_at BETWEEN $1 AND $2 AND r.status <> 'merged'
        ORDER BY d.filed_at`,
      [from, to],
    )
    return r.rows
  },
}
