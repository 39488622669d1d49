// 好差评 endpoints (types/ratings.ts): the resident's rating of a hall visit and verdict on a 整改, the public figures,
// and (with the staff token) the 整改 queue, 回访 + result, appeals and their decision.
import type {
  Appeal,
  AppealList,
  AppealStatus,
  AppointmentRating,
  DecideBody,
  HallRateBody,
  PublicRatings,
  RecordBody,
  Rectification,
  RectificationList,
  StaffRectification,
  Verdict,
} from '@contract/ratings'
import type { AnswerShape, ApiClient } from './client'

const enc = encodeURIComponent
// The fields the app reads of each answer (checked by the client; see AnswerShape).
const VISIT: AnswerShape = { appointmentId: 'string', rateable: 'boolean' }
const RECTIFICATION: AnswerShape = { id: 'string', status: 'string', deadline: 'string' }
const STAFF_RECTIFICATION: AnswerShape = { id: 'string', status: 'string', deadline: 'string', subject: 'object', urgency: 'string' }
const APPEAL: AnswerShape = { id: 'string', status: 'string', reason: 'string', subject: 'object' }
const ITEMS: AnswerShape = { items: 'list' }
const PUBLIC: AnswerShape = { from: 'string', to: 'string', departments: 'list', halls: 'list' }

export function appointmentRating(api: ApiClient, id: string): Promise<AppointmentRating> {
  return api.request('GET', `/appointments/${enc(id)}/rating`, { expect: VISIT })
}

export function rateAppointment(api: ApiClient, id: string, body: HallRateBody): Promise<AppointmentRating> {
  return api.request('POST', `/appointments/${enc(id)}/rate`, { body, expect: VISIT })
}

export function verdict(api: ApiClient, rectificationId: string, value: Verdict): Promise<Rectification> {
  return api.request('POST', `/rectifications/${enc(rectificationId)}/verdict`, { body: { verdict: value }, expect: RECTIFICATION })
}

export function publicRatings(api: ApiClient): Promise<PublicRatings> {
  return api.request('GET', '/public/ratings', { token: null, expect: PUBLIC })
}

// --- staff (the staff token) ---------------------------------------------------------------------------

export function rectifications(api: ApiClient, token: string | null, status: 'open' | 'done' | 'all' = 'open'): Promise<RectificationList> {
  return api.request('GET', '/staff/rectifications', { token, query: { status }, expect: ITEMS })
}

export function recordRectification(api: ApiClient, token: string | null, id: string, body: RecordBody): Promise<StaffRectification> {
  return api.request('POST', `/staff/rectifications/${enc(id)}/record`, { token, body, expect: STAFF_RECTIFICATION })
}

export function appealRating(api: ApiClient, token: string | null, id: string, reason: string): Promise<StaffRectification> {
  return api.request('POST', `/staff/rectifications/${enc(id)}/appeal`, { token, body: { reason }, expect: STAFF_RECTIFICATION })
}

export function ratingAppeals(api: ApiClient, token: string | null, status: AppealStatus | 'all' = 'pending'): Promise<AppealList> {
  return api.request('GET', '/staff/rating-appeals', { token, query: { status }, expect: ITEMS })
}

export function decideAppeal(api: ApiClient, token: string | null, id: string, body: DecideBody): Promise<Appeal> {
  return api.request('POST', `/staff/rating-appeals/${enc(id)}/decide`, { token, body, expect: APPEAL })
}
