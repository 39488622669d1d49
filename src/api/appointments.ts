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
import type { ApiClient } from './client'

const enc = encodeURIComponent
const idempotent = (key: string) => ({ 'Idempotency-Key': key })

export function halls(api: ApiClient, service: string): Promise<HallList> {
  return api.request('GET', '/halls', { query: { service } })
}

/** The services a resident can book (for the 预约办事 start page). */
export function bookableServices(api: ApiClient): Promise<ServiceSearchResult> {
  return api.request('GET', '/services', { query: { bookable: true, audience: 'person', pageSize: 30 } })
}

export function slots(api: ApiClient, hallId: string, service: string): Promise<SlotList> {
  return api.request('GET', `/halls/${enc(hallId)}/slots`, { query: { service } })
}

/** The rules in force on this deployment (notice, window, no-show limits …): every rule text is built from them. */
export function bookingRules(api: ApiClient): Promise<BookingRulesDto> {
  return api.request('GET', '/appointments/rules')
}

export function myAppointments(api: ApiClient): Promise<AppointmentList> {
  return api.request('GET', '/appointments')
}

export function appointment(api: ApiClient, id: string): Promise<Appointment> {
  return api.request('GET', `/appointments/${enc(id)}`)
}

export function book(api: ApiClient, body: BookBody, key: string): Promise<Appointment> {
  return api.request('POST', '/appointments', { body, headers: idempotent(key) })
}

export function cancel(api: ApiClient, id: string, key: string): Promise<Appointment> {
  return api.request('POST', `/appointments/${enc(id)}/cancel`, { body: {}, headers: idempotent(key) })
}

export function reschedule(api: ApiClient, id: string, body: RescheduleBody, key: string): Promise<Appointment> {
  return api.request('POST', `/appointments/${enc(id)}/reschedule`, { body, headers: idempotent(key) })
}

export function checkin(api: ApiClient, id: string, key: string): Promise<Appointment> {
  return api.request('POST', `/appointments/${enc(id)}/checkin`, { body: {}, headers: idempotent(key) })
}

// --- the hall desk (hall_staff of the hall, or admin) ---------------------------------------------------

export function hallDay(api: ApiClient, token: string | null, hallId: string, date?: string): Promise<HallDay> {
  return api.request('GET', `/staff/halls/${enc(hallId)}/day`, { query: { date }, token })
}

export function hallCheckin(api: ApiClient, token: string | null, hallId: string, code: string): Promise<Appointment> {
  return api.request('POST', `/staff/halls/${enc(hallId)}/checkin`, { body: { code }, token })
}

export function markNoShow(api: ApiClient, token: string | null, hallId: string, id: string): Promise<Appointment> {
  return api.request('POST', `/staff/halls/${enc(hallId)}/appointments/${id}/no-show`, { body: {}, token })
}

export function closeDay(api: ApiClient, token: string | null, hallId: string, body: ClosureBody): Promise<ClosureResult> {
  return api.request('POST', `/staff/halls/${enc(hallId)}/closures`, { body, token })
}
