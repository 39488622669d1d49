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
import type { ApiClient } from './client'

const enc = encodeURIComponent

export function fileRequest(api: ApiClient, body: FileRequestBody, idempotencyKey: string): Promise<FiledRequest> {
  return api.request('POST', '/requests', { body, headers: { 'Idempotency-Key': idempotencyKey } })
}

export function myRequests(api: ApiClient, page = 1, pageSize = 20): Promise<RequestList> {
  return api.request('GET', '/requests', { query: { page, pageSize } })
}

export function myRequest(api: ApiClient, id: string): Promise<RequestDetail> {
  return api.request('GET', `/requests/${enc(id)}`)
}

export function supplementRequest(api: ApiClient, id: string, body: SupplementBody): Promise<RequestDetail> {
  return api.request('POST', `/requests/${enc(id)}/supplement`, { body })
}

export function urgeRequest(api: ApiClient, id: string, body: UrgeBody = {}): Promise<RequestDetail> {
  return api.request('POST', `/requests/${enc(id)}/urge`, { body })
}

export function rateRequest(api: ApiClient, id: string, body: RateBody): Promise<RequestDetail> {
  return api.request('POST', `/requests/${enc(id)}/rate`, { body })
}

export function reopenRequest(api: ApiClient, id: string, body: ReopenBody): Promise<RequestDetail> {
  return api.request('POST', `/requests/${enc(id)}/reopen`, { body })
}

export function requestCategories(api: ApiClient): Promise<CategoryTree> {
  return api.request('GET', '/request-categories')
}

export function similarRequests(api: ApiClient, query: SimilarQuery): Promise<SimilarResult> {
  return api.request('POST', '/requests/similar', { body: query })
}
