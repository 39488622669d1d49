// SQL of 好差评: hall-visit and 办件 ratings, 整改 orders and appeals (the figures: figures.repo.ts; the job: jobs.repo.ts).
import type { Queryable } from '../../db'

export interface VisitRow {
  id: string
  user_id: string
  status: string
  hall_id: string
  hall_name: string
  service_name: string
  department_code: string
  ends_at: Date
}

/** A 办件 with what its rating needs: whose, whether and when it ended, the deciding department. */
export interface ApplicationRow {
  id: string
  number: string
  user_id: string
  status: string
  service_name: string
  department_code: string
  decided_at: Date | null
}

export interface RatingRow {
  id: string
  subject_kind: string
  subject_id: string
  user_id: string | null
  department_code: string
  hall_id: string | null
  level: number
  resolved: boolean | null
  indicators: Record<string, number> | null
  comment: string | null
  photo_id: string | null
  is_default: boolean
  excluded: boolean
  rated_at: Date
}

export type RatedKind = 'appointment' | 'application'
export type RectifiedKind = 'appointment' | 'request' | 'application'

export interface RectificationRow {
  id: string
  subject_kind: RectifiedKind
  subject_id: string
  rating_ref: string
  department_code: string
  department_name: string
  hall_id: string | null
  hall_name: string | null
  user_id: string | null
  level: number
  rated_at: Date
  opened_at: Date
  deadline: Date
  contacted_at: Date | null
  contact_method: 'phone' | 'sms' | 'visit' | 'other' | null
  contact_summary: string | null
  result: string | null
  done_at: Date | null
  verdict: 'satisfied' | 'unsatisfied' | null
  verdict_at: Date | null
  /** What the staff see of the rating: its comment, indicators, label and whether it is excluded. */
  comment: string | null
  indicators: Record<string, number> | null
  subject_label: string
  excluded: boolean
}

export interface AppealRow {
  id: string
  rectification_id: string
  reason: string
  filed_by: string
  filed_at: Date
  status: 'pending' | 'upheld' | 'rejected'
  decided_at: Date | null
  note: string | null
}

export interface NewRating {
  id: string
  subjectKind: RatedKind
  subjectId: string
  userId: string | null
  departmentCode: string
  hallId: string | null
  level: number
  resolved: boolean | null
  indicators: Record<string, number> | null
  comment: string | null
  photoId: string | null
  isDefault: boolean
  ratedAt: Date
}

export interface NewRectification {
  id: string
  subjectKind: RectifiedKind
  subjectId: string
  ratingRef: string
  departmentCode: string
  hallId: string | null
  userId: string | null
  level: number
  ratedAt: Date
  openedAt: Date
  deadline: Date
}

/** The 整改 row with what the queue shows: department and hall names, the rating's comment and the subject's label. */
const RECTIFICATION_SELECT = `
  SELECT r.*, d.name AS department_name, h.name AS hall_name,
         COALESCE(rt.comment, ru.note) AS comment, rt.indicators,
         COALESCE(sv.name || ' · ' || h.name, sv.name || ' · ' || apl.number, rq.number, r.subject_id) AS subject_label,
         COALESCE(rt.excluded, EXISTS (SELECT 1 FROM request_updates x WHERE x.request_id = rq.id AND x.action = 'rating-excluded'
                                         AND x.data->>'ratingUpdateId' = r.rating_ref)) AS excluded
    FROM rating_rectifications r
    JOIN departments d ON d.code = r.department_code
    LEFT JOIN halls h ON h.id = r.hall_id
    LEFT JOIN ratings rt ON r.subject_kind <> 'request' AND rt.id::text = r.rating_ref
    LEFT JOIN appointments ap ON r.subject_kind = 'appointment' AND ap.id::text = r.subject_id
    LEFT JOIN applications apl ON r.subject_kind = 'application' AND apl.id::text = r.subject_id
    LEFT JOIN services sv ON sv.code = COALESCE(ap.service_code, apl.service_code)
    LEFT JOIN requests rq ON r.subject_kind = 'request' AND rq.id::text = r.subject_id
    LEFT JOIN request_updates ru ON r.subject_kind = 'request' AND ru.id::text = r.rating_ref`

