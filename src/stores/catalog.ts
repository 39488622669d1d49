// What the catalog stores share: the summaries seen (by code), the device's copies (JSON in storage, under the keys
// below), and the wording and options of the 办事 pages. The stores themselves, one per concept: catalog-search.ts
// (search), catalog-browse.ts (themes, bundles, hot list), guides.ts (办事指南 and their offline copies), saved.ts
// (收藏 / 最近浏览 on the device and in the account).
import { makeAutoObservable } from 'mobx'
import type { ServiceSummary } from '@contract/service'
import type { ApiError } from '@/api/errors'
import type { KeyValueStorage } from './session'

export type SearchAudience = 'person' | 'business'

export interface CatalogStoreOptions {
  /** Quiet time after the last keystroke before a search is sent. */
  debounceMs?: number
  pageSize?: number
  now?: () => number
  /** Whether a resident is signed in: then 我的收藏 / 最近浏览 are kept in the account too. */
  signedIn?: () => boolean
}

export const OFFLINE_NOTE = '当前离线，显示的是上次保存的内容'
export const RECENT_MAX = 20

export const CATALOG_KEYS = {
  themes: 'onestop.catalog.themes',
  bundles: 'onestop.catalog.bundles',
  hot: 'onestop.catalog.hot',
  guide: (code: string) => `onestop.catalog.guide.${code}`,
  guideIndex: 'onestop.catalog.guides',
  favourites: 'onestop.catalog.favourites',
  recent: 'onestop.catalog.recent',
  /** Favourites removed on this device that the account has not heard of yet. */
  removed: 'onestop.catalog.favourites.removed',
  /** '1' while the device holds changes the account has not received (offline, or signed out). */
  unsynced: 'onestop.catalog.unsynced',
}

/** Whether the failure means "no usable network" (so saved content is better than an error). */
export function isOffline(err: ApiError): boolean {
  return err.kind === 'network' || err.kind === 'timeout'
}

/** JSON values in the device's storage; unreadable ones read as absent. */
export class DeviceCache {
  constructor(readonly storage: KeyValueStorage) {}

  read<T>(key: string): T | undefined {
    const text = this.storage.get(key)
    if (!text) return undefined
    try {
      return JSON.parse(text) as T
    } catch {
      return undefined
    }
  }

  write(key: string, value: unknown): void {
    this.storage.set(key, JSON.stringify(value))
  }

  remove(key: string): void {
    this.storage.remove(key)
  }
}

/** Every service summary the app has seen, by code: search results and the hot list point into it. */
export class ServiceRecords {
  byCode = new Map<string, ServiceSummary>()

  constructor() {
    makeAutoObservable(this)
  }

  remember(items: ServiceSummary[]): void {
    for (const s of items) this.byCode.set(s.code, s)
  }

  pick(codes: string[]): ServiceSummary[] {
    return codes.map((c) => this.byCode.get(c)!).filter(Boolean)
  }
}
