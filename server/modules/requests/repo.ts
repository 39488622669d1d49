// SQL for 12345 requests: rows, update rows, the daily number counter, photo attachment, the resident's own list and
// account data. Every function takes the db or a transaction. The staff queue is in queue.repo.ts, the deadline job's
// SQL in deadlines.repo.ts.
import type { Queryable } from '../../db'
import type { RequestStatus, RequestType } from '@contract/request'

export interface RequestRow {
  id: string
  number: string
  user_id: string | null
  source: 'app' | 'open311' | 'hotline'
  idempotency_scope: string | null
  idempotency_key: string | null
  idempotency_hash: string | null
  type: RequestType
  category: string | null
  content: string
  lat: number | null
  lng: number | null
  address: string | null
  district: string | null
  street: string | null
  contact_phone_enc: string | null
  contact_name_enc: string | null
  anonymous: boolean
  public: boolean
  status: RequestStatus
  department_code: string | null
  filed_at: Date
  dispatch_deadline: Date
  deadline: Date
  warn_at: Date
  warned_for: Date | null
  overdue_for: Date | null
  supervised_at: Date | null
  extension_days: number | null
  closed_at: Date | null
  rating_level: number | null
  rating_comment: string | null
  rated_at: Date | null
  /** 问题是否解决 as the last rating answered it (null: not asked or not answered). */
  rating_resolved: boolean | null
  reopened: boolean
  merged_into: string | null
  urge_count: number
  last_urged_at: Date | null
  updated_at: Date
}

export interface UpdateRow {
  id: number
  request_id: string
  action: string
  from_status: RequestStatus | null
  to_status: RequestStatus
  actor_kind: 'resident' | 'staff' | 'system' | 'partner'
  actor_role: string
  actor_department_code: string | null
  actor_staff_id: string | null
  note: string | null
  data: Record<string, unknown>
  visible_to_resident: boolean
  created_at: Date
}

export interface NewUpdate {
  requestId: string
  action: string
  fromStatus: RequestStatus | null
  toStatus: RequestStatus
  actorKind: UpdateRow['actor_kind']
  actorRole: string
  actorDepartmentCode: string | null
  actorStaffId: string | null
  note: string | null
  data: Record<string, unknown>
  visible: boolean
  at: Date
}

/** The columns of a request that filing writes (status 'submitted'; updated_at = filed_at). */
export type NewRequest = Omit<
  RequestRow,
  | 'id'
  | 'status'
  | 'department_code'
  | 'warned_for'
  | 'overdue_for'
  | 'supervised_at'
  | 'extension_days'
  | 'closed_at'
  | 'rating_level'
  | 'rating_comment'
  | 'rated_at'
  | 'rating_resolved'
  | 'reopened'
  | 'merged_into'
  | 'urge_count'
  | 'last_urged_at'
  | 'updated_at'
>

/** Columns a transition may change (request row name → value). */
export type RequestChanges = Partial<Record<keyof RequestRow, unknown>>

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The columns of request_updates every writer fills, in the order of its VALUES lists. */
export const UPDATE_COLUMNS = `request_id, action, from_status, to_status, actor_kind, actor_role, actor_department_code,
                               actor_staff_id, note, data, visible_to_resident, created_at`

/**
 * SQL (over `requests`) for when the current dispatch clock started: filing, or the last 退单 / 重办 (each sets a new
 * dispatch_deadline from its own time).
 */
export const DISPATCH_STARTED_SQL = `GREATEST(requests.filed_at, (SELECT max(s.created_at) FROM request_updates s
  WHERE s.request_id = requests.id AND s.action IN ('return', 'reopen')))`

