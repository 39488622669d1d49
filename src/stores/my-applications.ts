// MyApplicationsStore: 我的办件 — the resident's applications (paged), one application's detail with its timeline,
// a 一件事's progress, and 补正: every flagged field and material fixed in place and sent at once.
import { makeAutoObservable, runInAction } from 'mobx'
import type { ApplicationDetail, ApplicationSummary, BundleDetail, MaterialInput } from '@contract/applications'
import type { FieldError, FormField, ServiceForm } from '@contract/forms'
import * as endpoints from '@/api/applications'
import type { ApiClient } from '@/api/client'
import { type ApiError, toApiError } from '@/api/errors'
import * as forms from '@/api/forms'
import { uploadPhotos, type UploadTransport } from '@/api/uploads'
import { materialField, type FormRules } from './application-draft-model'
import type { LoadStatus } from './loadable'
import { perRoot } from './per-root'

const PAGE_SIZE = 20
type Answers = Record<string, unknown>

/** 补正 in progress: the flagged fields as a small form, new answers, and the new files / licence per material. */
export interface Correction {
  form: ServiceForm
  answers: Answers
  files: Record<string, string[]>
  licences: Record<string, string>
  errors: FieldError[]
  sending: boolean
  error: string | undefined
}

export class MyApplicationsStore {
  items: ApplicationSummary[] = []
  total = 0
  page = 0
  status: LoadStatus = 'idle'
  error: ApiError | undefined = undefined
  stale = false
  details = new Map<string, ApplicationDetail>()
  detailErrors = new Map<string, ApiError>()
  bundles = new Map<string, BundleDetail>()
  correction: Correction | undefined = undefined
  private rules: FormRules | undefined = undefined

  constructor(
    private readonly api: ApiClient,
    private readonly baseUrl: string,
    private readonly upload: UploadTransport | undefined,
    private readonly getToken: () => string | undefined,
  ) {
    makeAutoObservable<MyApplicationsStore, 'api' | 'baseUrl' | 'upload' | 'getToken' | 'rules'>(this, { api: false, baseUrl: false, upload: false, getToken: false, rules: false })
  }

  get hasMore(): boolean {
    return this.items.length < this.total
  }

  markStale(): void {
    this.stale = true
  }

  /** The first page again (`more`: the next page appended). */
  async load(more = false): Promise<void> {
    if (this.status === 'loading') return
    this.status = 'loading'
    this.error = undefined
    const page = more ? this.page + 1 : 1
    try {
      const res = await endpoints.myApplications(this.api, page, PAGE_SIZE)
      runInAction(() => {
        this.items = more ? [...this.items, ...res.items] : res.items
        this.total = res.total
        this.page = page
        this.stale = false
        this.status = 'ready'
      })
    } catch (err) {
      runInAction(() => {
        this.error = toApiError(err)
        this.status = 'failed'
      })
    }
  }

  async loadDetail(id: string): Promise<ApplicationDetail | undefined> {
    try {
      const d = await endpoints.myApplication(this.api, id)
      runInAction(() => {
        this.details.set(id, d)
        this.detailErrors.delete(id)
      })
      if (d.bundleId) void this.loadBundle(d.bundleId)
      return d
    } catch (err) {
      runInAction(() => this.detailErrors.set(id, toApiError(err)))
      return undefined
    }
  }

  async loadBundle(id: string): Promise<void> {
    try {
      const b = await endpoints.bundleApplication(this.api, id)
      runInAction(() => this.bundles.set(id, b))
    } catch {
      // The bundle line is extra; the application itself is shown either way.
    }
  }

  // --- 补正 -------------------------------------------------------------------------------------------

  /** Opens 补正 for an application waiting for it: the flagged fields (with the answers given) and materials. */
  async startCorrection(id: string, rules: FormRules): Promise<void> {
    this.rules = rules
    const d = this.details.get(id)
    if (!d?.correction) return
    try {
      const full = await forms.serviceForm(this.api, d.serviceCode)
      const keys = new Set(d.correction.fieldKeys)
      const fields: FormField[] = full.fields.filter((f) => keys.has(f.key)).map((f) => ({ ...f, showIf: undefined }))
      const materials = full.materials.filter((m) => d.correction?.materialIds.includes(m.id))
      const answers: Answers = {}
      for (const f of fields) answers[f.key] = d.fields[f.key]
      runInAction(() => {
        this.correction = { form: { ...full, fields, materials }, answers, files: {}, licences: {}, errors: [], sending: false, error: undefined }
      })
    } catch (err) {
      runInAction(() => {
        this.correction = undefined
        this.detailErrors.set(id, toApiError(err))
      })
    }
  }

  changeCorrection(answers: Answers): void {
    if (!this.correction) return
    this.correction.answers = answers
    this.correction.errors = this.correction.errors.filter((e) => e.field.startsWith('materials.'))
  }

  addCorrectionFiles(materialId: string, paths: string[]): void {
    if (!this.correction) return
    this.correction.files[materialId] = [...(this.correction.files[materialId] ?? []), ...paths]
    delete this.correction.licences[materialId]
    this.correction.errors = this.correction.errors.filter((e) => e.field !== materialField(materialId))
  }

  pickCorrectionLicence(materialId: string, licenceId: string): void {
    if (!this.correction) return
    this.correction.licences[materialId] = licenceId
    delete this.correction.files[materialId]
    this.correction.errors = this.correction.errors.filter((e) => e.field !== materialField(materialId))
  }

  cancelCorrection(): void {
    this.correction = undefined
  }

  /** Sends every fix at once; on success the detail is the server's new one and 补正 closes. */
  async sendCorrection(id: string): Promise<boolean> {
    const c = this.correction
    if (!c || c.sending) return false
    const errors = this.rules ? this.rules.check(c.form, c.answers) : []
    for (const m of c.form.materials) {
      if (!c.files[m.id]?.length && !c.licences[m.id]) errors.push({ field: materialField(m.id), message: `请重新提供“${m.name}”` })
    }
    c.errors = errors
    if (errors.length) return false
    const token = this.getToken()
    if (!token || !this.upload) {
      c.error = '请先登录'
      return false
    }
    c.sending = true
    c.error = undefined
    try {
      const materials: MaterialInput[] = []
      for (const m of c.form.materials) {
        if (c.licences[m.id]) materials.push({ materialId: m.id, licenceId: c.licences[m.id] })
        else materials.push({ materialId: m.id, uploadIds: await uploadPhotos(this.upload, this.baseUrl, token, c.files[m.id]) })
      }
      const body = { ...(c.form.fields.length ? { fields: c.answers } : {}), ...(materials.length ? { materials } : {}) }
      const d = await endpoints.correctApplication(this.api, id, body)
      runInAction(() => {
        this.details.set(id, d)
        this.correction = undefined
        this.stale = true
      })
      return true
    } catch (err) {
      runInAction(() => {
        c.sending = false
        c.error = toApiError(err).message
      })
      return false
    }
  }
}

/** 我的办件 (apply subpackage). */
export const myApplicationsOf = perRoot((root) => new MyApplicationsStore(root.api, root.deps.baseUrl, root.deps.upload, root.getToken))
