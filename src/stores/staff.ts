// StaffSessionStore: a staff member's own session (separate from any resident session on the device) and profile.
import { makeAutoObservable, runInAction } from 'mobx'
import type { StaffProfile, StaffRole } from '@contract/auth'
import type { ApiClient } from '@/api/client'
import { type ApiError, toApiError } from '@/api/errors'
import * as endpoints from '@/api/staff'
import type { LoadStatus } from './loadable'
import type { KeyValueStorage } from './session'

const STAFF_TOKEN_KEY = 'onestop.staff-session'

export const STAFF_ROLE_NAMES: Record<StaffRole, string> = {
  dispatcher: '12345 热线派单员',
  dept_staff: '部门工作人员',
  hall_staff: '政务服务大厅工作人员',
  admin: '系统管理员',
}

export class StaffSessionStore {
  token: string | undefined
  profile: StaffProfile | undefined = undefined
  status: LoadStatus = 'idle'
  error: ApiError | undefined = undefined

  constructor(
    private readonly api: ApiClient,
    private readonly storage: KeyValueStorage,
  ) {
    this.token = storage.get(STAFF_TOKEN_KEY) || undefined
    makeAutoObservable<StaffSessionStore, 'api' | 'storage'>(this, { api: false, storage: false })
  }

  get signedIn(): boolean {
    return Boolean(this.token)
  }

  /** Signs in; throws the server's ApiError (STAFF_LOGIN_FAILED, STAFF_LOCKED …) for the form to show. */
  async login(username: string, password: string): Promise<StaffProfile> {
    const res = await endpoints.staffLogin(this.api, username, password)
    runInAction(() => {
      this.token = res.token
      this.storage.set(STAFF_TOKEN_KEY, res.token)
      this.profile = res.staff
      this.status = 'ready'
      this.error = undefined
    })
    return res.staff
  }

  /** Loads the profile of the stored session; a rejected session is forgotten. */
  async load(force = false): Promise<void> {
    const token = this.token
    if (!token) return
    if (this.status === 'loading' || (this.status === 'ready' && !force)) return
    this.status = 'loading'
    this.error = undefined
    try {
      const staff = await endpoints.staffMe(this.api, token)
      runInAction(() => {
        this.profile = staff
        this.status = 'ready'
      })
    } catch (err) {
      runInAction(() => {
        const e = toApiError(err)
        if (e.kind === 'auth') this.forget()
        else {
          this.error = e
          this.status = 'failed'
        }
      })
    }
  }

  async logout(): Promise<void> {
    const token = this.token
    this.forget()
    if (token) {
      try {
        await endpoints.staffLogout(this.api, token)
      } catch {
        // Dropped here regardless; the server lets it expire.
      }
    }
  }

  private forget(): void {
    this.token = undefined
    this.storage.remove(STAFF_TOKEN_KEY)
    this.profile = undefined
    this.status = 'idle'
    this.error = undefined
  }
}
