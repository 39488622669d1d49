// DepartmentStore: the departments that own services and answer requests, keyed by code.
import { makeAutoObservable, runInAction } from 'mobx'
import type { Department } from '@contract/department'
import type { ApiClient } from '@/api/client'
import * as endpoints from '@/api/departments'
import { type ApiError, toApiError } from '@/api/errors'
import type { LoadStatus } from './loadable'

export class DepartmentStore {
  byCode = new Map<string, Department>()
  order: string[] = []
  status: LoadStatus = 'idle'
  error: ApiError | undefined = undefined

  constructor(private readonly api: ApiClient) {
    makeAutoObservable<DepartmentStore, 'api'>(this, { api: false })
  }

  get list(): Department[] {
    return this.order.map((code) => this.byCode.get(code)!).filter(Boolean)
  }

  /** Loads once; `force` reloads (pull-to-refresh, retry button). Concurrent calls share one request. */
  async load(force = false): Promise<void> {
    if (this.status === 'loading' || (this.status === 'ready' && !force)) return
    this.status = 'loading'
    this.error = undefined
    try {
      const { items } = await endpoints.departments(this.api)
      runInAction(() => {
        this.byCode.clear()
        for (const d of items) this.byCode.set(d.code, d)
        this.order = items.map((d) => d.code)
        this.status = 'ready'
      })
    } catch (err) {
      runInAction(() => {
        this.error = toApiError(err)
        this.status = 'failed'
      })
    }
  }
}
