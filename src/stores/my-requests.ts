// MyRequestsStore: 我的诉求 — the resident's requests by id (list, paged) and each one's detail with its actions
// (补充 / 催办 / 评价 with 问题是否解决 / 申请重办), and the 整改 a 差评 opened with the resident's verdict on it.
// Forgotten when the resident changes.
import { makeAutoObservable, reaction, runInAction } from 'mobx'
import type { Rectification, Verdict } from '@contract/ratings'
import type { RequestDetail, RequestSummary } from '@contract/request'
import { isUnsatisfied } from '@domain/workorder'
import type { ApiClient } from '@/api/client'
import { ApiError, toApiError } from '@/api/errors'
import * as endpoints from '@/api/requests'
import { absoluteUrl, sendPhotos, type UploadTransport } from '@/api/uploads'
import type { LoadStatus } from './loadable'
import { perRoot } from './per-root'

export class MyRequestsStore {
  summaries = new Map<string, RequestSummary>()
  listIds: string[] = []
  listTotal = 0
  listPage = 0
  listStatus: LoadStatus = 'idle'
  listError: ApiError | undefined = undefined
  loadingMore = false

  details = new Map<string, RequestDetail>()
  detailStatus = new Map<string, LoadStatus>()
  detailErrors = new Map<string, ApiError>()

  /** The 整改 of each request's 差评 by request id: null when there is none (yet). */
  rectifications = new Map<string, Rectification | null>()
  rectificationStatus = new Map<string, LoadStatus>()
  rectificationErrors = new Map<string, ApiError>()

  constructor(
    private readonly api: ApiClient,
    private readonly baseUrl: string,
    private readonly upload: UploadTransport | undefined,
    private readonly getToken: () => string | undefined,
  ) {
    makeAutoObservable<MyRequestsStore, 'api' | 'baseUrl' | 'upload' | 'getToken'>(this, { api: false, baseUrl: false, upload: false, getToken: false })
    // Another resident (or none) on this device: the previous one's requests must not show.
    reaction(
      () => this.getToken(),
      () => this.clearMine(),
    )
  }

  get list(): RequestSummary[] {
    return this.listIds.map((id) => this.summaries.get(id)!).filter(Boolean)
  }

  get hasMore(): boolean {
    return this.listIds.length < this.listTotal
  }

  /** Photo addresses from the API may be relative (/api/uploads/…); mini-programs need them absolute. */
  absoluteUrl(url: string): string {
    return absoluteUrl(this.baseUrl, url)
  }

  /** A request was filed from this device: the list reloads on the next visit. */
  markStale(): void {
    this.listStatus = 'idle'
  }

  // --- 我的诉求 --------------------------------------------------------------------------------------

  private remember(items: RequestSummary[]): void {
    for (const s of items) this.summaries.set(s.id, s)
  }

  async loadList(force = false): Promise<void> {
    if (this.listStatus === 'loading' || (this.listStatus === 'ready' && !force)) return
    this.listStatus = 'loading'
    this.listError = undefined
    try {
      const res = await endpoints.myRequests(this.api, 1, 20)
      runInAction(() => {
        this.remember(res.items)
        this.listIds = res.items.map((s) => s.id)
        this.listTotal = res.total
        this.listPage = 1
        this.listStatus = 'ready'
      })
    } catch (err) {
      runInAction(() => {
        this.listError = toApiError(err)
        this.listStatus = 'failed'
      })
    }
  }

  async loadMore(): Promise<void> {
    if (this.loadingMore || this.listStatus !== 'ready' || !this.hasMore) return
    this.loadingMore = true
    try {
      const res = await endpoints.myRequests(this.api, this.listPage + 1, 20)
      runInAction(() => {
        this.remember(res.items)
        const seen = new Set(this.listIds)
        this.listIds = [...this.listIds, ...res.items.map((s) => s.id).filter((id) => !seen.has(id))]
        this.listTotal = res.total
        this.listPage = res.page
        this.loadingMore = false
      })
    } catch (err) {
      runInAction(() => {
        this.loadingMore = false
        this.listError = toApiError(err)
      })
    }
  }

  /** Forgets everything of the signed-out resident (the draft stays on the device). */
  clearMine(): void {
    this.summaries.clear()
    this.listIds = []
    this.listTotal = 0
    this.listPage = 0
    this.listStatus = 'idle'
    this.details.clear()
    this.detailStatus.clear()
    this.detailErrors.clear()
    this.rectifications.clear()
    this.rectificationStatus.clear()
    this.rectificationErrors.clear()
  }