export const ratingsRepo = {
  /** A resident's hall visit with what its rating needs (locked with `lock`). */
  async visit(q: Queryable, id: string, lock = false): Promise<VisitRow | null> {
    const r = await q.query<VisitRow>(
      `SELECT a.id, a.user_id, a.status, a.hall_id, h.name AS hall_name, sv.name AS service_name, sv.department_code, s.ends_at
         FROM appointments a JOIN slots s ON s.id = a.slot_id JOIN services sv ON sv.code = a.service_code JOIN halls h ON h.id = a.hall_id
        WHERE a.id = $1${lock ? ' FOR UPDATE OF a' : ''}`,
      [id],
    )
    return r.rows[0] ?? null
  },

  /** A 办件 with what its rating needs (locked with `lock`). */
  async application(q: Queryable, id: string, lock = false): Promise<ApplicationRow | null> {
    const r = await q.query<ApplicationRow>(
      `SELECT a.id, a.number, a.user_id, a.status, sv.name AS service_name, a.department_code, a.decided_at
         FROM applications a JOIN services sv ON sv.code = a.service_code
        WHERE a.id = $1${lock ? ' FOR UPDATE OF a' : ''}`,
      [id],
    )
    return r.rows[0] ?? null
  },

  async ratingOf(q: Queryable, kind: string, subjectId: string): Promise<RatingRow | null> {
    const r = await q.query<RatingRow>('SELECT * FROM ratings WHERE subject_kind = $1 AND subject_id = $2', [kind, subjectId])
    return r.rows[0] ?? null
  },

  /** Inserts a rating unless the subject has one; answers whether it did. */
  async insertRating(q: Queryable, n: NewRating): Promise<boolean> {
    const r = await q.query(
      `INSERT INTO ratings (id, subject_kind, subject_id, user_id, department_code, hall_id, level, resolved, indicators, comment, photo_id, is_default, rated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (subject_kind, subject_id) DO NOTHING`,
      [n.id, n.subjectKind, n.subjectId, n.userId, n.departmentCode, n.hallId, n.level, n.resolved, n.indicators ? JSON.stringify(n.indicators) : null, n.comment, n.photoId, n.isDefault, n.ratedAt],
    )
    return (r.rowCount ?? 0) > 0
  },

  /** Whether `photoId` is the resident's own upload, attached to nothing (request, 办件 material) and used by no other rating. */
  async photoUsable(q: Queryable, photoId: string, userId: string): Promise<boolean> {
    const r = await q.query(
      `SELECT 1 FROM uploads u WHERE u.id = $1 AND u.user_id = $2 AND u.request_id IS NULL AND u.application_id IS NULL
          AND NOT EXISTS (SELECT 1 FROM ratings WHERE photo_id = u.id) FOR UPDATE OF u`,
      [photoId, userId],
    )
    return r.rows.length > 0
  },

  /** Opens a 整改 unless the rating has one; answers whether it did. */
  async insertRectification(q: Queryable, n: NewRectification): Promise<boolean> {
    const r = await q.query(
      `INSERT INTO rating_rectifications (id, subject_kind, subject_id, rating_ref, department_code, hall_id, user_id, level, rated_at, opened_at, deadline)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (subject_kind, rating_ref) DO NOTHING`,
      [n.id, n.subjectKind, n.subjectId, n.ratingRef, n.departmentCode, n.hallId, n.userId, n.level, n.ratedAt, n.openedAt, n.deadline],
    )
    return (r.rowCount ?? 0) > 0
  },

  async rectification(q: Queryable, id: string, lock = false): Promise<RectificationRow | null> {
    const r = await q.query<RectificationRow>(`${RECTIFICATION_SELECT} WHERE r.id = $1${lock ? ' FOR UPDATE OF r' : ''}`, [id])
    return r.rows[0] ?? null
  },

  /** The latest 整改 of a subject (a request may have had several 差评 over reopenings). */
  async rectificationOfSubject(q: Queryable, kind: string, subjectId: string): Promise<RectificationRow | null> {
    const r = await q.query<RectificationRow>(`${RECTIFICATION_SELECT} WHERE r.subject_kind = $1 AND r.subject_id = $2 ORDER BY r.opened_at DESC LIMIT 1`, [kind, subjectId])
    return r.rows[0] ?? null
  },

  /** A staff queue: by department or hall (null: all), open / done / all, soonest deadline first. */
  async queue(q: Queryable, scope: { departmentCode: string | null; hallId: string | null }, status: 'open' | 'done' | 'all', limit = 200): Promise<RectificationRow[]> {
    const r = await q.query<RectificationRow>(
      `${RECTIFICATION_SELECT}
        WHERE ($1::text IS NULL OR r.department_code = $1) AND ($2::text IS NULL OR r.hall_id = $2)
          AND ($3 = 'all' OR ($3 = 'open') = (r.done_at IS NULL))
        ORDER BY (r.done_at IS NULL) DESC, r.deadline, r.id LIMIT $4`,
      [scope.departmentCode, scope.hallId, status, limit],
    )
    return r.rows
  },

  async recordRectification(
    q: Queryable,
    id: string,
    v: { contactedAt: Date; method: string; summary: string; result: string; staffId: string; now: Date },
  ): Promise<boolean> {
    const r = await q.query(
      `UPDATE rating_rectifications SET contacted_at = $2, contact_method = $3, contact_summary = $4, result = $5, done_at = $6, done_by = $7
        WHERE id = $1 AND done_at IS NULL`,
      [id, v.contactedAt, v.method, v.summary, v.result, v.now, v.staffId],
    )
    return (r.rowCount ?? 0) > 0
  },

  async setVerdict(q: Queryable, id: string, verdict: string, now: Date): Promise<boolean> {
    const r = await q.query('UPDATE rating_rectifications SET verdict = $2, verdict_at = $3 WHERE id = $1 AND done_at IS NOT NULL AND verdict IS NULL', [id, verdict, now])
    return (r.rowCount ?? 0) > 0
  },

  /** The latest appeal of each of `ids`. */
  async latestAppeals(q: Queryable, rectificationIds: string[]): Promise<Map<string, AppealRow>> {
    if (rectificationIds.length === 0) return new Map()
    const r = await q.query<AppealRow>(
      `SELECT DISTINCT ON (rectification_id) * FROM rating_appeals WHERE rectification_id = ANY($1::uuid[]) ORDER BY rectification_id, filed_at DESC, id`,
      [rectificationIds],
    )
    return new Map(r.rows.map((a) => [a.rectification_id, a]))
  },

  async insertAppeal(q: Queryable, a: { id: string; rectificationId: string; reason: string; staffId: string; now: Date }): Promise<boolean> {
    const r = await q.query(
      `INSERT INTO rating_appeals (id, rectification_id, reason, filed_by, filed_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (rectification_id) WHERE status = 'pending' DO NOTHING`,
      [a.id, a.rectificationId, a.reason, a.staffId, a.now],
    )
    return (r.rowCount ?? 0) > 0
  },

  async appeal(q: Queryable, id: string, lock = false): Promise<AppealRow | null> {
    const r = await q.query<AppealRow>(`SELECT * FROM rating_appeals WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id])
    return r.rows[0] ?? null
  },

  async appeals(q: Queryable, status: string, limit = 200): Promise<AppealRow[]> {
    const r = await q.query<AppealRow>(
      `SELECT * FROM rating_appeals WHERE $1 = 'all' OR status = $1 ORDER BY (status = 'pending') DESC, filed_at, id LIMIT $2`,
      [status, limit],
    )
    return r.rows
  },

  async decideAppeal(q: Queryable, id: string, v: { upheld: boolean; note: string; staffId: string; now: Date }): Promise<boolean> {
    const r = await q.query(
      `UPDATE rating_appeals SET status = $2, note = $3, decided_by = $4, decided_at = $5 WHERE id = $1 AND status = 'pending'`,
      [id, v.upheld ? 'upheld' : 'rejected', v.note, v.staffId, v.now],
    )
    return (r.rowCount ?? 0) > 0
  },

  async excludeRating(q: Queryable, ratingId: string): Promise<void> {
    await q.query('UPDATE ratings SET excluded = true WHERE id::text = $1', [ratingId])
  },

  /** The request a 'rate'/'revisit' row belongs to, with its status (for the 'rating-excluded' row). */
  async requestOfUpdate(q: Queryable, updateId: string): Promise<{ request_id: string; status: string } | null> {
    const r = await q.query<{ request_id: string; status: string }>(
      `SELECT u.request_id, rq.status FROM request_updates u JOIN requests rq ON rq.id = u.request_id WHERE u.id = $1::bigint`,
      [updateId],
    )
    return r.rows[0] ?? null
  },

  async requestOwner(q: Queryable, requestId: string): Promise<string | null> {
    const r = await q.query<{ user_id: string | null }>('SELECT user_id FROM requests WHERE id = $1', [requestId])
    return r.rows[0]?.user_id ?? null
  },
}
