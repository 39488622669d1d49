// CatalogSearchStore: searching the 一网通办 catalog — debounced while typing, stale answers dropped, paged, with the
// audience, theme and department filters.
import { makeAutoObservable, runInAction } from 'mobx'
import type { ServiceQuery, ServiceSummary } from '@contract/service'
import type { ApiClient } from '@/api/client'
import * as endpoints from '@/api/catalog'
import { type ApiError, toApiError } from '@/api/errors'
import type { CatalogStoreOptions, SearchAudience, ServiceRecords } from './catalog'
import type { LoadStatus } from './loadable'

export class CatalogSearchStore {
  query = ''
  audience: SearchAudience = 'person'
  theme: string | undefined = undefined
  dept: string | undefined = undefined
  resultCodes: string[] = []
  total = 0
  page = 0
  suggestions: string[] = []
  /** 一件事 the words name (生孩子 → 出生一件事), from the first page's answer. */
  bundles: { code: string; name: string }[] = []
  searchStatus: LoadStatus = 'idle'
  searchError: ApiError | undefined = undefined
  loadingMore = false
  /** Set by the home page's search box: the 办事 tab focuses its search field once. */
  focusRequested = false

  private readonly debounceMs: number
  private readonly pageSize: number
  private timer: ReturnType<typeof setTimeout> | undefined = undefined
  /** Increases with every search sent; an answer for an older number is dropped. */
  private searchSeq = 0

  constructor(
    private readonly api: ApiClient,
    private readonly services: ServiceRecords,
    options: CatalogStoreOptions = {},
  ) {
    this.debounceMs = options.debounceMs ?? 250
    this.pageSize = options.pageSize ?? 20
    makeAutoObservable<CatalogSearchStore, 'api' | 'services' | 'timer' | 'searchSeq' | 'debounceMs' | 'pageSize'>(this, {
      api: false,
      services: false,
      timer: false,
      searchSeq: false,
      debounceMs: false,
      pageSize: false,
    })
  }

  get results(): ServiceSummary[] {
    return this.services.pick(this.resultCodes)
  }

  /** Whether the page shows search results (words typed or a filter chosen) rather than the browse lists. */
  get searching(): boolean {
    return this.query.trim() !== '' || this.theme !== undefined || this.dept !== undefined
  }

  get hasMore(): boolean {
    return this.resultCodes.length < this.total
  }

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

  /** The browse store follows the audience too (its hot list), through the RootStore. */
  setAudience(audience: SearchAudience): void {
    if (audience === this.audience) return
    this.audience = audience
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
      const res = await endpoints.services(this.api, this.buildQuery(1))
      if (seq !== this.searchSeq) return
      runInAction(() => {
        this.services.remember(res.items)
        this.resultCodes = res.items.map((s) => s.code)
        this.total = res.total
        this.page = 1
        this.suggestions = res.items.length === 0 ? (res.suggestions ?? []) : []
        this.bundles = res.bundles ?? []
        this.searchStatus = 'ready'
      })
    } catch (err) {
      if (seq !== this.searchSeq) return
      runInAction(() => {
        this.searchError = toApiError(err)
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
      const res = await endpoints.services(this.api, this.buildQuery(this.page + 1))
      runInAction(() => {
        this.loadingMore = false
        if (seq !== this.searchSeq) return
        this.services.remember(res.items)
        const seen = new Set(this.resultCodes)
        this.resultCodes = [...this.resultCodes, ...res.items.map((s) => s.code).filter((c) => !seen.has(c))]
        this.total = res.total
        this.page = res.page
      })
    } catch (err) {
      runInAction(() => {
        this.loadingMore = false
        if (seq === this.searchSeq) this.searchError = toApiError(err)
      })
    }
  }

  private resetResults(): void {
    this.resultCodes = []
    this.total = 0
    this.page = 0
    this.suggestions = []
    this.bundles = []
    this.searchStatus = 'idle'
    this.searchError = undefined
    this.loadingMore = false
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
  }
}
