// CatalogBrowseStore: what the 办事 tab shows before a search — themes, 一件事 bundles and the hot list for the chosen
// audience — kept on the device and shown from there when the network fails.
import { makeAutoObservable, runInAction } from 'mobx'
import type { Bundle, ServiceSummary, Theme } from '@contract/service'
import type { ApiClient } from '@/api/client'
import * as endpoints from '@/api/catalog'
import { type ApiError, toApiError } from '@/api/errors'
import { CATALOG_KEYS as KEY, isOffline, type DeviceCache, type SearchAudience, type ServiceRecords } from './catalog'
import type { LoadStatus } from './loadable'

const HOT_SIZE = 10

export class CatalogBrowseStore {
  themes = new Map<string, Theme>()
  themeOrder: string[] = []
  bundles = new Map<string, Bundle>()
  bundleOrder: string[] = []
  bundleStatus = new Map<string, LoadStatus>()
  hotCodes: string[] = []
  status: LoadStatus = 'idle'
  error: ApiError | undefined = undefined
  /** The browse lists come from the device's cache (the network failed). */
  offline = false

  constructor(
    private readonly api: ApiClient,
    private readonly services: ServiceRecords,
    private readonly cache: DeviceCache,
    private readonly audience: () => SearchAudience,
  ) {
    makeAutoObservable<CatalogBrowseStore, 'api' | 'services' | 'cache' | 'audience'>(this, {
      api: false,
      services: false,
      cache: false,
      audience: false,
    })
  }

  get themeList(): Theme[] {
    return this.themeOrder.map((c) => this.themes.get(c)!).filter(Boolean)
  }

  get bundleList(): Bundle[] {
    return this.bundleOrder.map((c) => this.bundles.get(c)!).filter(Boolean)
  }

  get hot(): ServiceSummary[] {
    return this.services.pick(this.hotCodes)
  }

  /** Loads themes, bundles and the hot list; on a failed network shows the saved copies instead. */
  async load(force = false): Promise<void> {
    if (this.status === 'loading' || (this.status === 'ready' && !force && !this.offline)) return
    this.status = 'loading'
    this.error = undefined
    try {
      const [themes, bundles] = await Promise.all([endpoints.themes(this.api), endpoints.bundles(this.api), this.loadHot(true)])
      runInAction(() => {
        this.setThemes(themes.items)
        this.setBundles(bundles.items)
        this.offline = false
        this.status = 'ready'
      })
      this.cache.write(KEY.themes, themes.items)
      this.cache.write(KEY.bundles, bundles.items)
    } catch (err) {
      const error = toApiError(err)
      const themes = this.cache.read<Theme[]>(KEY.themes)
      const bundles = this.cache.read<Bundle[]>(KEY.bundles)
      const hot = this.cache.read<ServiceSummary[]>(KEY.hot)
      runInAction(() => {
        if (isOffline(error) && (themes || bundles || hot)) {
          this.setThemes(themes ?? [])
          this.setBundles(bundles ?? [])
          if (hot) {
            this.services.remember(hot)
            this.hotCodes = hot.map((s) => s.code)
          }
          this.offline = true
          this.status = 'ready'
        } else {
          this.error = error
          this.status = 'failed'
        }
      })
    }
  }

  /** 热门服务: the catalog without words, which the server orders by popularity, for the chosen audience. */
  async loadHot(throwOnError = false): Promise<void> {
    try {
      const res = await endpoints.services(this.api, { audience: this.audience(), page: 1, pageSize: HOT_SIZE })
      runInAction(() => {
        this.services.remember(res.items)
        this.hotCodes = res.items.map((s) => s.code)
      })
      this.cache.write(KEY.hot, res.items)
    } catch (err) {
      if (throwOnError) throw err
    }
  }

  private setThemes(items: Theme[]): void {
    this.themes.clear()
    for (const t of items) this.themes.set(t.code, t)
    this.themeOrder = items.map((t) => t.code)
  }

  private setBundles(items: Bundle[]): void {
    for (const b of items) this.bundles.set(b.code, b)
    this.bundleOrder = items.map((b) => b.code)
  }

  /** One 一件事 bundle: from the list when loaded, else GET /api/bundles/:code. */
  async loadBundle(code: string): Promise<void> {
    if (this.bundles.has(code) || this.bundleStatus.get(code) === 'loading') return
    this.bundleStatus.set(code, 'loading')
    try {
      const b = await endpoints.bundle(this.api, code)
      runInAction(() => {
        this.bundles.set(code, b)
        this.bundleStatus.set(code, 'ready')
      })
    } catch {
      const cached = this.cache.read<Bundle[]>(KEY.bundles)?.find((b) => b.code === code)
      runInAction(() => {
        if (cached) this.bundles.set(code, cached)
        this.bundleStatus.set(code, cached ? 'ready' : 'failed')
      })
    }
  }
}
