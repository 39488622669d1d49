// ApplicationDraftStore: applying online (在线办) for one item or one 一件事 — the form, answers and materials kept on
// the device at once and on the server (drafts API) when it can be reached, files uploaded as they are picked,
// every problem shown at once, and the submit that resends with the same Idempotency-Key when the answer is lost.
import { makeAutoObservable, runInAction } from 'mobx'
import type { SubmittedApplication, SubmittedBundle } from '@contract/applications'
import type { FieldError, MaterialProvide, ServiceForm } from '@contract/forms'
import * as endpoints from '@/api/applications'
import type { ApiClient } from '@/api/client'
import { type ApiError, toApiError } from '@/api/errors'
import * as forms from '@/api/forms'
import { uploadPhoto, type UploadTransport } from '@/api/uploads'
import {
  checkMaterials,
  emptyApplicationDraft,
  fromServerDraft,
  materialField,
  materialInputs,
  newSubmitKey,
  parseApplicationDraft,
  type ApplicationDraft,
  type FormRules,
  type MaterialDraft,
} from './application-draft-model'
import { randomChars } from './request-draft-model'
import type { LoadStatus } from './loadable'
import { myApplicationsOf } from './my-applications'
import { perRoot } from './per-root'
import type { KeyValueStorage } from './session'

export interface ApplicationDraftDeps {
  api: ApiClient
  storage: KeyValueStorage
  baseUrl: string
  upload: UploadTransport | undefined
  getToken: () => string | undefined
  /** An application was filed: 我的办件 is stale. */
  onSubmitted: () => void
  /** Delays before each resend of an unanswered submit (same Idempotency-Key). */
  retryDelaysMs?: number[]
  now?: () => number
  sleep?: (ms: number) => Promise<void>
}

export type ApplyTarget = { code: string; bundle?: undefined } | { bundle: string; code?: undefined }
export type ApplyOutcome =
  | { ok: true; submitted: { kind: 'item'; result: SubmittedApplication } | { kind: 'bundle'; result: SubmittedBundle } }
  | { ok: false; reason: 'busy' | 'invalid' | 'signin' | 'realname' | 'files' | 'failed' }

type Answers = Record<string, unknown>
const RETRY_STATUSES = new Set([502, 503, 504])
const storageKey = (formCode: string) => `onestop.apply.draft.${formCode}`

export class ApplicationDraftStore {
  target: ApplyTarget | undefined = undefined
  form: ServiceForm | undefined = undefined
  status: LoadStatus = 'idle'
  error: ApiError | undefined = undefined
  draft: ApplicationDraft | undefined = undefined
  errors: FieldError[] = []
  submitting = false
  submitError: string | undefined = undefined
  /** Where the draft was last kept: 'server' (resumable on another device) or 'device' only. */
  savedTo: 'server' | 'device' | undefined = undefined
  lastSubmitted: ApplyOutcome | undefined = undefined

  private readonly retryDelaysMs: number[]
  private readonly now: () => number
  private readonly sleep: (ms: number) => Promise<void>
  private readonly inFlight = new Map<string, Promise<boolean>>()
  private rules: FormRules | undefined = undefined

