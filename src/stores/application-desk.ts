// ApplicationDeskStore: the department's 办件 queue (by deadline, 临期/超期, paged) and one 办件 with its materials
// and the actions 受理 / 补正告知 / 不予受理 / 准予 / 不予许可, with the staff token passed explicitly.
import { makeAutoObservable, runInAction } from 'mobx'
import type { ServiceForm } from '@contract/forms'
import type { StaffApplicationActionBody, StaffApplicationDetail, StaffApplicationPage } from '@contract/applications'
import * as endpoints from '@/api/applications'
import * as forms from '@/api/forms'
import type { ApiClient } from '@/api/client'
import { type ApiError, toApiError } from '@/api/errors'
import type { LoadStatus } from './loadable'
import { perRoot } from './per-root'

export type DeskQueue = 'open' | 'decided' | 'all'
const PAGE_SIZE = 20

export class ApplicationDeskStore {
  queue: DeskQueue = 'open'
  page = 1
  result: StaffApplicationPage | undefined = undefined
  status: LoadStatus = 'idle'
  error: ApiError | undefined = undefined
  details = new Map<string, StaffApplicationDetail>()
  /** Forms by service code: the labels of the answers and materials. */
  forms = new Map<string, ServiceForm>()
  detailErrors = new Map<string, ApiError>()
  acting = false
  actionError: string | undefined = undefined

  constructor(
    private readonly api: ApiClient,
    private readonly token: () => string | undefined,
    private readonly baseUrl: string,
  ) {
    makeAutoObservable<ApplicationDeskStore, 'api' | 'token' | 'baseUrl'>(this, { api: false, token: false, baseUrl: false })
  }

  get pages(): number {
    return this.result ? Math.max(1, Math.ceil(this.result.total / this.result.pageSize)) : 1
  }

  async load(queue: DeskQueue = this.queue, page = 1): Promise<void> {
    const token = this.token()
    if (!token) return
    this.queue = queue
    this.page = page
    this.status = 'loading'
    this.error = undefined
    try {
      const res = await endpoints.staffApplications(this.api, token, { queue, page, pageSize: PAGE_SIZE })
      runInAction(() => {
        if (this.queue !== queue || this.page !== page) return
        this.result = res
        this.status = 'ready'
      })
    } catch (err) {
      runInAction(() => {
        this.error = toApiError(err)
        this.status = 'failed'
      })
    }
  }

  async loadDetail(id: string): Promise<void> {
    const token = this.token()
    if (!token) return
    try {
      const d = await endpoints.staffApplication(this.api, token, id)
      runInAction(() => {
        this.details.set(id, d)
        this.detailErrors.delete(id)
      })
      if (!this.forms.has(d.serviceCode)) {
        const form = await forms.serviceForm(this.api, d.serviceCode).catch(() => undefined)
        if (form) runInAction(() => this.forms.set(d.serviceCode, form))
      }
    } catch (err) {
      runInAction(() => this.detailErrors.set(id, toApiError(err)))
    }
  }

  /** The address of one uploaded material (opened in the browser / previewed; audited on the server). */
  materialUrl(id: string, uploadId: string): string {
    return `${this.baseUrl.replace(/\/+$/, '')}${endpoints.staffMaterialPath(id, uploadId)}`
  }

  async act(id: string, body: StaffApplicationActionBody): Promise<boolean> {
    const token = this.token()
    if (!token || this.acting) return false
    this.acting = true
    this.actionError = undefined
    try {
      const d = await endpoints.staffApplicationAction(this.api, token, id, body)
      runInAction(() => {
        this.details.set(id, d)
        this.acting = false
      })
      void this.load(this.queue, this.page)
      return true
    } catch (err) {
      runInAction(() => {
        this.actionError = toApiError(err).message
        this.acting = false
      })
      return false
    }
  }
}

/** 在线办件 for department clerks (staff subpackage). */
export const applicationDeskOf = perRoot((root) => new ApplicationDeskStore(root.api, () => root.staff.token, root.deps.baseUrl))
