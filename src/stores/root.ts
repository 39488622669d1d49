// RootStore: one store per concept, all sharing one API client; tests build it with a real client.
import { reaction } from 'mobx'
import { ApiClient, type Transport } from '../api/client'
import { CatalogStore, type CatalogStoreOptions } from './catalog'
import { DepartmentStore } from './departments'
import { MeStore } from './me'
import { StaffSessionStore } from './staff'
import { PrivacyStore } from './privacy'
import { SessionStore, type KeyValueStorage } from './session'
import type { UploadTransport } from '../api/requests'
import { RequestsStore, type RequestsStoreOptions } from './requests'
import { WorkbenchStore } from './workbench'
import { AppointmentsStore, HallDeskStore } from './appointments'
import { CityCodeStore } from './citycode'

export interface RootStoreDeps {
  baseUrl: string
  transport: Transport
  storage: KeyValueStorage
  catalog?: CatalogStoreOptions
  /** Multipart upload of one file (Taro.uploadFile in the app). */
  upload?: UploadTransport
  requests?: RequestsStoreOptions
}

export class RootStore {
  readonly api: ApiClient
  readonly session: SessionStore
  readonly departments: DepartmentStore
  readonly catalog: CatalogStore
  readonly me: MeStore
  readonly staff: StaffSessionStore
  readonly privacy = new PrivacyStore()
  readonly requests: RequestsStore
  readonly workbench: WorkbenchStore
  readonly appointments: AppointmentsStore
  readonly hallDesk: HallDeskStore
  readonly citycode: CityCodeStore

  constructor(deps: RootStoreDeps) {
    this.session = new SessionStore(deps.storage)
    this.api = new ApiClient({
      baseUrl: deps.baseUrl,
      transport: deps.transport,
      getToken: () => this.session.token,
      onUnauthorized: () => this.me.signedOut(),
    })
    this.departments = new DepartmentStore(this.api)
    this.catalog = new CatalogStore(this.api, deps.storage, { signedIn: () => this.session.signedIn, ...deps.catalog })
    // Signing in (or starting signed in) brings the device's 收藏/最近浏览 and the account's together.
    reaction(
      () => this.session.token,
      (token) => {
        if (token) void this.catalog.syncSaved()
      },
      { fireImmediately: true },
    )
    this.me = new MeStore(this.api, this.session)
    this.staff = new StaffSessionStore(this.api, deps.storage)
    this.requests = new RequestsStore(this.api, deps.storage, deps.baseUrl, deps.upload, () => this.session.token, deps.requests)
    this.workbench = new WorkbenchStore(this.api, this.staff, deps.baseUrl, deps.upload)
    this.appointments = new AppointmentsStore(this.api)
    this.hallDesk = new HallDeskStore(this.api, () => this.staff.token)
    this.citycode = new CityCodeStore(this.api, deps.storage, () => this.session.token)
  }
}
