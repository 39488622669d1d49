// 一网通办 catalog endpoints: public, cacheable answers (the server sends ETag / Cache-Control).
import type { Bundle, BundleList, ServiceGuide, ServiceQuery, ServiceSearchResult, ThemeList } from '@contract/service'
import type { AnswerShape, ApiClient } from './client'

const enc = encodeURIComponent

// The fields the app reads of each answer (checked by the client; see AnswerShape).
const LIST: AnswerShape = { items: 'list' }
const SEARCH: AnswerShape = { items: 'list', total: 'number', page: 'number', pageSize: 'number' }
const GUIDE: AnswerShape = {
  code: 'string',
  name: 'string',
  department: 'object',
  themes: 'array',
  conditions: 'array',
  materials: 'list',
  steps: 'array',
  fee: 'object',
  locations: 'list',
  legalBasis: 'array',
  onlineChannels: 'array',
  bundles: 'list',
}
const BUNDLE: AnswerShape = { code: 'string', name: 'string', items: 'list', sharedMaterials: 'list' }

/** Searches (q) or browses (no q: by popularity) the catalog; empty results may carry `suggestions`. */
export function services(api: ApiClient, query: ServiceQuery = {}): Promise<ServiceSearchResult> {
  return api.request('GET', '/services', { query: { ...query }, expect: SEARCH })
}

/** The full 办事指南 of one item; 404 NOT_FOUND when the code is unknown or withdrawn. */
export function service(api: ApiClient, code: string): Promise<ServiceGuide> {
  return api.request('GET', `/services/${enc(code)}`, { expect: GUIDE })
}

export function themes(api: ApiClient): Promise<ThemeList> {
  return api.request('GET', '/themes', { expect: LIST })
}

export function bundles(api: ApiClient): Promise<BundleList> {
  return api.request('GET', '/bundles', { expect: LIST })
}

export function bundle(api: ApiClient, code: string): Promise<Bundle> {
  return api.request('GET', `/bundles/${enc(code)}`, { expect: BUNDLE })
}
