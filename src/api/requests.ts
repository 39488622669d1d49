// 12345 有呼必应 endpoints of the resident: filing, 我的诉求, one request's actions, categories, similar requests.
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

export function requestCategories(api: ApiClient): Promise<CategoryTree> {
  return api.request('GET', '/request-categories', { expect: LIST })
}

export function similarRequests(api: ApiClient, query: SimilarQuery): Promise<SimilarResult> {
  return api.request('POST', '/requests/similar', { body: query, expect: LIST })
}