  constructor(private readonly deps: ApplicationDraftDeps) {
    this.retryDelaysMs = deps.retryDelaysMs ?? [1000, 3000]
    this.now = deps.now ?? Date.now
    this.sleep = deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)))
    makeAutoObservable<ApplicationDraftStore, 'deps' | 'retryDelaysMs' | 'now' | 'sleep' | 'inFlight' | 'rules'>(this, {
      rules: false,
      deps: false,
      retryDelaysMs: false,
      now: false,
      sleep: false,
      inFlight: false,
    })
  }

  get formCode(): string | undefined {
    if (!this.target) return undefined
    return this.target.bundle ? endpoints.bundleDraftCode(this.target.bundle) : this.target.code
  }

  get answers(): Answers {
    return this.draft?.answers ?? {}
  }

  material(id: string): MaterialDraft {
    return this.draft?.materials[id] ?? { mode: undefined, files: [] }
  }

  get filesBusy(): boolean {
    return Object.values(this.draft?.materials ?? {}).some((m) => m.files.some((f) => f.status === 'uploading'))
  }

  /** Errors by field path, materials under materials.<id>. */
  errorOf(field: string): string | undefined {
    return this.errors.find((e) => e.field === field)?.message
  }

  // --- loading -------------------------------------------------------------------------------------

  /** Loads the form and the draft: the device's, or the server's when that one is newer (another device). */
  async open(target: ApplyTarget, rules: FormRules): Promise<void> {
    this.rules = rules
    const same = this.target && this.target.code === target.code && this.target.bundle === target.bundle
    this.target = target
    if (!same) {
      this.form = undefined
      this.errors = []
      this.submitError = undefined
      this.lastSubmitted = undefined
    }
    const code = this.formCode as string
    this.status = 'loading'
    this.error = undefined
    try {
      const form = target.bundle ? await forms.bundleForm(this.deps.api, target.bundle) : await forms.serviceForm(this.deps.api, target.code as string)
      let draft = parseApplicationDraft(this.deps.storage.get(storageKey(code)), code) ?? emptyApplicationDraft(code, this.now())
      if (this.deps.getToken() && !draft.unsynced) {
        try {
          const server = await endpoints.draft(this.deps.api, code)
          if (Date.parse(server.updatedAt) > draft.updatedAt || Object.keys(draft.answers).length === 0) draft = fromServerDraft(server, draft.key, this.now())
        } catch {
          // None kept (404) or the server is out of reach: the device's draft stands.
        }
      }
      runInAction(() => {
        draft.answers = rules.initial(form, draft.answers)
        this.form = form
        this.draft = draft
        this.status = 'ready'
      })
    } catch (err) {
      runInAction(() => {
        this.error = toApiError(err)
        this.status = 'failed'
      })
    }
  }

  // --- the draft ------------------------------------------------------------------------------------

  private keep(): void {
    if (!this.draft) return
    this.draft.updatedAt = this.now()
    this.draft.unsynced = true
    this.deps.storage.set(storageKey(this.draft.formCode), JSON.stringify(this.draft))
    this.savedTo = 'device'
  }

  /** A change from the form renderer: kept on the device at once; the errors of what changed are cleared. */
  change(next: Answers): void {
    if (!this.draft) return
    const prev = this.draft.answers
    for (const key of Object.keys({ ...prev, ...next })) if (prev[key] !== next[key] && this.rules) this.errors = this.rules.clear(this.errors, key)
    this.draft.answers = next
    this.submitError = undefined
    this.keep()
  }

  setMode(materialId: string, mode: MaterialProvide): void {
    if (!this.draft) return
    const m = this.draft.materials[materialId] ?? { mode: undefined, files: [] }
    this.draft.materials[materialId] = { ...m, mode }
    this.errors = this.errors.filter((e) => e.field !== materialField(materialId))
    this.keep()
  }

  pickLicence(materialId: string, licenceId: string): void {
    if (!this.draft) return
    const m = this.draft.materials[materialId] ?? { mode: 'licence', files: [] }
    this.draft.materials[materialId] = { ...m, mode: 'licence', licenceId }
    this.errors = this.errors.filter((e) => e.field !== materialField(materialId))
    this.keep()
  }

  /** Adds picked files (photos, or PDFs with their names) to a material and uploads them when signed in. */
  addFiles(materialId: string, files: { path: string; name?: string }[]): void {
    if (!this.draft) return
    const m = this.draft.materials[materialId] ?? { mode: 'upload', files: [] }
    const added = files.map((f, i) => ({ key: `${this.now().toString(36)}-${i}-${randomChars(4)}`, localPath: f.path, name: f.name, status: 'pending' as const }))
    this.draft.materials[materialId] = { ...m, mode: 'upload', files: [...m.files, ...added] }
    this.errors = this.errors.filter((e) => e.field !== materialField(materialId))
    this.keep()
    for (const f of added) void this.uploadFile(materialId, f.key)
  }

  removeFile(materialId: string, key: string): void {
    const m = this.draft?.materials[materialId]
    if (!m) return
    m.files = m.files.filter((f) => f.key !== key)
    this.keep()
  }

  /** Uploads one file of a material (again, after a failure); joins an upload already running. Resolves false when it could not be sent. */
  uploadFile(materialId: string, key: string): Promise<boolean> {
    const running = this.inFlight.get(key)
    if (running) return running
    const work = this.sendFile(materialId, key).finally(() => this.inFlight.delete(key))
    this.inFlight.set(key, work)
    return work
  }

  private async sendFile(materialId: string, key: string): Promise<boolean> {
    const find = () => this.draft?.materials[materialId]?.files.find((f) => f.key === key)
    const file = find()
    if (!file) return false
    if (file.status === 'done') return true
    const token = this.deps.getToken()
    if (!token || !this.deps.upload) return false
    file.status = 'uploading'
    file.error = undefined
    try {
      const res = await uploadPhoto(this.deps.upload, this.deps.baseUrl, token, file.localPath)
      runInAction(() => {
        const f = find()
        if (f) Object.assign(f, { status: 'done', uploadId: res.id })
        this.keep()
      })
      return true
    } catch (err) {
      runInAction(() => {
        const f = find()
        if (f) Object.assign(f, { status: 'failed', error: toApiError(err).message })
        this.keep()
      })
      return false
    }
  }

  /** 保存草稿: on the device always; on the server when signed in and reachable (resumable on another device). */
  async save(): Promise<'server' | 'device'> {
    const draft = this.draft
    if (!draft || !this.form) return 'device'
    this.keep()
    if (!this.deps.getToken()) return 'device'
    try {
      await endpoints.saveDraft(this.deps.api, draft.formCode, { fields: draft.answers, materials: materialInputs(this.form, draft) })
      runInAction(() => {
        draft.unsynced = false
        this.deps.storage.set(storageKey(draft.formCode), JSON.stringify(draft))
        this.savedTo = 'server'
      })
      return 'server'
    } catch {
      return 'device'
    }
  }

  /** Every problem at once: the answers with the server's own rules, then the materials. */
  validate(): boolean {
    if (!this.form || !this.draft || !this.rules) return false
    const answers = this.rules.check(this.form, this.draft.answers)
    this.errors = [...answers, ...checkMaterials(this.form, this.draft)]
    return this.errors.length === 0
  }

  // --- submit ----------------------------------------------------------------------------------------

  async submit(realNamed: boolean): Promise<ApplyOutcome> {
    if (this.submitting) return { ok: false, reason: 'busy' }
    this.submitError = undefined
    if (!this.validate()) return { ok: false, reason: 'invalid' }
    if (!this.deps.getToken()) {
      this.submitError = '请先登录，登录后已填写的内容仍会保留'
      return { ok: false, reason: 'signin' }
    }
    if (!realNamed) {
      this.submitError = '在线申请需要先完成实名认证'
      return { ok: false, reason: 'realname' }
    }
    this.submitting = true
    try {
      const draft = this.draft as ApplicationDraft
      for (const [id, m] of Object.entries(draft.materials)) {
        if (m.mode !== 'upload') continue
        for (const f of m.files) if (f.status !== 'done') await this.uploadFile(id, f.key)
      }
      const failed = Object.entries(draft.materials).filter(([, m]) => m.mode === 'upload' && m.files.some((f) => f.status !== 'done'))
      if (failed.length) {
        runInAction(() => {
          this.errors = failed.map(([id]) => ({ field: materialField(id), message: '有文件未上传成功，请点击重试或删除后再提交' }))
          this.submitError = `有 ${failed.length} 项材料的文件未上传成功`
        })
        return { ok: false, reason: 'files' }
      }
      return await this.send(draft)
    } finally {
      runInAction(() => {
        this.submitting = false
      })
    }
  }

  private async send(draft: ApplicationDraft): Promise<ApplyOutcome> {
    const form = this.form as ServiceForm
    const target = this.target as ApplyTarget
    const materials = materialInputs(form, draft)
    const key = draft.key
    for (let attempt = 0; ; attempt++) {
      try {
        const submitted = target.bundle
          ? ({ kind: 'bundle', result: await endpoints.submitBundle(this.deps.api, { bundleCode: target.bundle, fields: draft.answers, materials }, key) } as const)
          : ({ kind: 'item', result: await endpoints.submitApplication(this.deps.api, { serviceCode: target.code as string, fields: draft.answers, materials }, key) } as const)
        const outcome: ApplyOutcome = { ok: true, submitted }
        runInAction(() => {
          this.lastSubmitted = outcome
          this.deps.storage.remove(storageKey(draft.formCode))
          this.draft = { ...emptyApplicationDraft(draft.formCode, this.now()), answers: this.rules ? this.rules.initial(form) : {} }
          this.errors = []
          this.deps.onSubmitted()
        })
        void endpoints.deleteDraft(this.deps.api, draft.formCode).catch(() => undefined)
        return outcome
      } catch (err) {
        const e = toApiError(err)
        const lost = e.kind === 'network' || e.kind === 'timeout' || RETRY_STATUSES.has(e.status)
        if (lost) {
          runInAction(() => {
            draft.inDoubt = true
            this.keep()
          })
          if (attempt < this.retryDelaysMs.length) {
            await this.sleep(this.retryDelaysMs[attempt])
            continue
          }
        }
        runInAction(() => {
          if (lost) this.submitError = `${e.message}。已填写的内容保存在本机，恢复网络后再次提交不会重复申请`
          else if (e.code === 'IDEMPOTENCY_KEY_REUSED') {
            this.submitError = '这份申请此前已提交成功，请在“我的办件”中查看'
            draft.key = newSubmitKey(this.now())
            draft.inDoubt = false
            this.keep()
            this.deps.onSubmitted()
          } else this.submitError = e.message
        })
        if (e.code === 'REALNAME_REQUIRED') return { ok: false, reason: 'realname' }
        return { ok: false, reason: e.kind === 'auth' ? 'signin' : 'failed' }
      }
    }
  }
}

/** 在线办's form (apply subpackage): a submitted application makes 我的办件 stale. */
export const applicationDraftOf = perRoot(
  (root) =>
    new ApplicationDraftStore({
      api: root.api,
      storage: root.deps.storage,
      baseUrl: root.deps.baseUrl,
      upload: root.deps.upload,
      getToken: root.getToken,
      onSubmitted: () => myApplicationsOf(root).markStale(),
    }),
)
