// 12345 staff workbench endpoints: queues, one request's full record, the state machine's actions, the audited
// contact reveal, department suggestions and related requests. Every call carries the staff token explicitly.
import type {
  DepartmentSuggestion,
  RevealedContact,
  StaffActionBody,
  StaffRequestDetail,
  StaffRequestPage,
  StaffRequestQuery,
} from '@contract/request'
import type { RelatedResult } from '@contract/similar'
import type { AnswerShape, ApiClient } from './client'

const enc = encodeURIComponent

// The fields the app reads of each answer (checked by the client; see AnswerShape).
const DETAIL: AnswerShape = { id: 'string', number: 'string', status: 'string', photos: 'array', contact: 'object', merged: 'list', timeline: 'list', actions: 'array' }

export function staffRequests(api: ApiClient, token: string, query: StaffRequestQuery): Promise<StaffRequestPage> {
  return api.request('GET', '/staff/requests', { token, query: { ...query }, expect: { items: 'list', total: 'number', page: 'number', pageSize: 'number' } })
}

export function staffRequest(api: ApiClient, token: string, id: string): Promise<StaffRequestDetail> {
  return api.request('GET', `/staff/requests/${enc(id)}`, { token, expect: DETAIL })
}

export function staffAction(api: ApiClient, token: string, id: string, body: StaffActionBody): Promise<StaffRequestDetail> {
  return api.request('POST', `/staff/requests/${enc(id)}/actions`, { token, body, expect: DETAIL })
}

/** Audited: every call is written to the audit log. */
export function revealContact(api: ApiClient, token: string, id: string): Promise<RevealedContact> {
  return api.request('POST', `/staff/requests/${enc(id)}/contact`, { token, body: {}, expect: {} })
}

export function suggestDepartment(api: ApiClient, token: string, id: string): Promise<DepartmentSuggestion> {
  return api.request('GET', `/staff/requests/${enc(id)}/suggest-department`, { token, expect: { items: 'list' } })
}

export function relatedRequests(api: ApiClient, token: string, id: string): Promise<RelatedResult> {
  return api.request('GET', `/staff/requests/${enc(id)}/related`, { token, expect: { duplicates: 'list', related: 'list', entities: 'array' } })
}
