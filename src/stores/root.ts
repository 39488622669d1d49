// RootStore: one store per concept, all sharing one API client; tests build it with a real client.
import { reaction } from 'mobx'
import { ApiClient, type Transport } from '@/api/client'
import type { UploadTransport } from '@/api/uploads'
import { AnnouncementsDeskStore } from './announcements-desk'
import { ApplicationDeskStore } from './application-desk'
import { ApplicationDraftStore } from './application-draft'
import { AppointmentsStore } from './appointments'
import { DeviceCache, ServiceRecords, type CatalogStoreOptions } from './catalog'
import { CatalogBrowseStore } from './catalog-browse'
import { CatalogSearchStore } from './catalog-search'
import { CityCodeStore } from './citycode'
import { DepartmentStore } from './departments'
import { EntityDossierStore } from './entity-dossier'
import { GuideStore } from './guides'
import { HallDeskStore } from './hall-desk'
import { HomeStore } from './home'
import { LicencesStore } from './licences'
import { MeStore } from './me'
import { MyApplicationsStore } from './my-applications'
import { MyRequestsStore } from './my-requests'
import { NoticeStore, type ConsentPrompt } from './notices'
import { PrivacyStore } from './privacy'
import { RatingsStore } from './ratings'
import { RectifyDeskStore } from './rectify-desk'
import { RequestDraftStore, type RequestsStoreOptions } from './request-draft'
import { SavedStore } from './saved'
import { SessionStore, type KeyValueStorage } from './session'
import { SimilarRequestsStore } from './similar-requests'
import { StaffSessionStore } from './staff'
import { WorkbenchStore } from './workbench'

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
  readonly search: CatalogSearchStore
  readonly browse: CatalogBrowseStore
  readonly guides: GuideStore
  readonly saved: SavedStore
  readonly me: MeStore
  readonly staff: StaffSessionStore
  readonly privacy = new PrivacyStore()
  readonly notices: NoticeStore
  readonly similar: SimilarRequestsStore
  readonly requestDraft: RequestDraftStore
  readonly myRequests: MyRequestsStore
  readonly workbench: WorkbenchStore
  readonly entityDossier: EntityDossierStore
  readonly appointments: AppointmentsStore
  readonly hallDesk: HallDeskStore
  readonly citycode: CityCodeStore
  readonly ratings: RatingsStore
  readonly rectifyDesk: RectifyDeskStore
  readonly applicationDraft: ApplicationDraftStore
  readonly myApplications: MyApplicationsStore
  readonly licences: LicencesStore
  readonly applicationDesk: ApplicationDeskStore
  readonly home: HomeStore
  readonly announcementsDesk: AnnouncementsDeskStore

  constructor(deps: RootStoreDeps) {
    this.session = new SessionStore(deps.storage)
    this.api = new ApiClient({
      baseUrl: deps.baseUrl,
      transport: deps.transport,
      getToken: () => this.session.token,
      onUnauthorized: () => this.me.signedOut(),
    })
    const cache = new DeviceCache(deps.storage)
    const signedIn = () => this.session.signedIn
    this.departments = new DepartmentStore(this.api)
    this.search = new CatalogSearchStore(this.api, this.services, deps.catalog)
    this.browse = new CatalogBrowseStore(this.api, this.services, cache, () => this.search.audience)
    // The hot list follows the audience chosen for searching.
    reaction(
      () => this.search.audience,
      () => void this.browse.loadHot(),
    )
    this.guides = new GuideStore(this.api, cache)
    this.saved = new SavedStore(this.api, cache, deps.catalog?.signedIn ?? signedIn, deps.catalog?.now)
    // Signing in (or starting signed in) brings the device's 收藏/最近浏览 and the account's together.
    reaction(
      () => this.session.token,
      (token) => {
        if (token) void this.saved.sync()
      },
      { fireImmediately: true },
    )
    this.notices = new NoticeStore(this.api, deps.consentPrompt)
    this.me = new MeStore(this.api, this.session)
    this.staff = new StaffSessionStore(this.api, deps.storage)
    const getToken = () => this.session.token
    this.similar = new SimilarRequestsStore(this.api, deps.requests?.similarDebounceMs)
    this.myRequests = new MyRequestsStore(this.api, deps.baseUrl, deps.upload, getToken)
    this.requestDraft = new RequestDraftStore(
      { api: this.api, storage: deps.storage, baseUrl: deps.baseUrl, upload: deps.upload, getToken, similar: this.similar, onFiled: () => this.myRequests.markStale() },
      deps.requests,
    )
    this.workbench = new WorkbenchStore(this.api, this.staff, deps.baseUrl, deps.upload)
    this.entityDossier = new EntityDossierStore(this.api, () => this.staff.token)
    this.appointments = new AppointmentsStore(this.api)
    this.hallDesk = new HallDeskStore(this.api, () => this.staff.token)
    this.citycode = new CityCodeStore(this.api, deps.storage, () => this.session.token)
    this.ratings = new RatingsStore(this.api)
    this.rectifyDesk = new RectifyDeskStore(this.api, () => this.staff.token)
    this.myApplications = new MyApplicationsStore(this.api, deps.baseUrl, deps.upload, getToken)
    this.applicationDraft = new ApplicationDraftStore({
      api: this.api,
      storage: deps.storage,
      baseUrl: deps.baseUrl,
      upload: deps.upload,
      getToken,
      onSubmitted: () => this.myApplications.markStale(),
    })
    this.licences = new LicencesStore(this.api)
    this.applicationDesk = new ApplicationDeskStore(this.api, () => this.staff.token, deps.baseUrl)
    this.home = new HomeStore(this.api, signedIn)
    this.announcementsDesk = new AnnouncementsDeskStore(this.api, () => this.staff.token, new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10))
  }
}
