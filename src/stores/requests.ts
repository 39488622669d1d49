// RequestsStore: the resident's 12345 requests — the filing draft (kept in storage, one Idempotency-Key per draft,
// photos uploaded as they are picked), 已有类似诉求 while typing, 我的诉求 and each request's detail and actions.
import { makeAutoObservable, reaction, runInAction } from 'mobx'
import type {
  FileRequestBody,
  FiledRequest,
  RequestDetail,
  RequestLocation,
  RequestSummary,
  RequestType,
} from '@contract/request'
import type { SimilarItem } from '@contract/similar'
import type { Upload } from '@contract/upload'
import type { ApiClient } from '../api/client'
import { ApiError, MESSAGES, errorFromResponse, errorFromTransport } from '../api/errors'
import * as endpoints from '../api/requests'
import type { UploadTransport } from '../api/requests'
import { suggestCategory } from '@domain/request-categories'
import { CONTENT_MAX, CONTENT_MIN, MAX_PHOTOS, contentLength } from '@domain/workorder'
import { isMobilePhone, normalizePhone } from '@domain/phone'
import type { LoadStatus } from './loadable'
import type { KeyValueStorage } from './session'
import { GZ_DISTRICTS } from '@domain/districts'

export { GZ_DISTRICTS }

/** The district named in an address (as the map picker gives it), if it is one of Guangzhou's. */
export function districtOf(address: string): string | undefined {
  return GZ_DISTRICTS.find((d) => address.includes(d.name))?.name
}

export interface DraftPhoto {
  /** Stable key for lists. */
  key: string
  /** Where the picked file is on this device (temp path, or a blob: URL on H5). */
  localPath: string
  /** Set once uploaded. */
  uploadId?: string
  url?: string
  status: 'pending' | 'uploading' | 'done' | 'failed'
  error?: string
}

export interface DraftLocation {
  /** Device position or map point; absent for a typed address. */
  lat?: number
  lng?: number
  /** Place name from the map picker, shown above the address. */
  name?: string
  address: string
  district: string
  /** How the place was given: picked on the map, the device position, or typed. */
  source: 'map' | 'position' | 'typed'
}

export interface RequestDraft {
  /** Idempotency-Key for POST /api/requests: made once per draft, kept across retries and restarts. */
  key: string
  type: RequestType | undefined
  /** The category the resident chose; undefined follows the suggestion from the text. */
  category: string | undefined
  content: string
  location: DraftLocation | undefined
  photos: DraftPhoto[]
  contactPhone: string
  anonymous: boolean
  public: boolean
  /** A submit was sent and its answer never arrived: it may have been filed. */
  inDoubt: boolean
  updatedAt: number
}

export type DraftField = 'type' | 'content' | 'location' | 'photos' | 'contactPhone'

export type SubmitOutcome =
  | { ok: true; filed: FiledRequest }
  | { ok: false; reason: 'invalid' | 'signin' | 'photos' | 'failed' | 'busy' }

export interface RequestsStoreOptions {
  /** Quiet time after the last keystroke before 已有类似诉求 is asked. */
  similarDebounceMs?: number
  /** Delays before each resend of an unanswered submit (same Idempotency-Key). */
  submitRetryDelaysMs?: number[]
  now?: () => number
  sleep?: (ms: number) => Promise<void>
}

const DRAFT_KEY = 'onestop.request.draft'
const RETRY_STATUSES = new Set([502, 503, 504])

function asApiError(err: unknown): ApiError {
  return err instanceof ApiError ? err : new ApiError('network', 'NETWORK', MESSAGES.network)
}

function randomChars(n: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
  let s = ''
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(Math.random() * alphabet.length)]
  return s
}

/** A fresh Idempotency-Key: time + 20 random characters (matches ^[A-Za-z0-9_-]{8,128}$). */
export function newIdempotencyKey(now = Date.now()): string {
  return `req-${now.toString(36)}-${randomChars(20)}`
}

function emptyDraft(now: number): RequestDraft {
  return {
    key: newIdempotencyKey(now),
    type: undefined,
    category: undefined,
    content: '',
    location: undefined,
    photos: [],
    contactPhone: '',
    anonymous: false,
    public: false,
    inDoubt: false,
    updatedAt: now,
  }
}

