// 12345 staff workbench endpoints: queues, one request's full record, the state machine's actions, the audited
// contact reveal, department suggestions, related requests and the 涉事单位 dossier. Every call carries the staff token explicitly.
import type {
  DepartmentSuggestion,
  RevealedContact,
  StaffActionBody,
  StaffRequestDetail,
  StaffRequestPage,
  StaffRequestQuery,
} from '@contract/request'
import type { EntityContactBody, EntityDossier, RelatedResult } from '@contract/similar'
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

const DOSSIER: AnswerShape = { id: 'string', name: 'string', requests: 'list', variants: 'array', contacts: 'list', timeline: 'list', departments: 'list' }

/** The 涉事单位 dossier of one entity (an id from the related panel's entities). */
export function entityDossier(api: ApiClient, token: string, id: string): Promise<EntityDossier> {
  return api.request('GET', `/staff/entities/${enc(id)}`, { token, expect: DOSSIER })
}

/** 联系涉事单位: records one attempt; answers the dossier as it is now. */
export function addEntityContact(api: ApiClient, token: string, id: string, body: EntityContactBody): Promise<EntityDossier> {
  return api.request('POST', `/staff/entities/${enc(id)}/contacts`, { token, body, expect: DOSSIER })
}
