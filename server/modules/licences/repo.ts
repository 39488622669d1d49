// SQL for e-licences (电子证照): issuing one, the resident's list, the holder check a later application's material
// makes, and the account data. Every function takes the db or a transaction.
import type { Queryable } from '../../db'

export interface LicenceRow {
  id: string
  number: string
  user_id: string
  type: string
  title: string
  holder_name_enc: string | null
  holder_masked: string
  issuer: string
  department_code: string | null
  application_id: string | null
  issued_at: Date
  revoked_at: Date | null
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export const licencesRepo = {
  async insert(q: Queryable, l: Omit<LicenceRow, 'id' | 'number' | 'revoked_at'>): Promise<LicenceRow> {
    const r = await q.query<LicenceRow>(
      `INSERT INTO licences (number, user_id, type, title, holder_name_enc, holder_masked, issuer, department_code, application_id, issued_at)
       VALUES ('DZ' || to_char($9::timestamptz AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || lpad((nextval('licence_number_seq') % 1000000)::text, 6, '0'),
               $1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
      [l.user_id, l.type, l.title, l.holder_name_enc, l.holder_masked, l.issuer, l.department_code, l.application_id, l.issued_at],
    )
    return r.rows[0]
  },

  async ofUser(q: Queryable, userId: string): Promise<LicenceRow[]> {
    return (await q.query<LicenceRow>('SELECT * FROM licences WHERE user_id = $1 ORDER BY issued_at DESC, number', [userId])).rows
  },

  async byId(q: Queryable, id: string): Promise<LicenceRow | null> {
    if (!UUID.test(id)) return null
    return (await q.query<LicenceRow>('SELECT * FROM licences WHERE id = $1', [id])).rows[0] ?? null
  },

  async byNumber(q: Queryable, number: string): Promise<LicenceRow | null> {
    return (await q.query<LicenceRow>('SELECT * FROM licences WHERE number = $1', [number])).rows[0] ?? null
  },

  /** A valid licence the resident holds, with the service that issued it. */
  async heldBy(q: Queryable, id: string, userId: string): Promise<{ id: string; type: string; service_code: string | null } | null> {
    if (!UUID.test(id)) return null
    const r = await q.query<{ id: string; type: string; service_code: string | null }>(
      `SELECT l.id, l.type, a.service_code FROM licences l LEFT JOIN applications a ON a.id = l.application_id
        WHERE l.id = $1 AND l.user_id = $2 AND l.revoked_at IS NULL`,
      [id, userId],
    )
    return r.rows[0] ?? null
  },

  async exportOfUser(q: Queryable, userId: string): Promise<unknown[]> {
    const r = await q.query(
      `SELECT number, type, title, holder_masked AS holder, issuer, issued_at AS "issuedAt", revoked_at AS "revokedAt"
         FROM licences WHERE user_id = $1 ORDER BY issued_at`,
      [userId],
    )
    return r.rows
  },
}
