// Similar requests, entity links, hotspots and the entity department hint: candidate lookup over the index, scoring, and the views residents and the dispatcher get.
//
// Lookup (never a scan of every request): the query's informative terms, rarest first (at most MAX_LOOKUP_TERMS,
// very common ones skipped while rarer ones exist), are looked up in similar_postings within the time window (its
// primary key is (term, filed_at, doc_id)), summed per request with their weights, narrowed in the same statement
// by type group, district, a bounding box around the place and visibility; the best MAX_CANDIDATES are then scored
// fully (score.ts) with the document frequencies of all their terms.
import type { EntityDepartmentHint, EntityLink, Hotspot, RelatedRequest, RelatedResult, SimilarItem, SimilarQuery } from '@contract/similar'
import type { RequestStatus, RequestType } from '@contract/request'
import { categoryLabel, suggestCategories } from '@domain/request-categories'
import { STATUS_LABEL } from '@domain/workorder'
import type { Queryable } from '../../db'
import { AppError } from '../../errors'
import { entityKey, isPostingTerm } from './indexer'
import {
  boundingBox,
  categoryFactor,
  combinedScore,
  cosine,
  distanceMeters,
  MAX_DISTANCE_M,
  RELATED_FLOOR,
  SIMILAR_CUT,
  termWeight,
  typeGroup,
  WINDOW_DAYS,
} from './score'
import { extractEntities, normalize, publicSummary, staffSummary, terms } from './text'

const DAY_MS = 86_400_000
const MAX_LOOKUP_TERMS = 12
const MAX_CANDIDATES = 80
/** The best partial sums read from the postings before narrowing joins the documents (keeps the join small). */
const PRESELECT = 500
/** Terms in more than this share of all requests are only looked up when nothing rarer is in the query. */
const COMMON_SHARE = 0.03
/** Rarest terms are taken until their document frequencies add up to this (at least 3 terms): bounds the rows read. */
const POSTINGS_BUDGET = 12_000

/** Hotspot rule: ≥ HOTSPOT_MIN requests of one category within HOTSPOT_RADIUS_M in HOTSPOT_DAYS days. */
export const HOTSPOT_MIN = 5
export const HOTSPOT_RADIUS_M = 500
export const HOTSPOT_DAYS = 7

// ---------------------------------------------------------------- document frequencies (per-node cache)

/**
 * df per term, cached on this node. The cache belongs to one index size (max doc_id, which only grows): it is
 * dropped when the index grew by more than 2 % (or by anything while it is small) or after five minutes.
 */
class DfCache {
  private map = new Map<string, number>()
  private docs = -1
  private at = 0

  async prepare(q: Queryable, now: number): Promise<number> {
    const r = await q.query<{ n: number | null }>('SELECT max(doc_id) AS n FROM similar_docs')
    const n = Number(r.rows[0]?.n ?? 0)
    const drift = Math.abs(n - this.docs)
    if (this.docs < 0 || now - this.at > 300_000 || (n < 5000 ? drift > 0 : drift > n * 0.02)) {
      this.map.clear()
      this.docs = n
      this.at = now
    }
    return Math.max(this.docs, 1)
  }

  async fill(q: Queryable, needed: Iterable<string>): Promise<void> {
    const missing = [...new Set(needed)].filter((t) => !this.map.has(t))
    if (missing.length === 0) return
    const r = await q.query<{ term: string; df: number }>('SELECT term, df FROM similar_terms WHERE term = ANY($1::text[])', [missing])
    for (const t of missing) this.map.set(t, 0)
    for (const row of r.rows) this.map.set(row.term, Number(row.df))
    if (this.map.size > 400_000) this.map.clear()
  }

  df(term: string): number {
    return this.map.get(term) ?? 0
  }
}

const dfCaches = new WeakMap<object, DfCache>()
function dfCache(db: object): DfCache {
  let c = dfCaches.get(db)
  if (!c) {
    c = new DfCache()
    dfCaches.set(db, c)
  }
  return c
}