/** Sends one photo to POST /api/uploads; ApiError on failure, worded like every other call. */
export async function uploadPhoto(upload: UploadTransport, baseUrl: string, token: string, filePath: string): Promise<Upload> {
  let res
  try {
    res = await upload({
      url: `${baseUrl.replace(/\/+$/, '')}/uploads`,
      filePath,
      header: { Accept: 'application/json', Authorization: `Bearer ${token}` },
      timeout: 60_000,
    })
  } catch (err) {
    throw errorFromTransport(err)
  }
  let data = res.data
  if (typeof data === 'string' && data !== '') {
    try {
      data = JSON.parse(data)
    } catch {
      // Kept as text.
    }
  }
  if (res.statusCode >= 200 && res.statusCode < 300 && data && typeof data === 'object') return data as Upload
  if (res.statusCode >= 200 && res.statusCode < 300) throw new ApiError('server', 'BAD_RESPONSE', MESSAGES.badResponse, res.statusCode)
  throw errorFromResponse(res.statusCode, data, res.header)
}

export class RequestsStore {
  draft: RequestDraft
  /** Problems found when the resident tried to submit, per field. */
  draftErrors: Partial<Record<DraftField, string>> = {}
  submitting = false
  submitError: string | undefined = undefined
  /** The last request filed from this device in this session (for the success card). */
  lastFiled: FiledRequest | undefined = undefined

  similar: SimilarItem[] = []
  /** Similar items seen, by id: the public view opens one without another call. */
  similarById = new Map<string, SimilarItem>()

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

  private readonly similarDebounceMs: number
  private readonly submitRetryDelaysMs: number[]
  private readonly now: () => number
  private readonly sleep: (ms: number) => Promise<void>
  private similarTimer: ReturnType<typeof setTimeout> | undefined = undefined
  private similarSeq = 0
  private readonly uploadsInFlight = new Map<string, Promise<boolean>>()

