// 12345 有呼必应 endpoints of the resident: filing, 我的诉求, one request's actions and the 整改 of its 差评, categories,
// similar requests.
import type { Rectification, SubjectRectification, Verdict } from '@contract/ratings'
import type {
  CategoryTree,
  FileRequestBody,
  FiledRequest,
  RateBody,
  ReopenBody,
  RequestDetail,
  RequestList,
  SupplementBody,
  UrgeBody,
} from '@contract/request'
import type { SimilarQuery, SimilarResult } from '@contract/similar'
import type { AnswerShape, ApiClient } from './client'

const enc = encodeURIComponent

// The fields the app reads of each answer (checked by the client; see AnswerShape).
const PAGE: AnswerShape = { items: 'list', total: 'number', page: 'number', pageSize: 'number' }
const DETAIL: AnswerShape = { id: 'string', number: 'string', status: 'string', photos: 'array', timeline: 'list', can: 'object' }
const LIST: AnswerShape = { items: 'list' }
// `rectification` is an object or null, which no FieldKind says: any JSON object passes, the store reads it with care.
const SUBJECT_RECTIFICATION: AnswerShape = { rectification: 'object-or-null' }
const RECTIFICATION: AnswerShape = { id: 'string', status: 'string', deadline: 'string' }

export function fileRequest(api: ApiClient, body: FileRequestBody, idempotencyKey: string): Promise<FiledRequest> {
  return api.request('POST', '/requests', { body, headers: { 'Idempotency-Key': idempotencyKey }, expect: { id: 'string', number: 'string', status: 'string', deadline: 'string' } })
}

export function myRequests(api: ApiClient, page = 1, pageSize = 20): Promise<RequestList> {
  return api.request('GET', '/requests', { query: { page, pageSize }, expect: PAGE })
}

export function myRequest(api: ApiClient, id: string): Promise<RequestDetail> {
  return api.request('GET', `/requests/${enc(id)}`, { expect: DETAIL })
}

export function supplementRequest(api: ApiClient, id: string, body: SupplementBody): Promise<RequestDetail> {
  return api.request('POST', `/requests/${enc(id)}/supplement`, { body, expect: DETAIL })
}

export function urgeRequest(api: ApiClient, id: string, body: UrgeBody = {}): Promise<RequestDetail> {
  return api.request('POST', `/requests/${enc(id)}/urge`, { body, expect: DETAIL })
}

export function rateRequest(api: ApiClient, id: string, body: RateBody): Promise<RequestDetail> {
  return api.request('POST', `/requests/${enc(id)}/rate`, { body, expect: DETAIL })
}

export function reopenRequest(api: ApiClient, id: string, body: ReopenBody): Promise<RequestDetail> {
  return api.request('POST', `/requests/${enc(id)}/reopen`, { body, expect: DETAIL })
}

/** The 整改 a 差评 of this request opened (null while there is none); not the resident's request → 404. */
export function requestRectification(api: ApiClient, id: string): Promise<SubjectRectification> {
  return api.request('GET', `/requests/${enc(id)}/rectification`, { expect: SUBJECT_RECTIFICATION })
}

/** The resident's 满意 / 不满意 with a finished 整改 (once). */
export function rectificationVerdict(api: ApiClient, rectificationId: string, verdict: Verdict): Promise<Rectification> {
  return api.request('POST', `/rectifications/${enc(rectificationId)}/verdict`, { body: { verdict }, expect: RECTIFICATION })
}

export function requestCategories(api: ApiClient): Promise<CategoryTree> {
  return api.request('GET', '/request-categories', { expect: LIST })
}

export function similarRequests(api: ApiClient, query: SimilarQuery): Promise<SimilarResult> {
  return api.request('POST', '/requests/similar', { body: query, expect: { items: 'list', related: 'list' } })
}