// ---------------------------------------------------------------- candidate lookup and scoring

export type Viewer = { kind: 'resident'; userId: string } | { kind: 'staff' }

export interface LookupInput {
  content: string
  type?: RequestType
  district?: string | null
  lat?: number | null
  lng?: number | null
  /** The query request's own category (staff view); otherwise the categories its words point to are used. */
  category?: string | null
  viewer: Viewer
  excludeRequestId?: string
  /** Only requests filed in [from, to]. */
  from: Date
  to: Date
  /** Scored items at or above this are returned (SIMILAR_CUT for residents). */
  minScore: number
  limit: number
}

export interface Scored {
  requestId: string
  score: number
  distance: number | null
}

interface CandidateRow {
  doc_id: number
  request_id: string
  category: string | null
  lat: number | null
  lng: number | null
  terms: string[]
}

/** Candidates from the index, scored and sorted best first (all of them down to minScore, at most limit). */
export async function lookup(db: Queryable, input: LookupInput, nowMs = Date.now()): Promise<Scored[]> {
  const qTerms = terms(input.content)
  if (qTerms.size === 0) return []
  const cache = dfCache(db)
  const docs = await cache.prepare(db, nowMs)
  await cache.fill(db, qTerms)

  const informative = [...qTerms].filter(isPostingTerm).sort((a, b) => cache.df(a) - cache.df(b) || (a < b ? -1 : 1))
  const rare = informative.filter((t) => cache.df(t) > 0 && cache.df(t) <= Math.max(30, docs * COMMON_SHARE))
  const pool = rare.length >= 3 ? rare : informative.filter((t) => cache.df(t) > 0)
  const chosen: string[] = []
  let budget = 0
  for (const t of pool) {
    if (chosen.length >= MAX_LOOKUP_TERMS || (chosen.length >= 3 && budget + cache.df(t) > POSTINGS_BUDGET)) break
    chosen.push(t)
    budget += cache.df(t)
  }
  if (chosen.length === 0) return []
  const weights = chosen.map((t) => termWeight(t, cache.df(t), docs) ** 2)

  const params: unknown[] = [chosen, weights, input.from, input.to]
  const where: string[] = []
  const add = (v: unknown) => {
    params.push(v)
    return `$${params.length}`
  }
  if (input.type) where.push(`d.type_group = ${add(typeGroup(input.type))}`)
  if (input.district) where.push(`(d.district IS NULL OR d.district = ${add(input.district)})`)
  const located = typeof input.lat === 'number' && typeof input.lng === 'number'
  if (located) {
    const box = boundingBox(input.lat as number, input.lng as number, MAX_DISTANCE_M)
    where.push(
      `(d.lat IS NULL OR (d.lat BETWEEN ${add(box.minLat)} AND ${add(box.maxLat)} AND d.lng BETWEEN ${add(box.minLng)} AND ${add(box.maxLng)}))`,
    )
  }
  if (input.viewer.kind === 'resident') where.push(`(d.public OR d.user_id = ${add(input.viewer.userId)})`)
  if (input.excludeRequestId) where.push(`d.request_id <> ${add(input.excludeRequestId)}`)
  const r = await db.query<CandidateRow>(
    `WITH hits AS (
       SELECT p.doc_id, sum(q.w) AS s
         FROM unnest($1::text[], $2::float8[]) AS q(term, w)
         JOIN similar_postings p ON p.term = q.term AND p.filed_at BETWEEN $3 AND $4
        GROUP BY p.doc_id
        ORDER BY s DESC
        LIMIT ${PRESELECT}
     )
     SELECT d.doc_id, d.request_id, d.category, d.lat, d.lng, d.terms
       FROM hits h JOIN similar_docs d ON d.doc_id = h.doc_id
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY h.s DESC, d.doc_id DESC
      LIMIT ${MAX_CANDIDATES}`,
    params,
  )
  if (r.rows.length === 0) return []
  await cache.fill(
    db,
    r.rows.flatMap((c) => c.terms),
  )
  const weight = (t: string) => termWeight(t, cache.df(t), docs)
  const queryCategories = input.category ? [input.category] : suggestCategories(normalize(input.content), 3).map((c) => c.code)
  const out: Scored[] = []
  for (const c of r.rows) {
    let distance: number | null = null
    if (located && c.lat !== null && c.lng !== null) {
      distance = distanceMeters({ lat: input.lat as number, lng: input.lng as number }, { lat: c.lat, lng: c.lng })
      if (distance > MAX_DISTANCE_M) continue
    }
    const score = combinedScore(cosine(qTerms, c.terms, weight), distance, categoryFactor(c.category, queryCategories))
    if (score >= input.minScore) out.push({ requestId: c.request_id, score, distance })
  }
  return out.sort((a, b) => b.score - a.score).slice(0, input.limit)
}