  // --- one request ----------------------------------------------------------------------------------

  async loadDetail(id: string): Promise<void> {
    if (this.detailStatus.get(id) === 'loading') return
    this.detailStatus.set(id, 'loading')
    this.detailErrors.delete(id)
    try {
      const detail = await endpoints.myRequest(this.api, id)
      runInAction(() => this.applyDetail(detail))
    } catch (err) {
      runInAction(() => {
        this.detailErrors.set(id, toApiError(err))
        this.detailStatus.set(id, 'failed')
      })
    }
  }

  /** The detail, then the 整改 when the request was rated 不满意 or worse (only a 差评 opens one). */
  async refresh(id: string): Promise<void> {
    await this.loadDetail(id)
    if (this.poorlyRated(id)) await this.loadRectification(id)
  }

  private poorlyRated(id: string): boolean {
    const rating = this.details.get(id)?.rating
    return Boolean(rating && isUnsatisfied(rating.level))
  }

  /** GET the request's 整改; none (null, or 404) shows no card, any other failure is kept for a retry. */
  async loadRectification(id: string): Promise<void> {
    if (this.rectificationStatus.get(id) === 'loading') return
    this.rectificationStatus.set(id, 'loading')
    this.rectificationErrors.delete(id)
    try {
      const res = await endpoints.requestRectification(this.api, id)
      const rect = res.rectification && typeof res.rectification.id === 'string' ? res.rectification : null
      runInAction(() => {
        this.rectifications.set(id, rect)
        this.rectificationStatus.set(id, 'ready')
      })
    } catch (err) {
      const e = toApiError(err)
      runInAction(() => {
        if (e.status === 404) {
          this.rectifications.set(id, null)
          this.rectificationStatus.set(id, 'ready')
        } else {
          this.rectificationErrors.set(id, e)
          this.rectificationStatus.set(id, 'failed')
        }
      })
    }
  }

  /** 满意 / 不满意 with the finished 整改 of request `id`. Throws ApiError for the card to show. */
  async verdict(id: string, value: Verdict): Promise<void> {
    const rect = this.rectifications.get(id)
    if (!rect) throw new ApiError('client', 'NOT_FOUND', '没有找到这次整改')
    const updated = await endpoints.rectificationVerdict(this.api, rect.id, value)
    runInAction(() => this.rectifications.set(id, updated))
  }

  private applyDetail(detail: RequestDetail): void {
    this.details.set(detail.id, detail)
    this.detailStatus.set(detail.id, 'ready')
    this.detailErrors.delete(detail.id)
    const { id, number, type, typeLabel, category, categoryLabel, summary, status, statusLabel, filedAt, deadline, overdue } = detail
    this.summaries.set(id, { id, number, type, typeLabel, category, categoryLabel, summary, status, statusLabel, filedAt, deadline, overdue })
  }

  /** Uploads the photos of a 补充 (local paths) and returns their ids; throws the first failure. */
  async uploadAll(paths: string[]): Promise<string[]> {
    return sendPhotos({ upload: this.upload, baseUrl: this.baseUrl, getToken: this.getToken }, paths)
  }

  /** 补充: text (and photos already uploaded). Throws ApiError for the form to show. */
  async supplement(id: string, note: string, photoPaths: string[] = []): Promise<void> {
    const photos = photoPaths.length ? await this.uploadAll(photoPaths) : []
    const detail = await endpoints.supplementRequest(this.api, id, { note: note.trim(), ...(photos.length ? { photos } : {}) })
    runInAction(() => this.applyDetail(detail))
  }

  async urge(id: string): Promise<void> {
    const detail = await endpoints.urgeRequest(this.api, id, {})
    runInAction(() => this.applyDetail(detail))
  }

  /** 评价: the level, an optional comment and the optional answer to 问题是否解决. */
  async rate(id: string, level: number, comment: string, resolved?: boolean): Promise<void> {
    const body = { level, ...(comment.trim() ? { comment: comment.trim() } : {}), ...(resolved === undefined ? {} : { resolved }) }
    const detail = await endpoints.rateRequest(this.api, id, body)
    runInAction(() => this.applyDetail(detail))
  }

  async reopen(id: string, note: string): Promise<void> {
    const detail = await endpoints.reopenRequest(this.api, id, { note: note.trim() })
    runInAction(() => this.applyDetail(detail))
  }
}

/** 我的诉求 (request subpackage). */
export const myRequestsOf = perRoot((root) => new MyRequestsStore(root.api, root.deps.baseUrl, root.deps.upload, root.getToken))
