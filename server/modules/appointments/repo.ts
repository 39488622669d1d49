// SQL for 预约办事: halls and their services, lazily generated slots, bookings, queue counters, idempotency keys.
import type { OpeningRules } from '@domain/appointment'
import type { Queryable } from '../../db'

export interface HallRow {
  id: string
  name: string
  district: string
  address: string
  lat: number
  lng: number
  phone: string
  hours: string
  opening: OpeningRules
}

export interface SlotRow {
  id: number
  hall_id: string
  service_code: string
  starts_at: Date
  ends_at: Date
  capacity: number
  booked: number
  closed: boolean
}

/** A stored first answer for an Idempotency-Key. */
export interface StoredAnswer {
  request_hash: string
  status: number
  body: unknown
}

export interface AppointmentRow {
  id: string
  code: string
  user_id: string
  status: 'booked' | 'checked_in' | 'cancelled' | 'closed' | 'no_show'
  queue_number: string | null
  reason: string | null
  created_at: Date
  checked_in_at: Date | null
  cancelled_at: Date | null
  slot_id: number
  starts_at: Date
  ends_at: Date
  hall_id: string
  hall_name: string
  hall_address: string
  hall_phone: string
  service_code: string
  service_name: string
}

const HALL_COLUMNS = 'h.id, h.name, h.district, h.address, h.lat, h.lng, h.phone, h.hours, h.opening'

const APPOINTMENT_SELECT = `
  SELECT a.id, a.code, a.user_id, a.status, a.queue_number, a.reason, a.created_at, a.checked_in_at, a.cancelled_at,
         s.id AS slot_id, s.starts_at, s.ends_at, h.id AS hall_id, h.name AS hall_name, h.address AS hall_address,
         h.phone AS hall_phone, sv.code AS service_code, sv.name AS service_name
    FROM appointments a
    JOIN slots s ON s.id = a.slot_id
    JOIN halls h ON h.id = a.hall_id
    JOIN services sv ON sv.code = a.service_code`

/** The outbox dedupe key of a booking's reminder for its current slot (remindersDue builds the same key in SQL). */
export const reminderKey = (row: { id: string; slot_id: number }) => `appointment-reminder:${row.id}:${row.slot_id}`

