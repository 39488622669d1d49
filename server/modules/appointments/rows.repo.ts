// The rows of 预约办事 as the database gives them, and the SQL fragments the module's repos share.
import type { OpeningRules } from '@domain/appointment'

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

export const HALL_COLUMNS = 'h.id, h.name, h.district, h.address, h.lat, h.lng, h.phone, h.hours, h.opening'

export const APPOINTMENT_SELECT = `
  SELECT a.id, a.code, a.user_id, a.status, a.queue_number, a.reason, a.created_at, a.checked_in_at, a.cancelled_at,
         s.id AS slot_id, s.starts_at, s.ends_at, h.id AS hall_id, h.name AS hall_name, h.address AS hall_address,
         h.phone AS hall_phone, sv.code AS service_code, sv.name AS service_name
    FROM appointments a
    JOIN slots s ON s.id = a.slot_id
    JOIN halls h ON h.id = a.hall_id
    JOIN services sv ON sv.code = a.service_code`

/** The outbox dedupe key of a booking's reminder for its current slot (remindersDue builds the same key in SQL). */
export const reminderKey = (row: { id: string; slot_id: number }) => `appointment-reminder:${row.id}:${row.slot_id}`
