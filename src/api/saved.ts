// 我的收藏 / 最近浏览 kept in the resident's account.
import type { SavedLists, SavedMergeBody } from '@contract/saved'
import type { ApiClient } from './client'

const enc = encodeURIComponent

/** The device's lists and what it removed in, the account's union out. */
export function mergeSaved(api: ApiClient, body: SavedMergeBody): Promise<SavedLists> {
  return api.request('POST', '/me/saved/merge', { body, expect: { favourites: 'list', recent: 'list' } })
}

export function addFavourite(api: ApiClient, code: string): Promise<void> {
  return api.request('PUT', `/me/favourites/${enc(code)}`, { expect: 'nothing' })
}

export function removeFavourite(api: ApiClient, code: string): Promise<void> {
  return api.request('DELETE', `/me/favourites/${enc(code)}`, { expect: 'nothing' })
}

export function addRecent(api: ApiClient, code: string): Promise<void> {
  return api.request('POST', '/me/recent', { body: { code }, expect: 'nothing' })
}

export function clearRecent(api: ApiClient): Promise<void> {
  return api.request('DELETE', '/me/recent', { expect: 'nothing' })
}