  constructor(
    private readonly api: ApiClient,
    private readonly storage: KeyValueStorage,
    private readonly baseUrl: string,
    private readonly upload: UploadTransport | undefined,
    private readonly getToken: () => string | undefined,
    options: RequestsStoreOptions = {},
  ) {
    this.similarDebounceMs = options.similarDebounceMs ?? 600
    this.submitRetryDelaysMs = options.submitRetryDelaysMs ?? [1000, 3000]
    this.now = options.now ?? Date.now
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)))
    this.draft = this.readDraft() ?? emptyDraft(this.now())
    makeAutoObservable<
      RequestsStore,
      'api' | 'storage' | 'baseUrl' | 'upload' | 'getToken' | 'similarDebounceMs' | 'submitRetryDelaysMs' | 'now' | 'sleep' | 'similarTimer' | 'similarSeq' | 'uploadsInFlight'
    >(this, {
      api: false,
      storage: false,
      baseUrl: false,
      upload: false,
      getToken: false,
      similarDebounceMs: false,
      submitRetryDelaysMs: false,
      now: false,
      sleep: false,
      similarTimer: false,
      similarSeq: false,
      uploadsInFlight: false,
    })
    // Another resident (or none) on this device: the previous one's requests must not show.
    reaction(
      () => this.getToken(),
      () => this.clearMine(),
    )
  }

  // --- derived ---------------------------------------------------------------------------------------

  get contentLength(): number {
    return contentLength(this.draft.content)
  }

  /** The category suggested from the text (null when no keyword matches). */
  get suggestedCategory(): { code: string; label: string } | null {
    const s = suggestCategory(this.draft.content)
    return s ? { code: s.code, label: s.label } : null
  }

  /** What will be sent: the resident's choice, else the suggestion. */
  get effectiveCategory(): string | undefined {
    return this.draft.category ?? this.suggestedCategory?.code
  }

  get list(): RequestSummary[] {
    return this.listIds.map((id) => this.summaries.get(id)!).filter(Boolean)
  }

  get hasMore(): boolean {
    return this.listIds.length < this.listTotal
  }

  get photosBusy(): boolean {
    return this.draft.photos.some((p) => p.status === 'uploading')
  }

  /** Whether the draft holds anything worth keeping. */
  get draftStarted(): boolean {
    const d = this.draft
    return d.content.trim() !== '' || d.photos.length > 0 || d.location !== undefined || d.type !== undefined
  }

  // --- the draft ------------------------------------------------------------------------------------

  private readDraft(): RequestDraft | undefined {
    const raw = this.storage.get(DRAFT_KEY)
    if (!raw) return undefined
    try {
      const d = JSON.parse(raw) as RequestDraft
      if (!d || typeof d.key !== 'string' || typeof d.content !== 'string') return undefined
      // An upload cut off by closing the app is retried, not shown as running.
      const photos = (d.photos ?? []).map((p) => (p.status === 'uploading' ? { ...p, status: 'pending' as const } : p))
      return { ...emptyDraft(this.now()), ...d, photos }
    } catch {
      return undefined
    }
  }

  private saveDraft(): void {
    this.draft.updatedAt = this.now()
    this.storage.set(DRAFT_KEY, JSON.stringify(this.draft))
  }

  /** Changes draft fields; kept in storage at once, so closing the app or losing the network loses nothing. */
  update(patch: Partial<Omit<RequestDraft, 'key' | 'photos' | 'updatedAt' | 'inDoubt'>>): void {
    Object.assign(this.draft, patch)
    for (const field of Object.keys(patch)) delete this.draftErrors[field as DraftField]
    this.submitError = undefined
    this.saveDraft()
    if ('content' in patch || 'type' in patch || 'location' in patch) this.scheduleSimilar()
  }

  /** Starts again with an empty form and a new Idempotency-Key. */
  discardDraft(): void {
    this.clearSimilarTimer()
    this.similarSeq++
    this.draft = emptyDraft(this.now())
    this.draftErrors = {}
    this.submitError = undefined
    this.similar = []
    this.storage.remove(DRAFT_KEY)
  }

  /** Back to an empty form after the success card. */
  dismissFiled(): void {
    this.lastFiled = undefined
  }

  /** The typed address in a district, or a place picked on the map / the device position. */
  setLocation(location: DraftLocation | undefined): void {
    this.update({ location })
  }

  // --- photos ----------------------------------------------------------------------------------------

  /** Adds picked photos (up to 9 in all) and uploads them when signed in. */
  addPhotos(paths: string[]): void {
    const room = MAX_PHOTOS - this.draft.photos.length
    const added = paths.slice(0, Math.max(0, room)).map((localPath, i) => ({
      key: `${this.now().toString(36)}-${i}-${randomChars(4)}`,
      localPath,
      status: 'pending' as const,
    }))
    this.draft.photos.push(...added)
    delete this.draftErrors.photos
    this.saveDraft()
    for (const p of added) void this.uploadDraftPhoto(p.key)
  }

  removePhoto(key: string): void {
    this.draft.photos = this.draft.photos.filter((p) => p.key !== key)
    this.saveDraft()
  }

  /** Uploads one photo of the draft (again, after a failure); joins an upload already running. Resolves false when it could not be sent. */
  uploadDraftPhoto(key: string): Promise<boolean> {
    const running = this.uploadsInFlight.get(key)
    if (running) return running
    const photo = this.draft.photos.find((p) => p.key === key)
    if (!photo) return Promise.resolve(false)
    if (photo.status === 'done') return Promise.resolve(true)
    const token = this.getToken()
    if (!token || !this.upload) return Promise.resolve(false)
    const work = this.sendDraftPhoto(key, photo.localPath, token).finally(() => this.uploadsInFlight.delete(key))
    this.uploadsInFlight.set(key, work)
    return work
  }

  private async sendDraftPhoto(key: string, localPath: string, token: string): Promise<boolean> {
    const photo = this.draft.photos.find((p) => p.key === key)!
    photo.status = 'uploading'
    photo.error = undefined
    try {
      const res = await uploadPhoto(this.upload!, this.baseUrl, token, localPath)
      runInAction(() => {
        const p = this.draft.photos.find((x) => x.key === key)
        if (!p) return
        p.status = 'done'
        p.uploadId = res.id
        p.url = this.absoluteUrl(res.url)
        this.saveDraft()
      })
      return true
    } catch (err) {
      runInAction(() => {
        const p = this.draft.photos.find((x) => x.key === key)
        if (!p) return
        p.status = 'failed'
        p.error = asApiError(err).message
        this.saveDraft()
      })
      return false
    }
  }

  /** Photo addresses from the API may be relative (/api/uploads/…); mini-programs need them absolute. */
  absoluteUrl(url: string): string {
    return endpoints.absoluteUrl(this.baseUrl, url)
  }

  // --- 已有类似诉求 ------------------------------------------------------------------------------------

  private clearSimilarTimer(): void {
    if (this.similarTimer !== undefined) clearTimeout(this.similarTimer)
    this.similarTimer = undefined
  }

  private scheduleSimilar(): void {
    this.clearSimilarTimer()
    if (this.contentLength < CONTENT_MIN) {
      this.similarSeq++
      this.similar = []
      return
    }
    this.similarTimer = setTimeout(() => {
      this.similarTimer = undefined
      void this.loadSimilar()
    }, this.similarDebounceMs)
  }

  /** Asks for similar requests now; any failure (the endpoint missing, offline, signed out) hides the panel quietly. */
  async loadSimilar(): Promise<void> {
    const seq = ++this.similarSeq
    const d = this.draft
    if (contentLength(d.content) < CONTENT_MIN) {
      this.similar = []
      return
    }
    try {
      const res = await endpoints.similarRequests(this.api, {
        content: Array.from(d.content.trim()).slice(0, CONTENT_MAX).join(''),
        ...(d.type ? { type: d.type } : {}),
        ...(d.location?.district ? { district: d.location.district } : {}),
        ...(d.location?.lat !== undefined && d.location?.lng !== undefined && d.location.source !== 'typed'
          ? { lat: d.location.lat, lng: d.location.lng }
          : {}),
      })
      if (seq !== this.similarSeq) return
      runInAction(() => {
        this.similar = res.items
        for (const item of res.items) this.similarById.set(item.id, item)
      })
    } catch {
      if (seq !== this.similarSeq) return
      runInAction(() => {
        this.similar = []
      })
    }
  }

  // --- submit ----------------------------------------------------------------------------------------

  /** Checks the draft; fills `draftErrors` and returns false when something must be fixed. */
  validate(): boolean {
    const d = this.draft
    const errors: Partial<Record<DraftField, string>> = {}
    if (!d.type) errors.type = '请选择诉求类型'
    const n = contentLength(d.content)
    if (n < CONTENT_MIN) errors.content = `诉求内容至少需要 ${CONTENT_MIN} 个字，现在是 ${n} 个字`
    else if (n > CONTENT_MAX) errors.content = `诉求内容不能超过 ${CONTENT_MAX} 个字，现在是 ${n} 个字`
    if (d.location) {
      if (!d.location.district) errors.location = '请选择所在区'
      else if (!d.location.address.trim()) errors.location = '请填写详细地址'
    }
    if (d.contactPhone.trim() && !isMobilePhone(d.contactPhone)) errors.contactPhone = '请输入 11 位手机号，或留空使用登录手机号'
    if (d.photos.length > MAX_PHOTOS) errors.photos = `最多上传 ${MAX_PHOTOS} 张照片`
    this.draftErrors = errors
    return Object.keys(errors).length === 0
  }

  private body(): FileRequestBody {
    const d = this.draft
    let location: RequestLocation | undefined
    if (d.location && d.location.district && d.location.address.trim()) {
      const centre = GZ_DISTRICTS.find((x) => x.name === d.location!.district)
      const lat = d.location.lat ?? centre?.lat
      const lng = d.location.lng ?? centre?.lng
      if (lat !== undefined && lng !== undefined) {
        const address = [d.location.name, d.location.address.trim()].filter((s) => s && s.trim()).join(' ')
        location = { lat, lng, address: Array.from(address).slice(0, 200).join(''), district: d.location.district }
      }
    }
    const category = this.effectiveCategory
    const photos = d.photos.filter((p) => p.status === 'done' && p.uploadId).map((p) => p.uploadId!)
    return {
      type: d.type!,
      ...(category ? { category } : {}),
      content: d.content.trim(),
      ...(location ? { location } : {}),
      ...(photos.length ? { photos } : {}),
      ...(d.contactPhone.trim() ? { contactPhone: normalizePhone(d.contactPhone) } : {}),
      anonymous: d.anonymous,
      public: d.public,
    }
  }

  /**
   * Files the draft: uploads any photo not yet sent, then POSTs with the draft's Idempotency-Key, resending
   * (same key) when the answer is lost. On success the draft is cleared; otherwise it stays, with the reason.
   */
  async submit(): Promise<SubmitOutcome> {
    if (this.submitting) return { ok: false, reason: 'busy' }
    this.submitError = undefined
    if (!this.validate()) return { ok: false, reason: 'invalid' }
    if (!this.getToken()) {
      this.submitError = '请先登录，登录后草稿仍会保留'
      return { ok: false, reason: 'signin' }
    }
    this.submitting = true
    try {
      for (const p of this.draft.photos) {
        if (p.status !== 'done') await this.uploadDraftPhoto(p.key)
      }
      const failed = this.draft.photos.filter((p) => p.status !== 'done')
      if (failed.length) {
        runInAction(() => {
          this.draftErrors = { ...this.draftErrors, photos: `有 ${failed.length} 张照片未上传成功，请点击照片重试或删除后再提交` }
          this.submitError = this.draftErrors.photos
        })
        return { ok: false, reason: 'photos' }
      }
      const body = this.body()
      const key = this.draft.key
      for (let attempt = 0; ; attempt++) {
        try {
          const filed = await endpoints.fileRequest(this.api, body, key)
          runInAction(() => {
            this.lastFiled = filed
            this.discardDraft()
            // The list is stale now; the next visit reloads it.
            this.listStatus = 'idle'
          })
          return { ok: true, filed }
        } catch (err) {
          const e = asApiError(err)
          const lost = e.kind === 'network' || e.kind === 'timeout' || RETRY_STATUSES.has(e.status)
          if (lost) {
            runInAction(() => {
              this.draft.inDoubt = true
              this.saveDraft()
            })
          }
          if (lost && attempt < this.submitRetryDelaysMs.length) {
            await this.sleep(this.submitRetryDelaysMs[attempt])
            continue
          }
          runInAction(() => {
            if (lost) {
              this.submitError = `${e.message}。草稿已保存，恢复网络后再次提交不会重复立案`
            } else if (e.code === 'IDEMPOTENCY_KEY_REUSED') {
              // The first send did arrive and was filed; the form was changed afterwards.
              this.submitError = '这份诉求此前已提交成功，请在“我的诉求”中查看；如需补充，请在诉求详情中使用“补充”'
              this.draft.key = newIdempotencyKey(this.now())
              this.draft.inDoubt = false
              this.saveDraft()
              this.listStatus = 'idle'
            } else if (e.code === 'PHOTO_INVALID') {
              // Uploads expired or were used: send them again next time.
              for (const p of this.draft.photos) {
                p.status = 'pending'
                p.uploadId = undefined
              }
              this.saveDraft()
              this.submitError = e.message
            } else {
              this.submitError = e.message
            }
          })
          return { ok: false, reason: e.kind === 'auth' ? 'signin' : 'failed' }
        }
      }
    } finally {
      runInAction(() => {
        this.submitting = false
      })
    }
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
        this.listError = asApiError(err)
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
        this.listError = asApiError(err)
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
        this.detailErrors.set(id, asApiError(err))
        this.detailStatus.set(id, 'failed')
      })
    }
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
    const token = this.getToken()
    if (!token) throw new ApiError('auth', 'UNAUTHORIZED', MESSAGES.auth, 401)
    if (!this.upload) throw new ApiError('client', 'UPLOAD_UNAVAILABLE', '当前环境不支持上传照片')
    const ids: string[] = []
    for (const p of paths) ids.push((await uploadPhoto(this.upload, this.baseUrl, token, p)).id)
    return ids
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

  async rate(id: string, level: number, comment: string): Promise<void> {
    const detail = await endpoints.rateRequest(this.api, id, { level, ...(comment.trim() ? { comment: comment.trim() } : {}) })
    runInAction(() => this.applyDetail(detail))
  }

  async reopen(id: string, note: string): Promise<void> {
    const detail = await endpoints.reopenRequest(this.api, id, { note: note.trim() })
    runInAction(() => this.applyDetail(detail))
  }
}
