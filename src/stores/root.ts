// RootStore: the stores the tab pages (首页, 办事, 我的) and the shared components need, all sharing one API client; tests
// build it with a real client. Every other feature store is made on first use by its `…Of(root)` accessor (per-root.ts),
// which only that feature's pages import, so the mini-programs' main package carries none of them.
import { reaction } from 'mobx'
import { ApiClient, type Transport } from '@/api/client'
import type { UploadTransport } from '@/api/uploads'
import { DeviceCache, ServiceRecords, type CatalogStoreOptions } from './catalog'
import { CatalogBrowseStore } from './catalog-browse'
import { CatalogSearchStore } from './catalog-search'
import { DepartmentStore } from './departments'
import { HomeStore } from './home'
import { MeStore } from './me'
import type { ConsentPrompt } from './notices'
import { PrivacyStore } from './privacy'
import type { RequestsStoreOptions } from './request-draft'
import { SavedStore } from './saved'
import { SessionStore, type KeyValueStorage } from './session'
import { StaffSessionStore } from './staff'

export interface RootStoreDeps {
  baseUrl: string
  transport: Transport
  storage: KeyValueStorage
  catalog?: CatalogStoreOptions
  /** Multipart upload of one file (Taro.uploadFile in the app). */
  upload?: UploadTransport
  requests?: RequestsStoreOptions
  /** The platform's subscribe-message consent dialog (WeChat); absent, nothing is asked. */
  consentPrompt?: ConsentPrompt
}

export class RootStore {
  readonly api: ApiClient
  readonly session: SessionStore
  readonly departments: DepartmentStore
  /** Every service summary seen, by code (search and browse point into it). */
  readonly services = new ServiceRecords()
  /** The device's copies of what was last seen (guides, hot lists, 收藏), for offline use. */
  readonly cache: DeviceCache
  readonly search: CatalogSearchStore
  readonly browse: CatalogBrowseStore
  readonly saved: SavedStore
  readonly me: MeStore
  readonly staff: StaffSessionStore
  readonly privacy = new PrivacyStore()
  readonly home: HomeStore
  /** The resident's session token (what feature stores send with uploads and keep per account). */
  readonly getToken = (): string | undefined => this.session.token

  constructor(readonly deps: RootStoreDeps) {
    this.session = new SessionStore(deps.storage)
    this.api = new ApiClient({
      baseUrl: deps.baseUrl,
      transport: deps.transport,
      getToken: () => this.session.token,
      onUnauthorized: () => this.me.signedOut(),
    })
    this.cache = new DeviceCache(deps.storage)
    const signedIn = () => this.session.signedIn
    this.departments = new DepartmentStore(this.api)
    this.search = new CatalogSearchStore(this.api, this.services, deps.catalog)
    this.browse = new CatalogBrowseStore(this.api, this.services, this.cache, () => this.search.audience)
    // The hot list follows the audience chosen for searching.
    reaction(
      () => this.search.audience,
      () => void this.browse.loadHot(),
    )
    this.saved = new SavedStore(this.api, this.cache, deps.catalog?.signedIn ?? signedIn, deps.catalog?.now)
    // Signing in (or starting signed in) brings the device's 收藏/最近浏览 and the account's together.
    reaction(
      () => this.session.token,
      (token) => {
        if (token) void this.saved.sync()
      },
      { fireImmediately: true },
    )
    this.me = new MeStore(this.api, this.session)
    this.staff = new StaffSessionStore(this.api, deps.storage)
    this.home = new HomeStore(this.api, signedIn)
  }
}
