// RootStore: one store per concept, all sharing one API client; tests build it with a real client.
import { ApiClient, type Transport } from '../api/client'
import { DepartmentStore } from './departments'
import { SessionStore, type KeyValueStorage } from './session'

export interface RootStoreDeps {
  baseUrl: string
  transport: Transport
  storage: KeyValueStorage
}

export class RootStore {
  readonly api: ApiClient
  readonly session: SessionStore
  readonly departments: DepartmentStore

  constructor(deps: RootStoreDeps) {
    this.session = new SessionStore(deps.storage)
    this.api = new ApiClient({
      baseUrl: deps.baseUrl,
      transport: deps.transport,
      getToken: () => this.session.token,
      onUnauthorized: () => this.session.clear(),
    })
    this.departments = new DepartmentStore(this.api)
  }
}
