// 12345 有呼必应 endpoints over the shared ApiClient: the resident's requests, similar requests, and the staff workbench.
// Staff calls carry the staff token explicitly (never the resident's session).
import type {
  CategoryTree,
  DepartmentSuggestion,
  FileRequestBody,
  FiledRequest,
  RateBody,
  ReopenBody,
  RequestDetail,
  RequestList,
  RevealedContact,
  StaffActionBody,
  StaffRequestDetail,
  StaffRequestPage,
  StaffRequestQuery,
  SupplementBody,
  UrgeBody,
} from '@contract/request'
import type { RelatedResult, SimilarQuery, SimilarResult } from '@contract/similar'
import type { ApiClient, TransportResponse } from './client'

export interface UploadRequest {
  url: string
  filePath: string
  header: Record<string, string>
  timeout: number
}
/** Sends one file as multipart (Taro.uploadFile in the app); resolves on any HTTP status, rejects when no answer came. */
export type UploadTransport = (req: UploadRequest) => Promise<TransportResponse>

const enc = encodeURIComponent

/** Photo addresses may come relative (/api/uploads/…); a mini-program needs them absolute, on the API's origin. */
export function absoluteUrl(baseUrl: string, url: string): string {
  if (!url.startsWith('/')) return url
  const m = /^(https?:\/\/[^/]+)/.exec(baseUrl)
  return m ? `${m[1]}${url}` : url
}

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

// --- staff -----------------------------------------------------------------------------------------

export function staffRequests(api: ApiClient, token: string, query: StaffRequestQuery): Promise<StaffRequestPage> {
  return api.request('GET', '/staff/requests', { token, query: { ...query } })
}

export function staffRequest(api: ApiClient, token: string, id: string): Promise<StaffRequestDetail> {
  return api.request('GET', `/staff/requests/${enc(id)}`, { token })
}

export function staffAction(api: ApiClient, token: string, id: string, body: StaffActionBody): Promise<StaffRequestDetail> {
  return api.request('POST', `/staff/requests/${enc(id)}/actions`, { token, body })
}

/** Audited: every call is written to the audit log. */
export function revealContact(api: ApiClient, token: string, id: string): Promise<RevealedContact> {
  return api.request('POST', `/staff/requests/${enc(id)}/contact`, { token, body: {} })
}

export function suggestDepartment(api: ApiClient, token: string, id: string): Promise<DepartmentSuggestion> {
  return api.request('GET', `/staff/requests/${enc(id)}/suggest-department`, { token })
}

export function relatedRequests(api: ApiClient, token: string, id: string): Promise<RelatedResult> {
  return api.request('GET', `/staff/requests/${enc(id)}/related`, { token })
}