export function createAppointmentsRepo(db: Queryable) {
  return {
    async halls(service: string | undefined, q: Queryable = db): Promise<HallRow[]> {
      if (service) {
        const r = await q.query<HallRow>(
          `SELECT ${HALL_COLUMNS} FROM halls h JOIN hall_services hs ON hs.hall_id = h.id
            WHERE h.status = 'active' AND hs.service_code = $1 ORDER BY h.sort, h.id`,
          [service],
        )
        return r.rows
      }
      return (await q.query<HallRow>(`SELECT ${HALL_COLUMNS} FROM halls h WHERE h.status = 'active' ORDER BY h.sort, h.id`)).rows
    },

    async hall(id: string, q: Queryable = db): Promise<HallRow | null> {
      const r = await q.query<HallRow>(`SELECT ${HALL_COLUMNS} FROM halls h WHERE h.id = $1 AND h.status = 'active'`, [id])
      return r.rows[0] ?? null
    },

    async hallCapacity(hallId: string, service: string, q: Queryable = db): Promise<number | null> {
      const r = await q.query<{ capacity: number }>('SELECT capacity FROM hall_services WHERE hall_id = $1 AND service_code = $2', [hallId, service])
      return r.rows[0]?.capacity ?? null
    },

    async closures(hallId: string, from: string, to: string, q: Queryable = db): Promise<{ date: string; reason: string }[]> {
      const r = await q.query<{ date: string; reason: string }>(
        `SELECT day AS date, reason FROM hall_closures WHERE hall_id = $1 AND day BETWEEN $2::date AND $3::date ORDER BY day`,
        [hallId, from, to],
      )
      return r.rows
    },

    /** Inserts the slots that do not exist yet (concurrent callers and nodes are fine: ON CONFLICT DO NOTHING). */
    async insertSlots(hallId: string, service: string, capacity: number, times: { start: Date; end: Date }[], q: Queryable = db): Promise<void> {
      if (times.length === 0) return
      await q.query(
        `INSERT INTO slots (hall_id, service_code, starts_at, ends_at, capacity)
         SELECT $1, $2, s, e, $3 FROM unnest($4::timestamptz[], $5::timestamptz[]) AS t(s, e)
         ON CONFLICT (hall_id, service_code, starts_at) DO NOTHING`,
        [hallId, service, capacity, times.map((t) => t.start.toISOString()), times.map((t) => t.end.toISOString())],
      )
    },

    async slots(hallId: string, service: string, from: Date, to: Date, q: Queryable = db): Promise<SlotRow[]> {
      const r = await q.query<SlotRow>(
        `SELECT * FROM slots WHERE hall_id = $1 AND service_code = $2 AND starts_at >= $3 AND starts_at < $4 AND NOT closed
          ORDER BY starts_at`,
        [hallId, service, from, to],
      )
      return r.rows
    },

    async slot(id: number, q: Queryable = db): Promise<SlotRow | null> {
      const r = await q.query<SlotRow>('SELECT * FROM slots WHERE id = $1', [id])
      return r.rows[0] ?? null
    },

    /** Takes one seat (reschedule); false when the slot is full or closed. */
    async takeSeat(slotId: number, q: Queryable = db): Promise<boolean> {
      const r = await q.query('UPDATE slots SET booked = booked + 1 WHERE id = $1 AND booked < capacity AND NOT closed RETURNING id', [slotId])
      return r.rowCount === 1
    },

    async releaseSeat(slotId: number, q: Queryable = db): Promise<void> {
      await q.query('UPDATE slots SET booked = booked - 1 WHERE id = $1 AND booked > 0', [slotId])
    },

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
      await q.query('SELECT id FROM users WHERE id = $1 FOR UPDATE', [userId])
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
     * The booking in one statement: takes a seat (as takeBookableSeat) and inserts the appointment on it, unless the
     * resident already holds an active one for the service (the partial unique index). `slot` null: no seat (find out
     * why); `inserted` false: a duplicate, and the caller must roll back the seat.
     */
    async takeSeatAndBook(
      a: { id: string; code: string; userId: string; slotId: number; service: string; notBefore: Date; notAfter: Date; now: Date },
      q: Queryable,
    ): Promise<{ slot: SlotRow | null; inserted: boolean }> {
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
    async bookInOne(
      a: {
        userId: string
        slotId: number
        service: string
        notBefore: Date
        notAfter: Date
        id: string
        code: string
        now: Date
        noShowSince: Date
        maxActive: number
        idempotencyKey: string | null
        requestHash: string | null
        body: unknown
      },
      q: Queryable,
    ): Promise<{ outcome: 'booked' } | { outcome: 'stored'; stored: StoredAnswer } | null> {
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

    async hallCard(id: string, q: Queryable = db): Promise<{ name: string; address: string; phone: string } | null> {
      const r = await q.query<{ name: string; address: string; phone: string }>('SELECT name, address, phone FROM halls WHERE id = $1', [id])
      return r.rows[0] ?? null
    },

    async serviceName(code: string, q: Queryable = db): Promise<string | null> {
      const r = await q.query<{ name: string }>('SELECT name FROM services WHERE code = $1', [code])
      return r.rows[0]?.name ?? null
    },

    /** Serialises one resident's booking changes (the 3-active limit under concurrency). */
    async lockUser(userId: string, q: Queryable): Promise<void> {
      await q.query('SELECT id FROM users WHERE id = $1 FOR UPDATE', [userId])
    },

    async noShows(userId: string, since: Date, q: Queryable = db): Promise<Date[]> {
      const r = await q.query<{ no_show_at: Date }>(
        `SELECT no_show_at FROM appointments WHERE user_id = $1 AND status = 'no_show' AND no_show_at >= $2`,
        [userId, since],
      )
      return r.rows.map((x) => x.no_show_at)
    },

    async appointment(id: string, q: Queryable = db, forUpdate = false): Promise<AppointmentRow | null> {
      const r = await q.query<AppointmentRow>(`${APPOINTMENT_SELECT} WHERE a.id = $1${forUpdate ? ' FOR UPDATE OF a' : ''}`, [id])
      return r.rows[0] ?? null
    },

    async appointmentByCode(hallId: string, code: string, q: Queryable = db): Promise<AppointmentRow | null> {
      const r = await q.query<AppointmentRow>(`${APPOINTMENT_SELECT} WHERE a.code = $1 AND a.hall_id = $2 FOR UPDATE OF a`, [code, hallId])
      return r.rows[0] ?? null
    },

    /**
     * Booked appointments starting in [from, to) and after `after`, made before `madeBefore`, whose reminder is not in
     * the outbox yet (its dedupe key), at most `limit`.
     */
    async remindersDue(from: Date, to: Date, after: Date, madeBefore: Date, limit: number, q: Queryable = db): Promise<AppointmentRow[]> {
      const r = await q.query<AppointmentRow>(
        `${APPOINTMENT_SELECT}
          WHERE a.status = 'booked' AND a.starts_at >= $1 AND a.starts_at < $2 AND a.starts_at > $3 AND a.created_at < $4
            AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.dedupe_key = 'appointment-reminder:' || a.id || ':' || a.slot_id)
          ORDER BY a.starts_at
          LIMIT $5`,
        [from, to, after, madeBefore, limit],
      )
      return r.rows
    },

    async appointmentsOf(userId: string, q: Queryable = db): Promise<AppointmentRow[]> {
      const r = await q.query<AppointmentRow>(`${APPOINTMENT_SELECT} WHERE a.user_id = $1 ORDER BY s.starts_at DESC LIMIT 200`, [userId])
      return r.rows
    },

    async hallDay(hallId: string, from: Date, to: Date, q: Queryable = db): Promise<(AppointmentRow & { name_enc: string | null })[]> {
      const r = await q.query<AppointmentRow & { name_enc: string | null }>(
        `${APPOINTMENT_SELECT.replace('SELECT a.id,', 'SELECT u.realname_name_enc AS name_enc, a.id,')}
           JOIN users u ON u.id = a.user_id
          WHERE a.hall_id = $1 AND a.starts_at >= $2 AND a.starts_at < $3 AND a.status <> 'cancelled'
          ORDER BY s.starts_at, a.created_at`,
        [hallId, from, to],
      )
      return r.rows
    },

    async setStatus(
      id: string,
      from: AppointmentRow['status'],
      to: AppointmentRow['status'],
      fields: { now: Date; reason?: string; queueNumber?: string },
      q: Queryable = db,
    ): Promise<boolean> {
      const r = await q.query(
        `UPDATE appointments SET status = $3,
            reason = COALESCE($4, reason),
            queue_number = COALESCE($5, queue_number),
            cancelled_at = CASE WHEN $3 IN ('cancelled', 'closed') THEN $6 ELSE cancelled_at END,
            checked_in_at = CASE WHEN $3 = 'checked_in' THEN $6 ELSE checked_in_at END,
            no_show_at = CASE WHEN $3 = 'no_show' THEN $6 ELSE no_show_at END
          WHERE id = $1 AND status = $2`,
        [id, from, to, fields.reason ?? null, fields.queueNumber ?? null, fields.now],
      )
      return r.rowCount === 1
    },

    async moveTo(id: string, slot: SlotRow, q: Queryable = db): Promise<void> {
      await q.query(`UPDATE appointments SET slot_id = $2, hall_id = $3, starts_at = $4 WHERE id = $1`, [id, slot.id, slot.hall_id, slot.starts_at])
    },

    /** The next queue number of a hall's day, atomically. */
    async nextQueueNumber(hallId: string, day: string, q: Queryable = db): Promise<number> {
      const r = await q.query<{ last: number }>(
        `INSERT INTO hall_queue_counters (hall_id, day, last) VALUES ($1, $2::date, 1)
         ON CONFLICT (hall_id, day) DO UPDATE SET last = hall_queue_counters.last + 1 RETURNING last`,
        [hallId, day],
      )
      return r.rows[0].last
    },

    async idempotent(userId: string, key: string, q: Queryable): Promise<{ request_hash: string; status: number; body: unknown } | null> {
      const r = await q.query<{ request_hash: string; status: number; body: unknown }>(
        'SELECT request_hash, status, body FROM idempotency_keys WHERE user_id = $1 AND key = $2',
        [userId, key],
      )
      return r.rows[0] ?? null
    },

    async saveIdempotent(userId: string, key: string, hash: string, status: number, body: unknown, now: Date, q: Queryable): Promise<void> {
      await q.query(
        `INSERT INTO idempotency_keys (user_id, key, request_hash, status, body, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
        [userId, key, hash, status, JSON.stringify(body), now],
      )
    },
  }
}

export type AppointmentsRepo = ReturnType<typeof createAppointmentsRepo>
