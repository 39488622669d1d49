// SQL for 通知公告 (announcements): the public list and one notice by audience and period, and the admin's writes.
import type { Queryable } from '../../db'

export interface AnnouncementRow {
  id: string
  title: string
  body: string
  audience: 'all' | 'residents' | 'staff'
  starts_at: Date
  ends_at: Date | null
  withdrawn_at: Date | null
  published_at: Date
  updated_at: Date
  updated_by_name: string
}

const COLUMNS = `a.id, a.title, a.body, a.audience, a.starts_at, a.ends_at, a.withdrawn_at, a.published_at, a.updated_at,
  s.display_name AS updated_by_name`

export interface AnnouncementWrite {
  title: string
  body: string
  audience: 'all' | 'residents' | 'staff'
  startsAt: Date
  endsAt: Date | null
}

export function createAnnouncementsRepo(db: Queryable) {
  return {
    /** Notices in force at `now` for one of `audiences`, newest start first. */
    async live(audiences: string[], now: Date, limit: number): Promise<AnnouncementRow[]> {
      const r = await db.query<AnnouncementRow>(
        `SELECT ${COLUMNS} FROM announcements a JOIN staff s ON s.id = a.updated_by
          WHERE a.withdrawn_at IS NULL AND a.starts_at <= $2 AND (a.ends_at IS NULL OR a.ends_at > $2)
            AND a.audience = ANY($1::text[])
          ORDER BY a.starts_at DESC, a.id LIMIT ${Math.trunc(limit)}`,
        [audiences, now],
      )
      return r.rows
    },

    /** Every notice, newest first (the admin's list). */
    async all(limit: number): Promise<AnnouncementRow[]> {
      const r = await db.query<AnnouncementRow>(
        `SELECT ${COLUMNS} FROM announcements a JOIN staff s ON s.id = a.updated_by ORDER BY a.published_at DESC, a.id LIMIT ${Math.trunc(limit)}`,
      )
      return r.rows
    },

    async byId(id: string, tx: Queryable = db): Promise<AnnouncementRow | null> {
      const r = await tx.query<AnnouncementRow>(`SELECT ${COLUMNS} FROM announcements a JOIN staff s ON s.id = a.updated_by WHERE a.id = $1`, [id])
      return r.rows[0] ?? null
    },

    async insert(id: string, w: AnnouncementWrite, staffId: string, now: Date): Promise<void> {
      await db.query(
        `INSERT INTO announcements (id, title, body, audience, starts_at, ends_at, published_at, updated_at, created_by, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $8)`,
        [id, w.title, w.body, w.audience, w.startsAt, w.endsAt, now, staffId],
      )
    },

    /** Updates a notice not withdrawn; false when there is none such. */
    async update(id: string, w: AnnouncementWrite, staffId: string, now: Date, tx: Queryable = db): Promise<boolean> {
      const r = await tx.query(
        `UPDATE announcements SET title = $2, body = $3, audience = $4, starts_at = $5, ends_at = $6, updated_at = $7, updated_by = $8
          WHERE id = $1 AND withdrawn_at IS NULL`,
        [id, w.title, w.body, w.audience, w.startsAt, w.endsAt, now, staffId],
      )
      return (r.rowCount ?? 0) > 0
    },

    async withdraw(id: string, staffId: string, now: Date, tx: Queryable = db): Promise<boolean> {
      const r = await tx.query(
        `UPDATE announcements SET withdrawn_at = $2, updated_at = $2, updated_by = $3 WHERE id = $1 AND withdrawn_at IS NULL`,
        [id, now, staffId],
      )
      return (r.rowCount ?? 0) > 0
    },
  }
}
export type AnnouncementsRepo = ReturnType<typeof createAnnouncementsRepo>
