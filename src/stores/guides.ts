// GuideStore: each service's full 办事指南, loaded once and kept on the device (the last CACHED_GUIDES_MAX opened) so
// it opens offline, marked as a saved copy.
import { makeAutoObservable, runInAction } from 'mobx'
import type { ServiceGuide } from '@contract/service'
import type { ApiClient } from '@/api/client'
import * as endpoints from '@/api/catalog'
import { type ApiError, toApiError } from '@/api/errors'
import { CATALOG_KEYS as KEY, isOffline, type DeviceCache } from './catalog'
import type { LoadStatus } from './loadable'
import { perRoot } from './per-root'

/** Opened guides kept for offline reading; the oldest is dropped first. */
const CACHED_GUIDES_MAX = 30

export class GuideStore {
  byCode = new Map<string, ServiceGuide>()
  status = new Map<string, LoadStatus>()
  errors = new Map<string, ApiError>()
  /** Guides shown from the device's cache because the network failed. */
  offline = new Set<string>()

  constructor(
    private readonly api: ApiClient,
    private readonly cache: DeviceCache,
  ) {
    makeAutoObservable<GuideStore, 'api' | 'cache'>(this, { api: false, cache: false })
  }

  /** Loads (once) and caches the full guide; offline, the saved copy is shown and marked as such. */
  async load(code: string, force = false): Promise<ServiceGuide | undefined> {
    const status = this.status.get(code)
    if (status === 'loading' || (status === 'ready' && !force && !this.offline.has(code))) return this.byCode.get(code)
    this.status.set(code, 'loading')
    this.errors.delete(code)
    try {
      const g = await endpoints.service(this.api, code)
      runInAction(() => {
        this.byCode.set(code, g)
        this.offline.delete(code)
        this.status.set(code, 'ready')
      })
      this.save(g)
      return g
    } catch (err) {
      const error = toApiError(err)
      const cached = isOffline(error) ? this.cache.read<ServiceGuide>(KEY.guide(code)) : undefined
      runInAction(() => {
        if (cached) {
          this.byCode.set(code, cached)
          this.offline.add(code)
          this.status.set(code, 'ready')
        } else {
          this.errors.set(code, error)
          this.status.set(code, 'failed')
        }
      })
      return cached
    }
  }

  private save(g: ServiceGuide): void {
    this.cache.write(KEY.guide(g.code), g)
    const index = (this.cache.read<string[]>(KEY.guideIndex) ?? []).filter((c) => c !== g.code)
    index.unshift(g.code)
    for (const dropped of index.splice(CACHED_GUIDES_MAX)) this.cache.remove(KEY.guide(dropped))
    this.cache.write(KEY.guideIndex, index)
  }
}

/** The guide store (guide and appointment subpackages). */
export const guidesOf = perRoot((root) => new GuideStore(root.api, root.cache))
