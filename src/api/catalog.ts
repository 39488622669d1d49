// 一网通办 catalog endpoints: public, cacheable answers (the server sends ETag / Cache-Control).
import type { Bundle, BundleList, ServiceGuide, ServiceQuery, ServiceSearchResult, ThemeList } from '@contract/service'
import type { ApiClient } from './client'

const enc = encodeURIComponent

/** Searches (q) or browses (no q: by popularity) the catalog; empty results may carry `suggestions`. */
export function services(api: ApiClient, query: ServiceQuery = {}): Promise<ServiceSearchResult> {
  return api.request('GET', '/services', { query: { ...query } })
}

/** The full 办事指南 of one item; 404 NOT_FOUND when the code is unknown or withdrawn. */
export function service(api: ApiClient, code: string): Promise<ServiceGuide> {
  return api.request('GET', `/services/${enc(code)}`)
}

export function themes(api: ApiClient): Promise<ThemeList> {
  return api.request('GET', '/themes')
}

export function bundles(api: ApiClient): Promise<BundleList> {
  return api.request('GET', '/bundles')
}

export function bundle(api: ApiClient, code: string): Promise<Bundle> {
  return api.request('GET', `/bundles/${enc(code)}`)
}