export const requestsRepo = {
  async byId(q: Queryable, id: string, lock = false): Promise<RequestRow | null> {
    if (!UUID.test(id)) return null
    const r = await q.query<RequestRow>(`SELECT * FROM requests WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id])
    return r.rows[0] ?? null
  },

  /** When the request's current dispatch clock started (the staff views' 临期 mark). */
  async dispatchStartedAt(q: Queryable, id: string): Promise<Date> {
    const r = await q.query<{ at: Date }>(`SELECT ${DISPATCH_STARTED_SQL} AS at FROM requests WHERE id = $1`, [id])
    return r.rows[0].at
  },

  /** Locks these requests in id order (two opposite 并案 at once cannot deadlock). */
  async lockInOrder(q: Queryable, ids: string[]): Promise<void> {
    await q.query('SELECT id FROM requests WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE', [ids])
  },

  async byIdempotency(q: Queryable, scope: string, key: string): Promise<RequestRow | null> {
    const r = await q.query<RequestRow>('SELECT * FROM requests WHERE idempotency_scope = $1 AND idempotency_key = $2', [scope, key])
    return r.rows[0] ?? null
  },

  /** The next number of the day (1, 2, …); concurrent callers serialize on the counter row. */
  async nextSequence(q: Queryable, day: string): Promise<number> {
    const r = await q.query<{ last: number }>(
      `INSERT INTO request_counters (day, last) VALUES ($1, 1)
       ON CONFLICT (day) DO UPDATE SET last = request_counters.last + 1
       RETURNING last`,
      [day],
    )
    return r.rows[0].last
  },

  /** Gives a row filed under a provisional number its real one. */
  async setNumber(q: Queryable, id: string, number: string): Promise<void> {
    await q.query('UPDATE requests SET number = $2 WHERE id = $1', [id, number])
  },

  /** Files the row; null when a concurrent filing with the same idempotency key won. */
  async insert(q: Queryable, n: NewRequest): Promise<RequestRow | null> {
    const r = await q.query<RequestRow>(
      `INSERT INTO requests (number, user_id, source, idempotency_scope, idempotency_key, idempotency_hash, type, category, content,
                             lat, lng, address, district, street, contact_phone_enc, contact_name_enc, anonymous, public, status,
                             filed_at, dispatch_deadline, deadline, warn_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, 'submitted', $19, $20, $21, $22, $19)
       ON CONFLICT (idempotency_scope, idempotency_key) DO NOTHING
       RETURNING *`,
      [
        n.number,
        n.user_id,
        n.source,
        n.idempotency_scope,
        n.idempotency_key,
        n.idempotency_hash,
        n.type,
        n.category,
        n.content,
        n.lat,
        n.lng,
        n.address,
        n.district,
        n.street,
        n.contact_phone_enc,
        n.contact_name_enc,
        n.anonymous,
        n.public,
        n.filed_at,
        n.dispatch_deadline,
        n.deadline,
        n.warn_at,
      ],
    )
    return r.rows[0] ?? null
  },

  /** Writes a transition's changes to the row. */
  async change(q: Queryable, id: string, set: RequestChanges): Promise<void> {
    const columns = Object.keys(set) as (keyof RequestRow)[]
    await q.query(`UPDATE requests SET ${columns.map((c, i) => `${c} = $${i + 2}`).join(', ')} WHERE id = $1`, [id, ...columns.map((c) => set[c])])
  },

  async insertUpdate(q: Queryable, u: NewUpdate): Promise<number> {
    const r = await q.query<{ id: number }>(
      `INSERT INTO request_updates (${UPDATE_COLUMNS})
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
      [u.requestId, u.action, u.fromStatus, u.toStatus, u.actorKind, u.actorRole, u.actorDepartmentCode, u.actorStaffId, u.note, JSON.stringify(u.data), u.visible, u.at],
    )
    return Number(r.rows[0].id)
  },

  async updates(q: Queryable, requestIds: string[], onlyVisible: boolean): Promise<UpdateRow[]> {
    if (requestIds.length === 0) return []
    const r = await q.query<UpdateRow>(
      // 'rating-excluded' rows (an upheld 申诉复核, server/modules/ratings) are facts for the figures, not timeline steps.
      `SELECT * FROM request_updates WHERE request_id = ANY($1::uuid[]) AND action <> 'rating-excluded'${onlyVisible ? ' AND visible_to_resident' : ''} ORDER BY created_at, id`,
      [requestIds],
    )
    return r.rows.map((row) => ({ ...row, id: Number(row.id) }))
  },

  /**
   * Attaches the caller's own unattached uploads to a request (and an update row). Returns false — and attaches
   * nothing that the caller's transaction keeps — when any id is unknown, someone else's, or already attached.
   */
  async attachPhotos(
    q: Queryable,
    ids: readonly string[],
    owner: { userId: string } | { staffId: string },
    requestId: string,
    updateId: number | null,
  ): Promise<boolean> {
    if (ids.length === 0) return true
    if (!ids.every((id) => UUID.test(id))) return false
    const ownerSql = 'userId' in owner ? 'user_id = $4' : 'staff_id = $4'
    const r = await q.query(
      `UPDATE uploads SET request_id = $1, update_id = $2
        WHERE id = ANY($3::uuid[]) AND request_id IS NULL AND ${ownerSql}`,
      [requestId, updateId, ids, 'userId' in owner ? owner.userId : owner.staffId],
    )
    return r.rowCount === ids.length
  },

  /** Photo ids by request (filed with it) and by update row, in upload order. */
  async photos(q: Queryable, requestIds: string[]): Promise<{ id: string; request_id: string; update_id: number | null }[]> {
    if (requestIds.length === 0) return []
    const r = await q.query<{ id: string; request_id: string; update_id: number | null }>(
      'SELECT id, request_id, update_id FROM uploads WHERE request_id = ANY($1::uuid[]) ORDER BY created_at, id',
      [requestIds],
    )
    return r.rows.map((row) => ({ ...row, update_id: row.update_id === null ? null : Number(row.update_id) }))
  },

  /**
   * Where a merged request went: the requests it follows, in order — the one it was merged into, the one that was
   * merged into next, … up to the root, which is not merged. Stops at a repeat (a cycle cannot be made through the
   * API, see mergeTarget in transition.ts) so a damaged row never loops.
   */
  async mergeChain(q: Queryable, row: Pick<RequestRow, 'id' | 'merged_into'>): Promise<RequestRow[]> {
    const chain: RequestRow[] = []
    const seen = new Set([row.id])
    let next = row.merged_into
    while (next && !seen.has(next)) {
      const hop = await this.byId(q, next)
      if (!hop) break
      chain.push(hop)
      seen.add(hop.id)
      next = hop.merged_into
    }
    return chain
  },

  /** Every request that follows this one: merged into it directly or through others merged into it. */
  async followers(q: Queryable, id: string): Promise<{ id: string; number: string; user_id: string | null }[]> {
    const r = await q.query<{ id: string; number: string; user_id: string | null }>(
      `WITH RECURSIVE f(id) AS (
         SELECT id FROM requests WHERE merged_into = $1
         UNION
         SELECT r.id FROM requests r JOIN f ON r.merged_into = f.id)
       SELECT r.id, r.number, r.user_id FROM requests r JOIN f ON f.id = r.id WHERE r.id <> $1 ORDER BY r.filed_at, r.number`,
      [id],
    )
    return r.rows
  },

  async departmentNames(q: Queryable): Promise<Map<string, string>> {
    const r = await q.query<{ code: string; name: string; short_name: string | null }>('SELECT code, name, short_name FROM departments')
    return new Map(r.rows.map((d) => [d.code, d.short_name ?? d.name]))
  },

  async departmentExists(q: Queryable, code: string): Promise<boolean> {
    const r = await q.query('SELECT 1 FROM departments WHERE code = $1', [code])
    return r.rowCount > 0
  },

  /** The resident's sealed phone (filing uses it as the contact when none is given). */
  async userPhoneSealed(q: Queryable, userId: string): Promise<string | null> {
    const r = await q.query<{ phone_enc: string | null }>('SELECT phone_enc FROM users WHERE id = $1', [userId])
    return r.rows[0]?.phone_enc ?? null
  },

  /** 我的诉求: one page, newest first, and the total. */
  async pageOfUser(q: Queryable, userId: string, page: number, pageSize: number): Promise<{ rows: RequestRow[]; total: number }> {
    const total = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM requests WHERE user_id = $1', [userId])
    const r = await q.query<RequestRow>('SELECT * FROM requests WHERE user_id = $1 ORDER BY filed_at DESC, number DESC LIMIT $2 OFFSET $3', [
      userId,
      pageSize,
      (page - 1) * pageSize,
    ])
    return { rows: r.rows, total: Number(total.rows[0].n) }
  },

  /** The resident's requests as the PIPL data export lists them. */
  async exportOfUser(q: Queryable, userId: string): Promise<Record<string, unknown>[]> {
    const r = await q.query<Record<string, unknown>>(
      `SELECT number, type, category, content, address, district, anonymous, public, status, filed_at AS "filedAt",
              closed_at AS "closedAt", rating_level AS "ratingLevel", rating_comment AS "ratingComment"
         FROM requests WHERE user_id = $1 ORDER BY filed_at`,
      [userId],
    )
    return r.rows
  },

  /** Erasure: the requests stay (statistics) without anyone to reach. */
  async dropContactsOfUser(q: Queryable, userId: string): Promise<void> {
    await q.query('UPDATE requests SET contact_phone_enc = NULL, contact_name_enc = NULL WHERE user_id = $1', [userId])
  },
}
