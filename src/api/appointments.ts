// 预约办事 endpoints: halls, slots, the booking rules in force, the resident's bookings (every POST with an
// Idempotency-Key the store keeps across retries), and the hall desk (staff token passed explicitly).
import type {
  Appointment,
  AppointmentList,
  BookBody,
  BookingRulesDto,
  ClosureBody,
  ClosureResult,
  HallDay,
  HallList,
  RescheduleBody,
  SlotList,
} from '@contract/appointment'
import type { ServiceSearchResult } from '@contract/service'
import type { AnswerShape, ApiClient } from './client'

const enc = encodeURIComponent
const idempotent = (key: string) => ({ 'Idempotency-Key': key })

// The fields the app reads of each answer (checked by the client; see AnswerShape).
const LIST: AnswerShape = { items: 'list' }
const SERVICES: AnswerShape = { items: 'list', total: 'number' }
const SLOTS: AnswerShape = { items: 'list', closures: 'list' }
const RULES: AnswerShape = {
  minNoticeMinutes: 'number',
  windowWorkingDays: 'number',
  cancelCutoffMinutes: 'number',
  checkinOpensMinutes: 'number',
  noShowAfterMinutes: 'number',
  maxActive: 'number',
  noShowLimit: 'number',
  noShowWindowDays: 'number',
  blockDays: 'number',
}
const APPOINTMENT: AnswerShape = { id: 'string', code: 'string', status: 'string', slot: 'object', hall: 'object', service: 'object' }
const HALL_DAY: AnswerShape = { hall: 'object', date: 'string', items: 'list' }
const CLOSURE: AnswerShape = { date: 'string', cancelled: 'number', notified: 'number' }

export function halls(api: ApiClient, service: string): Promise<HallList> {
  return api.request('GET', '/halls', { query: { service }, expect: LIST })
}

/** The services a resident can book (for the 预约办事 start page). */
export function bookableServices(api: ApiClient): Promise<ServiceSearchResult> {
  return api.request('GET', '/services', { query: { bookable: true, audience: 'person', pageSize: 30 }, expect: SERVICES })
}

export function slots(api: ApiClient, hallId: string, service: string): Promise<SlotList> {
  return api.request('GET', `/halls/${enc(hallId)}/slots`, { query: { service }, expect: SLOTS })
}

/** The rules in force on this deployment (notice, window, no-show limits …): every rule text is built from them. */
export function bookingRules(api: ApiClient): Promise<BookingRulesDto> {
  return api.request('GET', '/appointments/rules', { expect: RULES })
}

export function myAppointments(api: ApiClient): Promise<AppointmentList> {
  return api.request('GET', '/appointments', { expect: LIST })
}

export function appointment(api: ApiClient, id: string): Promise<Appointment> {
  return api.request('GET', `/appointments/${enc(id)}`, { expect: APPOINTMENT })
}

export function book(api: ApiClient, body: BookBody, key: string): Promise<Appointment> {
  return api.request('POST', '/appointments', { body, headers: idempotent(key), expect: APPOINTMENT })
}

export function cancel(api: ApiClient, id: string, key: string): Promise<Appointment> {
  return api.request('POST', `/appointments/${enc(id)}/cancel`, { body: {}, headers: idempotent(key), expect: APPOINTMENT })
}

export function reschedule(api: ApiClient, id: string, body: RescheduleBody, key: string): Promise<Appointment> {
  return api.request('POST', `/appointments/${enc(id)}/reschedule`, { body, headers: idempotent(key), expect: APPOINTMENT })
}

export function checkin(api: ApiClient, id: string, key: string): Promise<Appointment> {
  return api.request('POST', `/appointments/${enc(id)}/checkin`, { body: {}, headers: idempotent(key), expect: APPOINTMENT })
}

// --- the hall desk (hall_staff of the hall, or admin) ---------------------------------------------------

export function hallDay(api: ApiClient, token: string | null, hallId: string, date?: string): Promise<HallDay> {
  return api.request('GET', `/staff/halls/${enc(hallId)}/day`, { query: { date }, token, expect: HALL_DAY })
}

export function hallCheckin(api: ApiClient, token: string | null, hallId: string, code: string): Promise<Appointment> {
  return api.request('POST', `/staff/halls/${enc(hallId)}/checkin`, { body: { code }, token, expect: APPOINTMENT })
}

export function markNoShow(api: ApiClient, token: string | null, hallId: string, id: string): Promise<Appointment> {
  return api.request('POST', `/staff/halls/${enc(hallId)}/appointments/${id}/no-show`, { body: {}, token, expect: APPOINTMENT })
}

export function closeDay(api: ApiClient, token: string | null, hallId: string, body: ClosureBody): Promise<ClosureResult> {
  return api.request('POST', `/staff/halls/${enc(hallId)}/closures`, { body, token, expect: CLOSURE })
}
