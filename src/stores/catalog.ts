// CatalogStore: the 一网通办 catalog as the app sees it — search (debounced, stale answers dropped, paged),
// browse lists (themes, bundles, hot services), guides, the offline cache, favourites and recently viewed.
import { makeAutoObservable, runInAction } from 'mobx'
import type { Bundle, ServiceGuide, ServiceQuery, ServiceSummary, Theme } from '@contract/service'
import type { SavedLists, SavedMergeBody } from '@contract/saved'
import type { ApiClient } from '../api/client'
import { ApiError, MESSAGES } from '../api/errors'
import type { LoadStatus } from './loadable'
import type { KeyValueStorage } from './session'

export type SearchAudience = 'person' | 'business'

/** What 我的收藏 / 最近浏览 keep of an item: enough to show and open it without the network. */
export interface SavedService {
  code: string
  name: string
  department: string
  /** When it was saved or last opened (ms since epoch). */
  at: number
}

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
const HOT_SIZE = 10
/** Opened guides kept for offline reading; the oldest is dropped first. */
const CACHED_GUIDES_MAX = 30

const KEY = {
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

function asApiError(err: unknown): ApiError {
  return err instanceof ApiError ? err : new ApiError('network', 'NETWORK', MESSAGES.network)
}

/** Whether the failure means "no usable network" (so saved content is better than an error). */
function isOffline(err: ApiError): boolean {
  return err.kind === 'network' || err.kind === 'timeout'
}

export class CatalogStore {
  /** Every summary the app has seen, by code (search results, hot list, favourites point into it). */
  services = new Map<string, ServiceSummary>()
  guides = new Map<string, ServiceGuide>()
  guideStatus = new Map<string, LoadStatus>()
  guideErrors = new Map<string, ApiError>()
  /** Guides shown from the device's cache because the network failed. */
  guidesOffline = new Set<string>()

  themes = new Map<string, Theme>()
  themeOrder: string[] = []
  bundles = new Map<string, Bundle>()
  bundleOrder: string[] = []
  bundleStatus = new Map<string, LoadStatus>()
  hotCodes: string[] = []
  browseStatus: LoadStatus = 'idle'
  browseError: ApiError | undefined = undefined
  /** The browse lists come from the device's cache (the network failed). */
  browseOffline = false

  // --- search --------------------------------------------------------------------------------------
  query = ''
  audience: SearchAudience = 'person'
  theme: string | undefined = undefined
  dept: string | undefined = undefined
  resultCodes: string[] = []
  total = 0
  page = 0
  suggestions: string[] = []
  searchStatus: LoadStatus = 'idle'
  searchError: ApiError | undefined = undefined
  loadingMore = false
  /** Set by the home page's search box: the 办事 tab focuses its search field once. */
  focusRequested = false

  favourites: SavedService[] = []
  recent: SavedService[] = []
  /** Whether the lists were last brought in line with the account ('idle' when signed out). */
  syncStatus: LoadStatus = 'idle'

  private readonly debounceMs: number
  private readonly signedIn: () => boolean
  private readonly pageSize: number
  private readonly now: () => number
  private timer: ReturnType<typeof setTimeout> | undefined = undefined
  /** Increases with every search sent; an answer for an older number is dropped. */
  private searchSeq = 0

  constructor(
    private readonly api: ApiClient,
    private readonly storage: KeyValueStorage,
    options: CatalogStoreOptions = {},
  ) {
    this.debounceMs = options.debounceMs ?? 250
    this.pageSize = options.pageSize ?? 20
    this.now = options.now ?? Date.now
    this.signedIn = options.signedIn ?? (() => false)
    // The device keeps both lists (so they show offline and when signed out); syncSaved brings in the account's.
    this.favourites = this.readJson<SavedService[]>(KEY.favourites) ?? []
    this.recent = this.readJson<SavedService[]>(KEY.recent) ?? []
    makeAutoObservable<CatalogStore, 'api' | 'storage' | 'timer' | 'searchSeq' | 'debounceMs' | 'pageSize' | 'now' | 'signedIn'>(this, {
      signedIn: false,
      api: false,
      storage: false,
      timer: false,
      searchSeq: false,
      debounceMs: false,
      pageSize: false,
      now: false,
    })
  }

  // --- derived -------------------------------------------------------------------------------------

  get themeList(): Theme[] {
    return this.themeOrder.map((c) => this.themes.get(c)!).filter(Boolean)
  }

  get bundleList(): Bundle[] {
    return this.bundleOrder.map((c) => this.bundles.get(c)!).filter(Boolean)
  }

  get hot(): ServiceSummary[] {
    return this.hotCodes.map((c) => this.services.get(c)!).filter(Boolean)
  }

  get results(): ServiceSummary[] {
    return this.resultCodes.map((c) => this.services.get(c)!).filter(Boolean)
  }

  /** Whether the page shows search results (words typed or a filter chosen) rather than the browse lists. */
  get searching(): boolean {
    return this.query.trim() !== '' || this.theme !== undefined || this.dept !== undefined
  }

  get hasMore(): boolean {
    return this.resultCodes.length < this.total
  }

  isFavourite(code: string): boolean {
    return this.favourites.some((f) => f.code === code)
  }

  // --- search --------------------------------------------------------------------------------------

  /** Called on every keystroke: the search goes out once typing pauses for `debounceMs`. */
  setQuery(q: string): void {
    this.query = q
    this.clearTimer()
    if (!this.searching) {
      // Cleared: back to browsing; any answer still on its way is for a query no longer shown.
      this.searchSeq++
      this.resetResults()
      return
    }
    this.timer = setTimeout(() => {
      this.timer = undefined
      void this.search()
    }, this.debounceMs)
  }

  setAudience(audience: SearchAudience): void {
    if (audience === this.audience) return
    this.audience = audience
    void this.loadHot()
    if (this.searching) void this.searchNow()
  }

  /** Browses one theme (undefined clears it). */
  setTheme(theme: string | undefined): void {
    this.theme = theme
    this.dept = undefined
    this.searchNow()
  }

  /** Browses one department (undefined clears it). */
  setDept(dept: string | undefined): void {
    this.dept = dept
    this.theme = undefined
    this.searchNow()
  }

  /** Searches at once (a suggestion chip, the keyboard's search key, a filter). */
  searchNow(q?: string): Promise<void> {
    if (q !== undefined) this.query = q
    this.clearTimer()
    if (!this.searching) {
      this.searchSeq++
      this.resetResults()
      return Promise.resolve()
    }
    return this.search()
  }

  requestFocus(): void {
    this.focusRequested = true
  }

  focusConsumed(): void {
    this.focusRequested = false
  }

  private buildQuery(page: number): ServiceQuery {
    const q = this.query.trim()
    return {
      ...(q ? { q } : {}),
      audience: this.audience,
      ...(this.theme ? { theme: this.theme } : {}),
      ...(this.dept ? { dept: this.dept } : {}),
      page,
      pageSize: this.pageSize,
    }
  }

  private async search(): Promise<void> {
    const seq = ++this.searchSeq
    this.searchStatus = 'loading'
    this.searchError = undefined
    try {
      const res = await this.api.services(this.buildQuery(1))
      if (seq !== this.searchSeq) return
      runInAction(() => {
        this.remember(res.items)
        this.resultCodes = res.items.map((s) => s.code)
        this.total = res.total
        this.page = 1
        this.suggestions = res.items.length === 0 ? (res.suggestions ?? []) : []
        this.searchStatus = 'ready'
      })
    } catch (err) {
      if (seq !== this.searchSeq) return
      runInAction(() => {
        this.searchError = asApiError(err)
        this.searchStatus = 'failed'
      })
    }
  }

  /** Appends the next page of the current results (scroll bottom or 加载更多). */
  async loadMore(): Promise<void> {
    if (this.loadingMore || this.searchStatus !== 'ready' || !this.hasMore) return
    const seq = this.searchSeq
    this.loadingMore = true
    try {
      const res = await this.api.services(this.buildQuery(this.page + 1))
      runInAction(() => {
        this.loadingMore = false
        if (seq !== this.searchSeq) return
        this.remember(res.items)
        const seen = new Set(this.resultCodes)
        this.resultCodes = [...this.resultCodes, ...res.items.map((s) => s.code).filter((c) => !seen.has(c))]
        this.total = res.total
        this.page = res.page
      })
    } catch (err) {
      runInAction(() => {
        this.loadingMore = false
        if (seq === this.searchSeq) this.searchError = asApiError(err)
      })
    }
  }

  private resetResults(): void {
    this.resultCodes = []
    this.total = 0
    this.page = 0
    this.suggestions = []
    this.searchStatus = 'idle'
    this.searchError = undefined
    this.loadingMore = false
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
  }

  // --- browse lists ---------------------------------------------------------------------------------

  /** Loads themes, bundles and the hot list; on a failed network shows the saved copies instead. */
  async loadBrowse(force = false): Promise<void> {
    if (this.browseStatus === 'loading' || (this.browseStatus === 'ready' && !force && !this.browseOffline)) return
    this.browseStatus = 'loading'
    this.browseError = undefined
    try {
      const [themes, bundles] = await Promise.all([this.api.themes(), this.api.bundles(), this.loadHot(true)])
      runInAction(() => {
        this.setThemes(themes.items)
        this.setBundles(bundles.items)
        this.browseOffline = false
        this.browseStatus = 'ready'
      })
      this.writeJson(KEY.themes, themes.items)
      this.writeJson(KEY.bundles, bundles.items)
    } catch (err) {
      const error = asApiError(err)
      const themes = this.readJson<Theme[]>(KEY.themes)
      const bundles = this.readJson<Bundle[]>(KEY.bundles)
      const hot = this.readJson<ServiceSummary[]>(KEY.hot)
      runInAction(() => {
        if (isOffline(error) && (themes || bundles || hot)) {
          this.setThemes(themes ?? [])
          this.setBundles(bundles ?? [])
          if (hot) {
            this.remember(hot)
            this.hotCodes = hot.map((s) => s.code)
          }
          this.browseOffline = true
          this.browseStatus = 'ready'
        } else {
          this.browseError = error
          this.browseStatus = 'failed'
        }
      })
    }
  }

  /** 热门服务: the catalog without words, which the server orders by popularity, for the chosen audience. */
  private async loadHot(throwOnError = false): Promise<void> {
    try {
      const res = await this.api.services({ audience: this.audience, page: 1, pageSize: HOT_SIZE })
      runInAction(() => {
        this.remember(res.items)
        this.hotCodes = res.items.map((s) => s.code)
      })
      this.writeJson(KEY.hot, res.items)
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

  private remember(items: ServiceSummary[]): void {
    for (const s of items) this.services.set(s.code, s)
  }

  /** One 一件事 bundle: from the list when loaded, else GET /api/bundles/:code. */
  async loadBundle(code: string): Promise<void> {
    if (this.bundles.has(code) || this.bundleStatus.get(code) === 'loading') return
    this.bundleStatus.set(code, 'loading')
    try {
      const b = await this.api.bundle(code)
      runInAction(() => {
        this.bundles.set(code, b)
        this.bundleStatus.set(code, 'ready')
      })
    } catch {
      const cached = this.readJson<Bundle[]>(KEY.bundles)?.find((b) => b.code === code)
      runInAction(() => {
        if (cached) this.bundles.set(code, cached)
        this.bundleStatus.set(code, cached ? 'ready' : 'failed')
      })
    }
  }

  // --- guides ---------------------------------------------------------------------------------------

  /** Loads (once) and caches the full guide; offline, the saved copy is shown and marked as such. */
  async guide(code: string, force = false): Promise<ServiceGuide | undefined> {
    const status = this.guideStatus.get(code)
    if (status === 'loading' || (status === 'ready' && !force && !this.guidesOffline.has(code))) return this.guides.get(code)
    this.guideStatus.set(code, 'loading')
    this.guideErrors.delete(code)
    try {
      const g = await this.api.service(code)
      runInAction(() => {
        this.guides.set(code, g)
        this.guidesOffline.delete(code)
        this.guideStatus.set(code, 'ready')
      })
      this.saveGuide(g)
      return g
    } catch (err) {
      const error = asApiError(err)
      const cached = isOffline(error) ? this.readJson<ServiceGuide>(KEY.guide(code)) : undefined
      runInAction(() => {
        if (cached) {
          this.guides.set(code, cached)
          this.guidesOffline.add(code)
          this.guideStatus.set(code, 'ready')
        } else {
          this.guideErrors.set(code, error)
          this.guideStatus.set(code, 'failed')
        }
      })
      return cached
    }
  }

  private saveGuide(g: ServiceGuide): void {
    this.writeJson(KEY.guide(g.code), g)
    const index = (this.readJson<string[]>(KEY.guideIndex) ?? []).filter((c) => c !== g.code)
    index.unshift(g.code)
    for (const dropped of index.splice(CACHED_GUIDES_MAX)) this.storage.remove(KEY.guide(dropped))
    this.writeJson(KEY.guideIndex, index)
  }

  // --- favourites and recently viewed (on the device; kept in the account too when signed in) ---------

  toggleFavourite(item: { code: string; name: string; department: { name: string } }): boolean {
    const on = !this.isFavourite(item.code)
    this.favourites = on
      ? [{ code: item.code, name: item.name, department: item.department.name, at: this.now() }, ...this.favourites]
      : this.favourites.filter((f) => f.code !== item.code)
    this.writeJson(KEY.favourites, this.favourites)
    const removed = new Set(this.readJson<string[]>(KEY.removed) ?? [])
    if (on) removed.delete(item.code)
    else removed.add(item.code)
    this.writeJson(KEY.removed, [...removed])
    this.push(on ? 'PUT' : 'DELETE', `/me/favourites/${encodeURIComponent(item.code)}`)
    return on
  }

  /** Records an opened guide at the top of 最近浏览 (at most RECENT_MAX, no repeats). */
  viewed(item: { code: string; name: string; department: { name: string } }): void {
    const entry: SavedService = { code: item.code, name: item.name, department: item.department.name, at: this.now() }
    this.recent = [entry, ...this.recent.filter((r) => r.code !== item.code)].slice(0, RECENT_MAX)
    this.writeJson(KEY.recent, this.recent)
    this.push('POST', '/me/recent', { code: item.code })
  }

  clearRecent(): void {
    this.recent = []
    this.storage.remove(KEY.recent)
    this.push('DELETE', '/me/recent')
  }

  /**
   * Brings the device's lists and the account's together (at sign-in, at start, when 我的收藏 opens): the device
   * sends what it holds and what it removed, the account answers the union, which both then keep.
   */
  async syncSaved(): Promise<void> {
    if (!this.signedIn()) {
      this.syncStatus = 'idle'
      return
    }
    this.syncStatus = 'loading'
    const body: SavedMergeBody = {
      favourites: this.favourites.slice(0, 200).map((f) => ({ code: f.code, at: Math.round(f.at) })),
      recent: this.recent.map((r) => ({ code: r.code, at: Math.round(r.at) })),
      removedFavourites: (this.readJson<string[]>(KEY.removed) ?? []).slice(0, 200),
    }
    try {
      const lists = await this.api.request<SavedLists>('POST', '/me/saved/merge', { body })
      runInAction(() => {
        this.favourites = lists.favourites
        this.recent = lists.recent
        this.syncStatus = 'ready'
      })
      this.writeJson(KEY.favourites, lists.favourites)
      this.writeJson(KEY.recent, lists.recent)
      this.storage.remove(KEY.removed)
      this.storage.remove(KEY.unsynced)
    } catch {
      // The device's lists stay as they are and are offered again at the next sync.
      runInAction(() => {
        this.syncStatus = 'failed'
      })
    }
  }

  /** Sends one change to the account; if that fails the change waits on the device for the next syncSaved. */
  private push(method: 'PUT' | 'DELETE' | 'POST', path: string, body?: unknown): void {
    if (!this.signedIn()) return
    this.api.request(method, path, body === undefined ? {} : { body }).then(
      () => {
        if (method !== 'POST' && !this.storage.get(KEY.unsynced)) this.storage.remove(KEY.removed)
      },
      () => this.storage.set(KEY.unsynced, '1'),
    )
  }

  // --- storage --------------------------------------------------------------------------------------

  private readJson<T>(key: string): T | undefined {
    const text = this.storage.get(key)
    if (!text) return undefined
    try {
      return JSON.parse(text) as T
    } catch {
      return undefined
    }
  }

  private writeJson(key: string, value: unknown): void {
    this.storage.set(key, JSON.stringify(value))
  }
}
