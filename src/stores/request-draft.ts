// RequestDraftStore: filing a 12345 request — the draft kept in storage (one Idempotency-Key per draft), photos
// uploaded as they are picked, the checks, and the submit that resends with the same key when the answer is lost.
import { makeAutoObservable, runInAction } from 'mobx'
import type { FiledRequest } from '@contract/request'
import type { ApiClient } from '@/api/client'
import { toApiError } from '@/api/errors'
import * as endpoints from '@/api/requests'
import { absoluteUrl, uploadPhoto, type UploadTransport } from '@/api/uploads'
import { suggestCategory } from '@domain/request-categories'
import { MAX_PHOTOS, contentLength } from '@domain/workorder'
import {
  draftBody,
  emptyDraft,
  newIdempotencyKey,
  parseDraft,
  randomChars,
  validateDraft,
  type DraftErrors,
  type DraftField,
  type DraftLocation,
  type RequestDraft,
  type SubmitOutcome,
} from './request-draft-model'
import { myRequestsOf } from './my-requests'
import { perRoot } from './per-root'
import type { KeyValueStorage } from './session'
import { similarOf, type SimilarRequestsStore } from './similar-requests'

export interface RequestsStoreOptions {
  /** Quiet time after the last keystroke before 已有类似诉求 is asked. */
  similarDebounceMs?: number
  /** Delays before each resend of an unanswered submit (same Idempotency-Key). */
  submitRetryDelaysMs?: number[]
  now?: () => number
  sleep?: (ms: number) => Promise<void>
}

/** Where the draft, upload and sign-in come from, and who hears of a filed request. */
export interface RequestDraftDeps {
  api: ApiClient
  storage: KeyValueStorage
  baseUrl: string
  upload: UploadTransport | undefined
  getToken: () => string | undefined
  similar: SimilarRequestsStore
  /** A request was filed (or found filed): 我的诉求 is stale. */
  onFiled: () => void
}

const DRAFT_KEY = 'onestop.request.draft'
const RETRY_STATUSES = new Set([502, 503, 504])

export class RequestDraftStore {
  draft: RequestDraft
  /** Problems found when the resident tried to submit, per field. */
  draftErrors: DraftErrors = {}
  submitting = false
  submitError: string | undefined = undefined
  /** The last request filed from this device in this session (for the success card). */
  lastFiled: FiledRequest | undefined = undefined

  private readonly submitRetryDelaysMs: number[]
  private readonly now: () => number
  private readonly sleep: (ms: number) => Promise<void>
  private readonly uploadsInFlight = new Map<string, Promise<boolean>>()

