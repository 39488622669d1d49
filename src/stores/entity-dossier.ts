// EntityDossierStore: the 涉事单位 page for the hotline — one entity's dossier (requests naming it across districts
// and types, addresses and phones given, departments and outcomes, contact log, timeline) and 联系涉事单位.
import { makeAutoObservable, runInAction } from 'mobx'
import type { ContactMethod, ContactResult, EntityDossier } from '@contract/similar'
import type { ApiClient } from '@/api/client'
import { ApiError, toApiError } from '@/api/errors'
import * as endpoints from '@/api/workbench'
import type { LoadStatus } from './loadable'
import { perRoot } from './per-root'

export const CONTACT_METHODS: readonly { value: ContactMethod; label: string }[] = [
  { value: 'phone', label: '电话' },
  { value: 'visit', label: '上门' },
  { value: 'sms', label: '短信' },
  { value: 'letter', label: '函件' },
  { value: 'other', label: '其他' },
]

export const CONTACT_RESULTS: readonly { value: ContactResult; label: string }[] = [
  { value: 'reached', label: '已联系上' },
  { value: 'unreachable', label: '联系不上' },
  { value: 'refused', label: '拒绝配合' },
  { value: 'promised', label: '已承诺整改' },
]

export class EntityDossierStore {
  dossiers = new Map<string, EntityDossier>()
  status = new Map<string, LoadStatus>()
  errors = new Map<string, ApiError>()
  saving = false
  saveError: string | null = null

  constructor(
    private readonly api: ApiClient,
    private readonly getToken: () => string | null | undefined,
  ) {
    makeAutoObservable<this, 'api' | 'getToken'>(this, { api: false, getToken: false })
  }

  private token(): string {
    const t = this.getToken()
    if (!t) throw new ApiError('auth', 'UNAUTHORIZED', '请先登录工作人员账号', 401)
    return t
  }

  async load(id: string): Promise<void> {
    this.status.set(id, 'loading')
    try {
      const d = await endpoints.entityDossier(this.api, this.token(), id)
      runInAction(() => {
        this.dossiers.set(id, d)
        this.status.set(id, 'ready')
        this.errors.delete(id)
      })
    } catch (err) {
      runInAction(() => {
        this.status.set(id, 'failed')
        this.errors.set(id, toApiError(err))
      })
    }
  }

  /** Records one 联系涉事单位 attempt; true when saved (the dossier is replaced by the server's answer). */
  async addContact(id: string, method: ContactMethod, result: ContactResult, note: string): Promise<boolean> {
    this.saving = true
    this.saveError = null
    try {
      const d = await endpoints.addEntityContact(this.api, this.token(), id, { method, result, note: note.trim() || undefined })
      runInAction(() => {
        this.dossiers.set(id, d)
        this.saving = false
      })
      return true
    } catch (err) {
      runInAction(() => {
        this.saving = false
        this.saveError = toApiError(err).message
      })
      return false
    }
  }
}

/** The entity dossier (staff subpackage). */
export const entityDossierOf = perRoot((root) => new EntityDossierStore(root.api, () => root.staff.token))
