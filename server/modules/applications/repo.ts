// SQL for online applications: rows, update rows, the resident's list, bundles, drafts, material attachment and the
// account data. Every function takes the db or a transaction. The staff queue is in queue.repo.ts.
import type { ApplicationStatus } from '@contract/applications'
import type { Queryable } from '../../db'

export interface StoredMaterial {
  materialId: string
  name: string
  provide: 'upload' | 'licence' | 'counter'
  uploadIds: string[]
  licenceId: string | null
}

export interface Correction {
  note: string | null
  materialIds: string[]
  fieldKeys: string[]
}

export interface StoredResult {
  licenceId: string | null
  delivery: 'none' | 'pickup' | 'postal'
  postalAddress: string | null
}

export interface ApplicationRow {
  id: string
  number: string
  user_id: string
  service_code: string
  department_code: string
  bundle_id: string | null
  status: ApplicationStatus
  form_version: string
  fields: Record<string, unknown>
  materials: StoredMaterial[]
  holder_name_enc: string | null
  holder_id_enc: string | null
  holder_phone_enc: string | null
  promised_days: number
  submitted_at: Date
  accepted_at: Date | null
  deadline: Date
  days_left: number | null
  correction: Correction | null
  result: StoredResult | null
  decided_at: Date | null
  idempotency_key: string | null
  idempotency_hash: string | null
  updated_at: Date
}

/** An application with the names the resident and the clerk read. */
export interface ApplicationView extends ApplicationRow {
  service_name: string
  department_name: string
  bundle_number: string | null
}

export interface UpdateRow {
  id: number
  action: string
  from_status: ApplicationStatus | null
  to_status: ApplicationStatus
  note: string | null
  data: Record<string, unknown>
  created_at: Date
}

export type NewApplication = Pick<
  ApplicationRow,
  | 'number'
  | 'user_id'
  | 'service_code'
  | 'department_code'
  | 'bundle_id'
  | 'form_version'
  | 'fields'
  | 'materials'
  | 'holder_name_enc'
  | 'holder_id_enc'
  | 'holder_phone_enc'
  | 'promised_days'
  | 'submitted_at'
  | 'deadline'
  | 'idempotency_key'
  | 'idempotency_hash'
>

export type ApplicationChanges = Partial<Pick<ApplicationRow, 'status' | 'fields' | 'materials' | 'accepted_at' | 'deadline' | 'days_left' | 'correction' | 'result' | 'decided_at' | 'updated_at'>>

const JSON_COLUMNS = new Set(['fields', 'materials', 'correction', 'result'])

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

const VIEW = `SELECT a.*, s.name AS service_name, d.name AS department_name, b.number AS bundle_number
  FROM applications a JOIN services s ON s.code = a.service_code JOIN departments d ON d.code = a.department_code
  LEFT JOIN application_bundles b ON b.id = a.bundle_id`

/** The applicant's 实名 data, sealed as identity keeps it. */
export type SealedRealname = { level: number; name_enc: string | null; id_enc: string | null; phone_enc: string | null }

/** An active service with its department, as a submission needs it. */
export type ActiveService = { code: string; name: string; department_code: string; department_name: string; promised_days: number }

/** What a submission reads first: a retry's application, the service (if active), the applicant's 实名. */
export interface SubmitContext {
  existing: Pick<ApplicationRow, 'id' | 'number' | 'status' | 'idempotency_hash'> | null
  service: ActiveService | null
  realname: SealedRealname | null
}

