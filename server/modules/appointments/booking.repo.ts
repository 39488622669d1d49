// SQL of a resident's booking: the per-resident lock, what the rules need to know about the resident, and the two
// ways a seat is taken and booked (one statement in the transactional path, book_appointment() in the fast path).
import type { Queryable } from '../../db'
import type { SlotRow, StoredAnswer } from './rows.repo'

/** What both booking paths write: the booking's id and code, its slot and service, and the window it must fall in. */
export interface NewBooking {
  id: string
  code: string
  userId: string
  slotId: number
  service: string
  /** bookingWindow() of domain/appointment.ts. */
  notBefore: Date
  notAfter: Date
  now: Date
}

/** The fast path's extra inputs: the resident rules it checks plainly, and the Idempotency-Key's answer to store. */
export interface OneStatementBooking extends NewBooking {
  /** noShowLookback(): any no-show since then sends the booking to the transactional path. */
  noShowSince: Date
  maxActive: number
  idempotencyKey: string | null
  requestHash: string | null
  body: unknown
}

export function createBookingRepo(db: Queryable) {
  /** Serialises one resident's booking changes (the 3-active limit under concurrency). */
  async function lockUser(userId: string, q: Queryable = db): Promise<void> {
    await q.query('SELECT id FROM users WHERE id = $1 FOR UPDATE', [userId])
  }

  return {
    lockUser,

    /**
     * Locks the resident's row (serialising their booking changes: the 3-active limit under concurrency), then reads
     * their active bookings' services and no-shows since `since`. Two statements on purpose: under READ COMMITTED a
     * statement that waited for the lock still sees its own earlier snapshot in sub-selects, so the read must start
     * after the lock is held.
     */
    async lockAndLoad(
      userId: string,
      since: Date,
      idempotencyKey: string | undefined,
      q: Queryable,
    ): Promise<{ active: string[]; noShows: Date[]; stored: StoredAnswer | null }> {
      await lockUser(userId, q)
      const r = await q.query<{ active: string[] | null; no_shows: string[] | null; stored: StoredAnswer | null }>(
        `SELECT (SELECT array_agg(service_code) FROM appointments WHERE user_id = $1 AND status = 'booked') AS active,
                (SELECT array_agg(no_show_at::text) FROM appointments WHERE user_id = $1 AND status = 'no_show' AND no_show_at >= $2) AS no_shows,
                (SELECT json_build_object('request_hash', request_hash, 'status', status, 'body', body)
                   FROM idempotency_keys WHERE user_id = $1 AND key = $3) AS stored`,
        [userId, since, idempotencyKey ?? null],
      )
      const row = r.rows[0]
      return { active: row?.active ?? [], noShows: (row?.no_shows ?? []).map((t) => new Date(t)), stored: row?.stored ?? null }
    },

    /**
     * The booking in one statement: takes a seat (capacity, closure, service and window in the WHERE) and inserts the
     * appointment on it, unless the resident already holds an active one for the service (the partial unique index).
     * `slot` null: no seat (find out why); `inserted` false: a duplicate, and the caller must roll back the seat.
     */
    async takeSeatAndBook(a: NewBooking, q: Queryable): Promise<{ slot: SlotRow | null; inserted: boolean }> {
      const r = await q.query<SlotRow & { inserted: boolean }>(
        `WITH s AS (
           UPDATE slots SET booked = booked + 1
            WHERE id = $1 AND service_code = $2 AND booked < capacity AND NOT closed AND starts_at >= $3 AND starts_at < $4
            RETURNING *),
         a AS (
           INSERT INTO appointments (id, code, user_id, slot_id, hall_id, service_code, starts_at, created_at)
           SELECT $5, $6, $7, s.id, s.hall_id, s.service_code, s.starts_at, $8 FROM s
           ON CONFLICT (user_id, service_code) WHERE status = 'booked' DO NOTHING
           RETURNING id)
         SELECT s.*, EXISTS (SELECT 1 FROM a) AS inserted FROM s`,
        [a.slotId, a.service, a.notBefore, a.notAfter, a.id, a.code, a.userId, a.now],
      )
      const row = r.rows[0]
      if (!row) return { slot: null, inserted: false }
      const { inserted, ...slot } = row
      return { slot: slot as SlotRow, inserted }
    },

    /**
     * The common booking in one statement (book_appointment(), migrations 010 and 013). 'booked': done, with its
     * idempotent answer; 'stored': the first answer of this Idempotency-Key; null: nothing changed, run the
     * ordinary transaction (a refusal to explain, or the unique index caught a duplicate).
     */
    async bookInOne(a: OneStatementBooking, q: Queryable = db): Promise<{ outcome: 'booked' } | { outcome: 'stored'; stored: StoredAnswer } | null> {
      let r
      try {
        r = await q.query<{ outcome: 'booked' | 'stored' | 'slow'; stored_hash: string | null; stored_status: number | null; stored_body: unknown }>(
          'SELECT * FROM book_appointment($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)',
          [
            a.userId,
            a.slotId,
            a.service,
            a.notBefore,
            a.notAfter,
            a.id,
            a.code,
            a.now,
            a.noShowSince,
            a.maxActive,
            a.idempotencyKey,
            a.requestHash,
            JSON.stringify(a.body),
          ],
          { prepare: 'appointments.book_in_one' },
        )
      } catch (err) {
        // A unique violation (the one-active-booking index, or a booking code clash): the statement rolled back.
        if ((err as { code?: string }).code === '23505') return null
        throw err
      }
      const row = r.rows[0]
      if (row?.outcome === 'booked') return { outcome: 'booked' }
      if (row?.outcome === 'stored') {
        return { outcome: 'stored', stored: { request_hash: row.stored_hash!, status: row.stored_status!, body: row.stored_body } }
      }
      return null
    },
  }
}