  constructor(
    private readonly deps: RequestDraftDeps,
    options: RequestsStoreOptions = {},
  ) {
    this.submitRetryDelaysMs = options.submitRetryDelaysMs ?? [1000, 3000]
    this.now = options.now ?? Date.now
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)))
    this.draft = parseDraft(deps.storage.get(DRAFT_KEY), this.now()) ?? emptyDraft(this.now())
    makeAutoObservable<RequestDraftStore, 'deps' | 'submitRetryDelaysMs' | 'now' | 'sleep' | 'uploadsInFlight'>(this, {
      deps: false,
      submitRetryDelaysMs: false,
      now: false,
      sleep: false,
      uploadsInFlight: false,
    })
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

  get photosBusy(): boolean {
    return this.draft.photos.some((p) => p.status === 'uploading')
  }

  /** Whether the draft holds anything worth keeping. */
  get draftStarted(): boolean {
    const d = this.draft
    return d.content.trim() !== '' || d.photos.length > 0 || d.location !== undefined || d.type !== undefined
  }

  // --- the draft ------------------------------------------------------------------------------------

  private saveDraft(): void {
    this.draft.updatedAt = this.now()
    this.deps.storage.set(DRAFT_KEY, JSON.stringify(this.draft))
  }

  /** Changes draft fields; kept in storage at once, so closing the app or losing the network loses nothing. */
  update(patch: Partial<Omit<RequestDraft, 'key' | 'photos' | 'updatedAt' | 'inDoubt'>>): void {
    Object.assign(this.draft, patch)
    for (const field of Object.keys(patch)) delete this.draftErrors[field as DraftField]
    this.submitError = undefined
    this.saveDraft()
    if ('content' in patch || 'type' in patch || 'location' in patch) this.deps.similar.schedule(() => this.draft)
  }

  /** Starts again with an empty form and a new Idempotency-Key. */
  discardDraft(): void {
    this.deps.similar.clear()
    this.draft = emptyDraft(this.now())
    this.draftErrors = {}
    this.submitError = undefined
    this.deps.storage.remove(DRAFT_KEY)
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
    const token = this.deps.getToken()
    if (!token || !this.deps.upload) return Promise.resolve(false)
    const work = this.sendDraftPhoto(key, photo.localPath, token).finally(() => this.uploadsInFlight.delete(key))
    this.uploadsInFlight.set(key, work)
    return work
  }

  private async sendDraftPhoto(key: string, localPath: string, token: string): Promise<boolean> {
    const photo = this.draft.photos.find((p) => p.key === key)!
    photo.status = 'uploading'
    photo.error = undefined
    try {
      const res = await uploadPhoto(this.deps.upload!, this.deps.baseUrl, token, localPath)
      runInAction(() => {
        const p = this.draft.photos.find((x) => x.key === key)
        if (!p) return
        p.status = 'done'
        p.uploadId = res.id
        p.url = absoluteUrl(this.deps.baseUrl, res.url)
        this.saveDraft()
      })
      return true
    } catch (err) {
      runInAction(() => {
        const p = this.draft.photos.find((x) => x.key === key)
        if (!p) return
        p.status = 'failed'
        p.error = toApiError(err).message
        this.saveDraft()
      })
      return false
    }
  }

  // --- submit ----------------------------------------------------------------------------------------

  /** Checks the draft; fills `draftErrors` and returns false when something must be fixed. */
  validate(): boolean {
    this.draftErrors = validateDraft(this.draft)
    return Object.keys(this.draftErrors).length === 0
  }

  /**
   * Files the draft: uploads any photo not yet sent, then POSTs with the draft's Idempotency-Key, resending
   * (same key) when the answer is lost. On success the draft is cleared; otherwise it stays, with the reason.
   */
  async submit(): Promise<SubmitOutcome> {
    if (this.submitting) return { ok: false, reason: 'busy' }
    this.submitError = undefined
    if (!this.validate()) return { ok: false, reason: 'invalid' }
    if (!this.deps.getToken()) {
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
      return await this.send()
    } finally {
      runInAction(() => {
        this.submitting = false
      })
    }
  }

  /** POSTs the draft with its key, resending while the answer is lost; words every failure for the form. */
  private async send(): Promise<SubmitOutcome> {
    const body = draftBody(this.draft, this.effectiveCategory)
    const key = this.draft.key
    for (let attempt = 0; ; attempt++) {
      try {
        const filed = await endpoints.fileRequest(this.deps.api, body, key)
        runInAction(() => {
          this.lastFiled = filed
          this.discardDraft()
          // The list is stale now; the next visit reloads it.
          this.deps.onFiled()
        })
        return { ok: true, filed }
      } catch (err) {
        const e = toApiError(err)
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
            this.deps.onFiled()
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
  }
}

/** 提交诉求 (request subpackage): a filed request makes 我的诉求 stale. */
export const requestDraftOf = perRoot(
  (root) =>
    new RequestDraftStore(
      {
        api: root.api,
        storage: root.deps.storage,
        baseUrl: root.deps.baseUrl,
        upload: root.deps.upload,
        getToken: root.getToken,
        similar: similarOf(root),
        onFiled: () => myRequestsOf(root).markStale(),
      },
      root.deps.requests,
    ),
)
