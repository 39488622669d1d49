// 预约办事 as one object for the routes: the resident's booking (booking.ts), the hall desk (hall-desk.ts) and the
// jobs (jobs.ts), over one repo, one set of per-node caches (caches.ts) and the booking rules in force.
import type { BookingRulesDto } from '@contract/appointment'
import { DEFAULT_BOOKING_RULES, type BookingRules } from '@domain/appointment'
import type { DataCrypto } from '../../crypto'
import type { Db } from '../../db'
import { createBooking } from './booking'
import { createAppointmentCaches } from './caches'
import { createRefusals, type AppointmentsContext, type BookingPath } from './common'
import { createHallDesk } from './hall-desk'
import { createAppointmentJobs } from './jobs'
import type { AppointmentsRepo } from './repo'

export { toAppointment, type BookingPath } from './common'
export type { IdempotencyInput, PostResult } from './idempotency'

export interface AppointmentsServiceDeps {
  db: Db
  repo: AppointmentsRepo
  crypto: DataCrypto
  clock: () => Date
  rules?: Partial<BookingRules>
  /** 'fast' (default): book_appointment() first; 'transaction': the transactional path alone (tests, comparisons). */
  bookingPath?: BookingPath
}

/** The rules in force as GET /api/appointments/rules answers them. */
function rulesDto(r: BookingRules): BookingRulesDto {
  return {
    minNoticeMinutes: r.minNoticeMinutes,
    windowWorkingDays: r.windowWorkingDays,
    cancelCutoffMinutes: r.cancelCutoffMinutes,
    checkinOpensMinutes: r.checkinOpensMinutes,
    noShowAfterMinutes: r.noShowAfterMinutes,
    maxActive: r.maxActive,
    noShowLimit: r.noShowLimit,
    noShowWindowDays: r.noShowWindowDays,
    blockDays: r.blockDays,
  }
}

export function createAppointmentsService({ db, repo, crypto, clock, rules: override, bookingPath }: AppointmentsServiceDeps) {
  const rules: BookingRules = { ...DEFAULT_BOOKING_RULES, ...override }
  const ctx: AppointmentsContext = { db, repo, crypto, clock, rules, caches: createAppointmentCaches(repo, rules), refusals: createRefusals(rules) }
  const dto = rulesDto(rules)
  return {
    rules,
    /** The booking rules in force, for the app to word every rule it shows. */
    bookingRules: (): BookingRulesDto => dto,
    ...createBooking(ctx, bookingPath),
    ...createHallDesk(ctx),
    ...createAppointmentJobs(ctx),
  }
}

export type AppointmentsService = ReturnType<typeof createAppointmentsService>
