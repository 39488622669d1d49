// What every part of the appointments service shares: its dependencies (the context), the refusal helpers (the only
// way a part refuses, typed by the code unions of domain/appointment.ts) and the row → answer mappers.
import type { Appointment, Hall } from '@contract/appointment'
import {
  appointmentErrorText,
  notActiveMessage,
  type AppointmentRefusal,
  type BookingRefusal,
  type BookingRules,
  type HallDeskRefusal,
} from '@domain/appointment'
import type { DataCrypto } from '../../crypto'
import type { Db } from '../../db'
import { AppError } from '../../errors'
import type { AppointmentCaches } from './caches'
import type { AppointmentRow, AppointmentsRepo, HallRow } from './repo'

/** How a booking is made: book_appointment() first and the transaction when it declines ('fast', the default), or
 * the transaction alone ('transaction'). Both give the same answers; the test of the refusals runs each. */
export type BookingPath = 'fast' | 'transaction'

export interface AppointmentsContext {
  db: Db
  repo: AppointmentsRepo
  crypto: DataCrypto
  clock: () => Date
  /** The booking rules in force (DEFAULT_BOOKING_RULES with the deployment's NO_SHOW_* settings). */
  rules: BookingRules
  caches: AppointmentCaches
  refusals: Refusals
}

/** Refusals that are not 409. */
const STATUS: Partial<Record<AppointmentRefusal, number>> = { REALNAME_REQUIRED: 403, IDEMPOTENCY_KEY_REUSED: 422 }

export interface Refusals {
  /** A refusal of the resident's booking endpoints, worded from the rules in force unless `message` says more. */
  refuse(code: BookingRefusal, message?: string): AppError
  /** A refusal only the hall desk gives. */
  refuseAtDesk(code: HallDeskRefusal): AppError
  /** NOT_ACTIVE, naming the booking's status. */
  notActive(row: Pick<AppointmentRow, 'status'>): AppError
}

export function createRefusals(rules: BookingRules): Refusals {
  const text = appointmentErrorText(rules)
  const refusal = (code: AppointmentRefusal, message = text[code]) => new AppError(STATUS[code] ?? 409, code, message)
  return {
    refuse: refusal,
    refuseAtDesk: (code) => refusal(code),
    notActive: (row) => refusal('NOT_ACTIVE', notActiveMessage(row.status)),
  }
}

/** 404 NOT_FOUND: a booking, slot or hall that does not exist or is not the caller's. */
export const notFound = (what = '找不到该预约') => new AppError(404, 'NOT_FOUND', what)

export function toAppointment(row: AppointmentRow): Appointment {
  return {
    id: row.id,
    code: row.code,
    status: row.status,
    slot: { id: row.slot_id, start: row.starts_at.toISOString(), end: row.ends_at.toISOString() },
    hall: { id: row.hall_id, name: row.hall_name, address: row.hall_address, phone: row.hall_phone },
    service: { code: row.service_code, name: row.service_name },
    queueNumber: row.queue_number,
    createdAt: row.created_at.toISOString(),
    checkedInAt: row.checked_in_at?.toISOString() ?? null,
    cancelledAt: row.cancelled_at?.toISOString() ?? null,
    reason: row.reason,
  }
}

export function toHall(h: HallRow): Hall {
  return { id: h.id, name: h.name, district: h.district, address: h.address, lat: h.lat, lng: h.lng, phone: h.phone, hours: h.hours }
}