// ---------------------------------------------------------------- rows for the views

interface RequestInfo {
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

async function requestInfo(db: Queryable, ids: string[]): Promise<Map<string, RequestInfo>> {
  if (ids.length === 0) return new Map()
  const r = await db.query<RequestInfo>(
    `SELECT r.id, r.number, r.content, r.status, r.category, r.department_code, dep.name AS department_name, r.filed_at, r.user_id, r.lat, r.lng
       FROM requests r LEFT JOIN departments dep ON dep.code = r.department_code
      WHERE r.id = ANY($1::uuid[])`,
    [ids],
  )
  return new Map(r.rows.map((row) => [row.id, row]))
}

const round = (x: number) => Math.round(x * 1000) / 1000

/** Statuses a resident is not shown as "similar": merged ones (their target is), refused ones. */
const HIDDEN_FOR_RESIDENTS: readonly RequestStatus[] = ['merged', 'rejected']

/** POST /api/requests/similar: public requests (or the resident's own) at or above the cut, best first. */
export async function similarForResident(db: Queryable, userId: string, query: SimilarQuery, now: Date, limit = 5): Promise<SimilarItem[]> {
  const scored = await lookup(
    db,
    {
      content: query.content,
      type: query.type,
      district: query.district ?? null,
      lat: query.lat ?? null,
      lng: query.lng ?? null,
      viewer: { kind: 'resident', userId },
      from: new Date(now.getTime() - WINDOW_DAYS * DAY_MS),
      to: now,
      minScore: SIMILAR_CUT,
      limit: limit * 2,
    },
    now.getTime(),
  )
  const info = await requestInfo(
    db,
    scored.map((s) => s.requestId),
  )
  const items: SimilarItem[] = []
  for (const s of scored) {
    const row = info.get(s.requestId)
    if (!row || HIDDEN_FOR_RESIDENTS.includes(row.status)) continue
    const item: SimilarItem = {
      id: row.id,
      number: row.number,
      summary: publicSummary(row.content),
      status: row.status,
      statusLabel: STATUS_LABEL[row.status],
      createdAt: row.filed_at.toISOString(),
      score: round(s.score),
      mine: row.user_id === userId,
    }
    if (s.distance !== null) item.distanceMeters = Math.round(s.distance)
    items.push(item)
    if (items.length >= limit) break
  }
  return items
}

// ---------------------------------------------------------------- entities

interface EntityRow {
  kind: 'company' | 'address' | 'phone' | 'plate'
  key: string
  text: string
}

async function entitiesOf(db: Queryable, requestId: string): Promise<EntityRow[]> {
  const r = await db.query<EntityRow>('SELECT kind, key, text FROM similar_entities WHERE request_id = $1 ORDER BY kind, key', [requestId])
  return r.rows
}

interface EntityHitRow {
  kind: string
  key: string
  request_id: string
  number: string
  status: RequestStatus
  filed_at: Date
  department_code: string | null
  department_name: string | null
}

async function entityHits(db: Queryable, entities: { kind: string; key: string }[], excludeId: string | null): Promise<EntityHitRow[]> {
  if (entities.length === 0) return []
  const r = await db.query<EntityHitRow>(
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
}

function departmentCounts(hits: EntityHitRow[]): { code: string; name: string; count: number }[] {
  const counts = new Map<string, { code: string; name: string; count: number }>()
  for (const h of hits) {
    if (!h.department_code) continue
    const c = counts.get(h.department_code) ?? { code: h.department_code, name: h.department_name ?? h.department_code, count: 0 }
    c.count++
    counts.set(h.department_code, c)
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || a.code.localeCompare(b.code))
}

function entityLinks(own: EntityRow[], hits: EntityHitRow[]): EntityLink[] {
  return own.map((e) => {
    const mine = hits.filter((h) => h.kind === e.kind && h.key === e.key)
    return {
      kind: e.kind,
      text: e.text,
      otherRequests: new Set(mine.map((h) => h.request_id)).size,
      departments: departmentCounts(mine),
      recent: mine.slice(0, 5).map((h) => ({
        id: h.request_id,
        number: h.number,
        status: h.status,
        statusLabel: STATUS_LABEL[h.status],
        createdAt: h.filed_at.toISOString(),
      })),
    }
  })
}

const KIND_LABEL: Record<string, string> = { company: '单位', address: '地址', phone: '电话', plate: '车牌' }

/**
 * The department earlier requests naming the same entities (company, address, phone, plate) went to — the
 * dispatch suggestion puts it first. Pass a request id (its indexed entities) or a text (extracted now).
 * Null when no earlier request naming them was dispatched.
 */
export async function entityDepartmentHint(db: Queryable, source: { requestId: string } | { content: string }): Promise<EntityDepartmentHint | null> {
  const own: EntityRow[] =
    'requestId' in source
      ? await entitiesOf(db, source.requestId)
      : extractEntities(source.content).map((e) => ({ kind: e.kind, key: entityKey(e.kind, e.key), text: e.text }))
  const hits = await entityHits(db, own, 'requestId' in source ? source.requestId : null)
  const best = departmentCounts(hits)[0]
  if (!best) return null
  // Name the entity that contributed most to that department.
  const byEntity = new Map<string, number>()
  for (const h of hits) if (h.department_code === best.code) byEntity.set(`${h.kind}\u0000${h.key}`, (byEntity.get(`${h.kind}\u0000${h.key}`) ?? 0) + 1)
  const topKey = [...byEntity.entries()].sort((a, b) => b[1] - a[1])[0][0]
  const entity = own.find((e) => `${e.kind}\u0000${e.key}` === topKey) as EntityRow
  return {
    departmentCode: best.code,
    departmentName: best.name,
    count: best.count,
    reason: `此前 ${best.count} 件涉及${KIND_LABEL[entity.kind]}“${entity.text}”的诉求由${best.name}办理`,
  }
}

// ---------------------------------------------------------------- hotspots

interface HotspotRow {
  request_id: string
  lat: number
  lng: number
  filed_at: Date
  number: string
  status: RequestStatus
}

/**
 * Is this request part of a cluster: ≥ HOTSPOT_MIN requests of its category within HOTSPOT_RADIUS_M of it, all
 * filed inside one HOTSPOT_DAYS window that contains it? Null when not (or when it has no place or category).
 */
export async function hotspotFor(
  db: Queryable,
  req: { id: string; category: string | null; lat: number | null; lng: number | null; filed_at: Date },
): Promise<Hotspot | null> {
  if (!req.category || req.lat === null || req.lng === null) return null
  const box = boundingBox(req.lat, req.lng, HOTSPOT_RADIUS_M)
  const span = HOTSPOT_DAYS * DAY_MS
  const r = await db.query<HotspotRow>(
    `SELECT d.request_id, d.lat, d.lng, d.filed_at, r.number, r.status
       FROM similar_docs d JOIN requests r ON r.id = d.request_id
      WHERE d.category = $1 AND d.lat IS NOT NULL AND d.filed_at BETWEEN $2 AND $3
        AND d.lat BETWEEN $4 AND $5 AND d.lng BETWEEN $6 AND $7
      ORDER BY d.filed_at`,
    [req.category, new Date(req.filed_at.getTime() - span), new Date(req.filed_at.getTime() + span), box.minLat, box.maxLat, box.minLng, box.maxLng],
  )
  const near = r.rows.filter((x) => distanceMeters({ lat: req.lat as number, lng: req.lng as number }, x) <= HOTSPOT_RADIUS_M)
  const f = req.filed_at.getTime()
  // The best window [start, start + span] containing this request's filing time.
  let best: HotspotRow[] = []
  for (const first of near) {
    const start = first.filed_at.getTime()
    if (start > f || start + span < f) continue
    const inWindow = near.filter((x) => x.filed_at.getTime() >= start && x.filed_at.getTime() <= start + span)
    if (inWindow.length > best.length) best = inWindow
  }
  if (best.length < HOTSPOT_MIN) return null
  const lat = best.reduce((s, x) => s + x.lat, 0) / best.length
  const lng = best.reduce((s, x) => s + x.lng, 0) / best.length
  const name = categoryLabel(req.category) ?? req.category
  return {
    category: req.category,
    categoryName: name,
    count: best.length,
    radiusMeters: HOTSPOT_RADIUS_M,
    days: HOTSPOT_DAYS,
    center: { lat: Number(lat.toFixed(5)), lng: Number(lng.toFixed(5)) },
    message: `${HOTSPOT_DAYS} 天内 ${HOTSPOT_RADIUS_M} 米范围内有 ${best.length} 件同类诉求（${name}），建议作为一个问题从根源处理`,
    requests: best.map((x) => ({ id: x.request_id, number: x.number, status: x.status })),
  }
}

/**
 * The clusters of the HOTSPOT_DAYS days before `now`: per category, the request with the most same-category
 * neighbours within HOTSPOT_RADIUS_M is a centre; it and its neighbours form a cluster when they are ≥ HOTSPOT_MIN,
 * and are not counted again. Largest first.
 */
export async function currentHotspots(db: Queryable, now: Date): Promise<Hotspot[]> {
  const r = await db.query<HotspotRow & { category: string }>(
    `SELECT d.request_id, d.category, d.lat, d.lng, d.filed_at, r.number, r.status
       FROM similar_docs d JOIN requests r ON r.id = d.request_id
      WHERE d.category IS NOT NULL AND d.lat IS NOT NULL AND d.filed_at BETWEEN $1 AND $2 AND r.status <> 'merged'
      ORDER BY d.filed_at`,
    [new Date(now.getTime() - HOTSPOT_DAYS * DAY_MS), now],
  )
  const byCategory = new Map<string, (HotspotRow & { category: string })[]>()
  for (const row of r.rows) byCategory.set(row.category, [...(byCategory.get(row.category) ?? []), row])
  const out: Hotspot[] = []
  for (const [category, rows] of byCategory) {
    let left = rows
    while (left.length >= HOTSPOT_MIN) {
      const near = (c: HotspotRow) => left.filter((x) => distanceMeters(c, x) <= HOTSPOT_RADIUS_M)
      const best = left.map((c) => ({ c, members: near(c) })).sort((a, b) => b.members.length - a.members.length)[0]
      if (best.members.length < HOTSPOT_MIN) break
      const name = categoryLabel(category) ?? category
      out.push({
        category,
        categoryName: name,
        count: best.members.length,
        radiusMeters: HOTSPOT_RADIUS_M,
        days: HOTSPOT_DAYS,
        center: { lat: Number(best.c.lat.toFixed(5)), lng: Number(best.c.lng.toFixed(5)) },
        message: `${HOTSPOT_DAYS} 天内 ${HOTSPOT_RADIUS_M} 米范围内有 ${best.members.length} 件同类诉求（${name}），建议作为一个问题从根源处理`,
        requests: best.members.map((x) => ({ id: x.request_id, number: x.number, status: x.status })),
      })
      const taken = new Set(best.members.map((x) => x.request_id))
      left = left.filter((x) => !taken.has(x.request_id))
    }
  }
  return out.sort((a, b) => b.count - a.count)
}

// ---------------------------------------------------------------- the dispatcher's related panel

interface OwnRow {
  id: string
  type: RequestType
  category: string | null
  content: string
  district: string | null
  lat: number | null
  lng: number | null
  filed_at: Date
}

/** GET /api/staff/requests/:id/related. */
export async function relatedForStaff(db: Queryable, id: string, now: Date): Promise<RelatedResult> {
  const own = await db.query<OwnRow>(
    'SELECT id, type, category, content, district, lat, lng, filed_at FROM requests WHERE id::text = $1',
    [id],
  )
  const row = own.rows[0]
  if (!row) throw new AppError(404, 'NOT_FOUND', '找不到该诉求')
  const window = WINDOW_DAYS * DAY_MS
  const scored = await lookup(
    db,
    {
      content: row.content,
      type: row.type,
      district: row.district,
      lat: row.lat,
      lng: row.lng,
      category: row.category,
      viewer: { kind: 'staff' },
      excludeRequestId: row.id,
      from: new Date(row.filed_at.getTime() - window),
      to: new Date(Math.min(now.getTime(), row.filed_at.getTime() + window)),
      minScore: RELATED_FLOOR,
      limit: 20,
    },
    now.getTime(),
  )
  const ownEntities = await entitiesOf(db, row.id)
  const hits = await entityHits(db, ownEntities, row.id)
  const sharedBy = new Map<string, string[]>()
  for (const h of hits) {
    const e = ownEntities.find((x) => x.kind === h.kind && x.key === h.key)
    if (!e) continue
    const list = sharedBy.get(h.request_id) ?? []
    if (!list.includes(e.text)) list.push(e.text)
    sharedBy.set(h.request_id, list)
  }
  const scoreOf = new Map(scored.map((s) => [s.requestId, s]))
  // Requests naming the same entity are related even when their text is not close (the ten most recent).
  const entityOnly = [...sharedBy.keys()].filter((rid) => !scoreOf.has(rid)).slice(0, 10)
  const info = await requestInfo(db, [...scored.map((s) => s.requestId), ...entityOnly])

  const view = (rid: string, score: number, distance: number | null): RelatedRequest | null => {
    const r = info.get(rid)
    if (!r) return null
    const item: RelatedRequest = {
      id: r.id,
      number: r.number,
      summary: staffSummary(r.content),
      status: r.status,
      statusLabel: STATUS_LABEL[r.status],
      createdAt: r.filed_at.toISOString(),
      category: r.category,
      department: r.department_code ? { code: r.department_code, name: r.department_name ?? r.department_code } : null,
      score: round(score),
      sharedEntities: sharedBy.get(rid) ?? [],
    }
    if (distance === null && row.lat !== null && row.lng !== null && r.lat !== null && r.lng !== null) {
      distance = distanceMeters({ lat: row.lat, lng: row.lng }, { lat: r.lat, lng: r.lng })
    }
    if (distance !== null) item.distanceMeters = Math.round(distance)
    return item
  }
  const duplicates: RelatedRequest[] = []
  const related: RelatedRequest[] = []
  for (const s of scored) {
    const item = view(s.requestId, s.score, s.distance)
    if (!item) continue
    // A merged request is not a merge target; it is still related (it follows another one).
    if (s.score >= SIMILAR_CUT && item.status !== 'merged') duplicates.push(item)
    else related.push(item)
  }
  for (const rid of entityOnly) {
    const item = view(rid, 0, null)
    if (item) related.push(item)
  }
  return {
    id: row.id,
    duplicates,
    related: related.slice(0, 20),
    entities: entityLinks(ownEntities, hits),
    hotspot: await hotspotFor(db, row),
    departmentHint: await entityDepartmentHint(db, { requestId: row.id }),
  }
}