export const applicationsRepo = {
  async nextNumber(q: Queryable): Promise<number> {
    const r = await q.query<{ n: string }>(`SELECT nextval('application_number_seq')::text AS n`)
    return Number(r.rows[0].n)
  },

  async byId(q: Queryable, id: string, lock = false): Promise<ApplicationRow | null> {
    if (!UUID.test(id)) return null
    const r = await q.query<ApplicationRow>(`SELECT * FROM applications WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id])
    return r.rows[0] ?? null
  },

  async view(q: Queryable, id: string): Promise<ApplicationView | null> {
    if (!UUID.test(id)) return null
    const r = await q.query<ApplicationView>(`${VIEW} WHERE a.id = $1`, [id])
    return r.rows[0] ?? null
  },

  async byIdempotency(q: Queryable, userId: string, key: string): Promise<ApplicationRow | null> {
    const r = await q.query<ApplicationRow>('SELECT * FROM applications WHERE user_id = $1 AND idempotency_key = $2', [userId, key])
    return r.rows[0] ?? null
  },

  /**
   * A submitted application in one statement (one round trip, atomic without a transaction of its own): the row,
   * numbered `a.number` (prefix and date) + 6 digits of the sequence; its uploads attached (`attach`: every one must be
   * the resident's, unused and not a request's, or onestop_require raises MATERIAL_INVALID and nothing is written);
   * its first update row ('submit'); its notice in the outbox (`notice`: the template and data but the number, added
   * here; the page is `pagePrefix` + the id; dedupe key `application-update:<update id>`); and, with `draftCode`, the
   * resident's draft of that form deleted. Null, with nothing written, when the resident's Idempotency-Key is already
   * taken (a concurrent retry won).
   */
  async submit(
    q: Queryable,
    a: NewApplication & { attach: string[]; notice: { template: string; data: Record<string, unknown>; pagePrefix: string }; draftCode: string | null },
  ): Promise<ApplicationRow | null> {
    const r = await q.query<ApplicationRow & { checked: boolean }>(
      `WITH app AS (
         INSERT INTO applications (number, user_id, service_code, department_code, bundle_id, status, form_version, fields, materials,
           holder_name_enc, holder_id_enc, holder_phone_enc, promised_days, submitted_at, deadline, idempotency_key, idempotency_hash, updated_at)
         VALUES ($1 || lpad((nextval('application_number_seq') % 1000000)::text, 6, '0'), $2, $3, $4, $5, 'submitted', $6, $7, $8, $9, $10, $11,
                 $12, $13, $14, $15, $16, $13)
         ON CONFLICT (user_id, idempotency_key) DO NOTHING RETURNING *
       ), attached AS (
         UPDATE uploads u SET application_id = app.id FROM app
          WHERE u.id = ANY($17::uuid[]) AND u.user_id = app.user_id AND u.request_id IS NULL AND u.application_id IS NULL
         RETURNING u.id
       ), step AS (
         INSERT INTO application_updates (application_id, action, from_status, to_status, actor_kind, data, created_at)
         SELECT id, 'submit', NULL, 'submitted', 'resident', '{}'::jsonb, $13 FROM app RETURNING id, application_id
       ), notice AS (
         INSERT INTO outbox (user_id, template, data, page, dedupe_key, send_after, created_at)
         SELECT app.user_id, $18, jsonb_build_object('number', app.number) || $19::jsonb, $20 || app.id, 'application-update:' || step.id, $13, $13
           FROM app JOIN step ON step.application_id = app.id
         ON CONFLICT (dedupe_key) DO NOTHING
       ), draft AS (
         DELETE FROM application_drafts WHERE $21::text IS NOT NULL AND user_id = $2 AND form_code = $21 AND EXISTS (SELECT 1 FROM app)
       )
       SELECT app.*, onestop_require((SELECT count(*) FROM attached) = cardinality($17::uuid[]), 'MATERIAL_INVALID') AS checked FROM app`,
      [
        a.number, a.user_id, a.service_code, a.department_code, a.bundle_id, a.form_version, JSON.stringify(a.fields), JSON.stringify(a.materials),
        a.holder_name_enc, a.holder_id_enc, a.holder_phone_enc, a.promised_days, a.submitted_at, a.deadline, a.idempotency_key, a.idempotency_hash,
        a.attach, a.notice.template, JSON.stringify(a.notice.data), a.notice.pagePrefix, a.draftCode,
      ],
      // Parsed and planned once per connection: the hottest write of a submission burst.
      { prepare: 'applications.submit' },
    )
    const row = r.rows[0]
    if (!row) return null
    const { checked: _checked, ...application } = row
    return application
  },

  async change(q: Queryable, id: string, set: ApplicationChanges): Promise<void> {
    const cols = Object.keys(set) as (keyof ApplicationChanges)[]
    const values = cols.map((c) => (JSON_COLUMNS.has(c) && set[c] !== null ? JSON.stringify(set[c]) : set[c]))
    const assignments = cols.map((c, i) => `${c} = $${i + 2}`).join(', ')
    await q.query(`UPDATE applications SET ${assignments} WHERE id = $1`, [id, ...values])
  },

  async insertUpdate(
    q: Queryable,
    u: { applicationId: string; action: string; from: ApplicationStatus | null; to: ApplicationStatus; actorKind: 'resident' | 'staff'; staffId: string | null; departmentCode: string | null; note: string | null; data: Record<string, unknown>; at: Date },
  ): Promise<number> {
    const r = await q.query<{ id: string }>(
      `INSERT INTO application_updates (application_id, action, from_status, to_status, actor_kind, actor_staff_id, actor_department_code, note, data, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [u.applicationId, u.action, u.from, u.to, u.actorKind, u.staffId, u.departmentCode, u.note, JSON.stringify(u.data), u.at],
    )
    return Number(r.rows[0].id)
  },

  async updates(q: Queryable, id: string): Promise<UpdateRow[]> {
    const r = await q.query<UpdateRow>(
      'SELECT id, action, from_status, to_status, note, data, created_at FROM application_updates WHERE application_id = $1 ORDER BY id',
      [id],
    )
    return r.rows
  },

  async listOfUser(q: Queryable, userId: string, limit: number, offset: number): Promise<{ rows: ApplicationView[]; total: number }> {
    const [rows, total] = await Promise.all([
      q.query<ApplicationView>(`${VIEW} WHERE a.user_id = $1 ORDER BY a.submitted_at DESC, a.id LIMIT $2 OFFSET $3`, [userId, limit, offset]),
      q.query<{ n: number }>('SELECT count(*)::int AS n FROM applications WHERE user_id = $1', [userId]),
    ])
    return { rows: rows.rows, total: total.rows[0].n }
  },

  async ofBundle(q: Queryable, bundleId: string): Promise<ApplicationView[]> {
    return (await q.query<ApplicationView>(`${VIEW} WHERE a.bundle_id = $1 ORDER BY a.number`, [bundleId])).rows
  },

  /** The applicant's 实名 data, sealed as identity keeps it. */
  async realname(q: Queryable, userId: string): Promise<SealedRealname | null> {
    const r = await q.query<SealedRealname>(
      'SELECT level, realname_name_enc AS name_enc, id_number_enc AS id_enc, phone_enc FROM users WHERE id = $1',
      [userId],
    )
    return r.rows[0] ?? null
  },

  /**
   * What a submission needs first, in one round trip: the application the resident already filed with this
   * Idempotency-Key (a retry), the service if active, and the resident's 实名 (sealed).
   */
  async submitContext(q: Queryable, userId: string, key: string, serviceCode: string): Promise<SubmitContext> {
    const r = await q.query<SubmitContext>(
      `SELECT (SELECT json_build_object('id', a.id, 'number', a.number, 'status', a.status, 'idempotency_hash', a.idempotency_hash)
                 FROM applications a WHERE a.user_id = $1 AND a.idempotency_key = $2) AS existing,
              (SELECT json_build_object('code', s.code, 'name', s.name, 'department_code', s.department_code, 'department_name', d.name,
                                        'promised_days', s.promised_days)
                 FROM services s JOIN departments d ON d.code = s.department_code WHERE s.code = $3 AND s.status = 'active') AS service,
              (SELECT json_build_object('level', u.level, 'name_enc', u.realname_name_enc, 'id_enc', u.id_number_enc, 'phone_enc', u.phone_enc)
                 FROM users u WHERE u.id = $1) AS realname`,
      [userId, key, serviceCode],
      { prepare: 'applications.submit_context' },
    )
    return r.rows[0]
  },

  async service(q: Queryable, code: string): Promise<ActiveService | null> {
    const r = await q.query<ActiveService>(
      `SELECT s.code, s.name, s.department_code, d.name AS department_name, s.promised_days
         FROM services s JOIN departments d ON d.code = s.department_code WHERE s.code = $1 AND s.status = 'active'`,
      [code],
    )
    return r.rows[0] ?? null
  },

  async bundle(q: Queryable, code: string): Promise<{ code: string; name: string; items: string[] } | null> {
    const r = await q.query<{ code: string; name: string; items: string[] | null }>(
      `SELECT b.code, b.name, array_agg(i.service_code ORDER BY i.position) AS items
         FROM bundles b JOIN bundle_items i ON i.bundle_code = b.code WHERE b.code = $1 AND b.status = 'active' GROUP BY b.code, b.name`,
      [code],
    )
    const row = r.rows[0]
    return row ? { code: row.code, name: row.name, items: row.items ?? [] } : null
  },

  /**
   * Attaches the resident's uploads to the application: each must be the resident's and not attached to anything
   * else (or already to this application). Answers whether all of them were.
   */
  async attachUploads(q: Queryable, applicationId: string, userId: string, uploadIds: string[]): Promise<boolean> {
    if (uploadIds.length === 0) return true
    if (!uploadIds.every((id) => UUID.test(id))) return false
    const r = await q.query(
      `UPDATE uploads SET application_id = $1
        WHERE id = ANY($2::uuid[]) AND user_id = $3 AND request_id IS NULL AND (application_id IS NULL OR application_id = $1)`,
      [applicationId, uploadIds, userId],
    )
    return (r.rowCount ?? 0) === new Set(uploadIds).size
  },

  /** An upload of the applicant's (the caller checks that the application lists it). */
  async upload(q: Queryable, uploadId: string, userId: string): Promise<{ id: string; storage_key: string; content_type: string } | null> {
    if (!UUID.test(uploadId)) return null
    const r = await q.query<{ id: string; storage_key: string; content_type: string }>(
      'SELECT id, storage_key, content_type FROM uploads WHERE id = $1 AND user_id = $2 AND application_id IS NOT NULL',
      [uploadId, userId],
    )
    return r.rows[0] ?? null
  },

  // ---- bundles

  async insertBundle(
    q: Queryable,
    b: { number: string; bundleCode: string; userId: string; key: string | null; hash: string | null; at: Date },
  ): Promise<{ id: string; number: string } | null> {
    const r = await q.query<{ id: string; number: string }>(
      `INSERT INTO application_bundles (number, bundle_code, user_id, idempotency_key, idempotency_hash, created_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (user_id, idempotency_key) DO NOTHING RETURNING id, number`,
      [b.number, b.bundleCode, b.userId, b.key, b.hash, b.at],
    )
    return r.rows[0] ?? null
  },

  async bundleById(q: Queryable, id: string): Promise<{ id: string; number: string; bundle_code: string; user_id: string; name: string; idempotency_hash: string | null } | null> {
    if (!UUID.test(id)) return null
    const r = await q.query<{ id: string; number: string; bundle_code: string; user_id: string; name: string; idempotency_hash: string | null }>(
      'SELECT ab.*, b.name FROM application_bundles ab JOIN bundles b ON b.code = ab.bundle_code WHERE ab.id = $1',
      [id],
    )
    return r.rows[0] ?? null
  },

  async bundleByIdempotency(q: Queryable, userId: string, key: string): Promise<{ id: string; idempotency_hash: string | null } | null> {
    const r = await q.query<{ id: string; idempotency_hash: string | null }>(
      'SELECT id, idempotency_hash FROM application_bundles WHERE user_id = $1 AND idempotency_key = $2',
      [userId, key],
    )
    return r.rows[0] ?? null
  },

  // ---- drafts

  async saveDraft(q: Queryable, userId: string, formCode: string, fields: unknown, materials: unknown, at: Date): Promise<void> {
    await q.query(
      `INSERT INTO application_drafts (user_id, form_code, fields, materials, updated_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (user_id, form_code) DO UPDATE SET fields = EXCLUDED.fields, materials = EXCLUDED.materials, updated_at = EXCLUDED.updated_at`,
      [userId, formCode, JSON.stringify(fields), JSON.stringify(materials), at],
    )
  },

  async draft(q: Queryable, userId: string, formCode: string): Promise<{ fields: Record<string, unknown>; materials: unknown[]; updated_at: Date } | null> {
    const r = await q.query<{ fields: Record<string, unknown>; materials: unknown[]; updated_at: Date }>(
      'SELECT fields, materials, updated_at FROM application_drafts WHERE user_id = $1 AND form_code = $2',
      [userId, formCode],
    )
    return r.rows[0] ?? null
  },

  async deleteDraft(q: Queryable, userId: string, formCode: string): Promise<void> {
    await q.query('DELETE FROM application_drafts WHERE user_id = $1 AND form_code = $2', [userId, formCode])
  },

  // ---- account data

  async exportOfUser(q: Queryable, userId: string): Promise<unknown[]> {
    const r = await q.query(
      `SELECT a.number, a.service_code AS "serviceCode", s.name AS "serviceName", a.status, a.fields, a.materials, a.submitted_at AS "submittedAt",
              a.accepted_at AS "acceptedAt", a.decided_at AS "decidedAt", a.result,
              COALESCE((SELECT json_agg(json_build_object('action', u.action, 'status', u.to_status, 'note', u.note, 'at', u.created_at) ORDER BY u.id)
                          FROM application_updates u WHERE u.application_id = a.id), '[]'::json) AS timeline
         FROM applications a JOIN services s ON s.code = a.service_code WHERE a.user_id = $1 ORDER BY a.submitted_at`,
      [userId],
    )
    return r.rows
  },

  /** Drafts go with the account; applications stay (archives the law requires), with their sealed applicant data. */
  async eraseDrafts(q: Queryable, userId: string): Promise<void> {
    await q.query('DELETE FROM application_drafts WHERE user_id = $1', [userId])
  },

  /** Account merge: drafts the kept account has for the same form win. */
  async mergeDrafts(q: Queryable, from: string, to: string): Promise<void> {
    await q.query(
      `UPDATE application_drafts d SET user_id = $2 WHERE d.user_id = $1
          AND NOT EXISTS (SELECT 1 FROM application_drafts k WHERE k.user_id = $2 AND k.form_code = d.form_code)`,
      [from, to],
    )
    await q.query('DELETE FROM application_drafts WHERE user_id = $1', [from])
  },
}
