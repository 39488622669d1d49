// WorkbenchStore: the staff side of 12345 — queues by role (hotline dispatch, a department's own work), one request's
// full record with the actions the state machine allows, the audited contact reveal, department suggestions and
// the related/duplicate panel. Every call carries the staff token, never the resident's session.
import { makeAutoObservable, reaction, runInAction } from 'mobx'
import type {
  DepartmentSuggestion,
  QueueItem,
  RevealedContact,
  StaffActionBody,
  StaffRequestDetail,
  StaffRequestQuery,
} from '@contract/request'
import type { RelatedResult } from '@contract/similar'
import type { ApiClient } from '@/api/client'
import { ApiError, toApiError } from '@/api/errors'
import { absoluteUrl, uploadPhotos, type UploadTransport } from '@/api/uploads'
import * as endpoints from '@/api/workbench'
import type { LoadStatus } from './loadable'
import type { StaffSessionStore } from './staff'
import { perRoot } from './per-root'

export type WorkbenchTab = 'new' | 'returned' | 'extensions' | 'replies' | 'todo' | 'doing' | 'overdue' | 'all'

export interface TabDef {
  key: WorkbenchTab
  label: string
  /** What to ask the server. */
  query: StaffRequestQuery
  /** Narrows the server's answer (a queue holds several kinds of work). */
  keep?: (item: QueueItem) => boolean
}

/** Tabs for the hotline (dispatcher, admin). */
export const DISPATCHER_TABS: readonly TabDef[] = [
  { key: 'new', label: '待受理派单', query: { queue: 'dispatch', status: 'submitted,accepted' } },
  { key: 'returned', label: '退单', query: { queue: 'dispatch', status: 'returned' } },
  { key: 'extensions', label: '延期申请', query: { queue: 'dispatch' }, keep: (i) => i.extensionDays !== null },
  { key: 'replies', label: '待审核答复', query: { queue: 'dispatch', status: 'replied' } },
  { key: 'overdue', label: '已超期', query: { queue: 'all', overdue: true } },
  { key: 'all', label: '全部', query: { queue: 'all' } },
]

/** Tabs for a department's clerk. */
export const DEPARTMENT_TABS: readonly TabDef[] = [
  { key: 'todo', label: '待签收', query: { queue: 'department', status: 'dispatched' } },
  { key: 'doing', label: '办理中', query: { queue: 'department', status: 'signed,processing' } },
  { key: 'overdue', label: '已超期', query: { queue: 'department', overdue: true } },
  { key: 'all', label: '全部', query: { queue: 'all' } },
]

const PAGE_SIZE = 100

/** Earliest deadline first; overdue ones naturally lead. */
export function byDeadline(a: QueueItem, b: QueueItem): number {
  return a.deadline.localeCompare(b.deadline) || a.number.localeCompare(b.number)
}

export class WorkbenchStore {
  tab: WorkbenchTab | undefined = undefined
  items = new Map<string, QueueItem>()
  queueIds: string[] = []
  queueTotal = 0
  queueStatus: LoadStatus = 'idle'
  queueError: ApiError | undefined = undefined

  details = new Map<string, StaffRequestDetail>()
  detailStatus = new Map<string, LoadStatus>()
  detailErrors = new Map<string, ApiError>()
  /** Contacts opened (audited) in this session, by request id. */
  revealed = new Map<string, RevealedContact>()
  suggestions = new Map<string, DepartmentSuggestion['items']>()
  /** GET …/related answers; absent when the endpoint is missing or failed (the panel is then hidden). */
  related = new Map<string, RelatedResult>()

  private queueSeq = 0

  constructor(
    private readonly api: ApiClient,
    private readonly staff: StaffSessionStore,
    private readonly baseUrl: string,
    private readonly upload: UploadTransport | undefined,
  ) {
    makeAutoObservable<WorkbenchStore, 'api' | 'staff' | 'baseUrl' | 'upload' | 'queueSeq'>(this, {
      api: false,
      staff: false,
      baseUrl: false,
      upload: false,
      queueSeq: false,
    })
    // Another clerk (or none) on this device: nothing the previous one opened may show, revealed contacts least of all.
    reaction(
      () => this.staff.token,
      () => this.clear(),
    )
  }

  private token(): string {
    const t = this.staff.token
    if (!t) throw new ApiError('auth', 'UNAUTHORIZED', '请先登录工作人员账号', 401)
    return t
  }

  /** The hotline's tabs or a department's, by the signed-in clerk's role. */
  get tabs(): readonly TabDef[] {
    return this.staff.profile?.role === 'dept_staff' ? DEPARTMENT_TABS : DISPATCHER_TABS
  }

  get currentTab(): TabDef {
    return this.tabs.find((t) => t.key === this.tab) ?? this.tabs[0]
  }

  get queue(): QueueItem[] {
    return this.queueIds.map((id) => this.items.get(id)!).filter(Boolean)
  }

  /** A staff call answered 401: the staff session is over; the page shows sign-in. */
  private handle(err: unknown): ApiError {
    const e = toApiError(err)
    if (e.kind === 'auth') void this.staff.load(true)
    return e
  }

  setTab(tab: WorkbenchTab): void {
    if (tab === this.tab && this.queueStatus === 'ready') return
    this.tab = tab
    void this.loadQueue(true)
  }

  async loadQueue(force = false): Promise<void> {
    if (!force && this.queueStatus === 'ready') return
    const seq = ++this.queueSeq
    const def = this.currentTab
    this.queueStatus = 'loading'
    this.queueError = undefined
    try {
      const res = await endpoints.staffRequests(this.api, this.token(), { ...def.query, page: 1, pageSize: PAGE_SIZE })
      if (seq !== this.queueSeq) return
      runInAction(() => {
        const kept = (def.keep ? res.items.filter(def.keep) : res.items).slice().sort(byDeadline)
        for (const i of kept) this.items.set(i.id, i)
        this.queueIds = kept.map((i) => i.id)
        this.queueTotal = def.keep ? kept.length : res.total
        this.queueStatus = 'ready'
      })
    } catch (err) {
      if (seq !== this.queueSeq) return
      runInAction(() => {
        this.queueError = this.handle(err)
        this.queueStatus = 'failed'
      })
    }
  }

  async loadDetail(id: string): Promise<void> {
    if (this.detailStatus.get(id) === 'loading') return
    this.detailStatus.set(id, 'loading')
    this.detailErrors.delete(id)
    try {
      const detail = await endpoints.staffRequest(this.api, this.token(), id)
      runInAction(() => this.applyDetail(detail))
    } catch (err) {
      runInAction(() => {
        this.detailErrors.set(id, this.handle(err))
        this.detailStatus.set(id, 'failed')
      })
    }
  }

  private applyDetail(detail: StaffRequestDetail): void {
    this.details.set(detail.id, detail)
    this.detailStatus.set(detail.id, 'ready')
    this.detailErrors.delete(detail.id)
    if (this.items.has(detail.id)) {
      const { content: _c, location: _l, photos: _p, public: _pub, contact: _ct, closedAt: _cl, rating: _r, reopened: _ro, mergedInto: _m, merged: _mm, timeline: _t, actions: _a, ...item } = detail
      this.items.set(detail.id, item)
    }
  }

  /** Loads the department suggestions (best first) for dispatching; quietly empty on failure. */
  async loadSuggestions(id: string): Promise<void> {
    try {
      const res = await endpoints.suggestDepartment(this.api, this.token(), id)
      runInAction(() => this.suggestions.set(id, res.items))
    } catch {
      runInAction(() => this.suggestions.set(id, []))
    }
  }

  /** Loads likely duplicates and related requests; the panel stays hidden when this fails (e.g. not deployed yet). */
  async loadRelated(id: string): Promise<void> {
    // The related panel serves the hotline's dispatch and 并案; departments do not get it.
    if (!this.staff.profile) await this.staff.load()
    const role = this.staff.profile?.role
    if (role !== 'dispatcher' && role !== 'admin') return
    try {
      const res = await endpoints.relatedRequests(this.api, this.token(), id)
      runInAction(() => this.related.set(id, res))
    } catch {
      runInAction(() => this.related.delete(id))
    }
  }

  /** Opens the masked contact; the server writes the audit log. Throws ApiError (e.g. 匿名) for the page to show. */
  async reveal(id: string): Promise<RevealedContact> {
    try {
      const contact = await endpoints.revealContact(this.api, this.token(), id)
      runInAction(() => this.revealed.set(id, contact))
      return contact
    } catch (err) {
      throw this.handle(err)
    }
  }

  absoluteUrl(url: string): string {
    return absoluteUrl(this.baseUrl, url)
  }

  /** Uploads a reply's photos (local paths) with the staff token. */
  async uploadAll(paths: string[]): Promise<string[]> {
    if (!this.upload) throw new ApiError('client', 'UPLOAD_UNAVAILABLE', '当前环境不支持上传照片')
    return uploadPhotos(this.upload, this.baseUrl, this.token(), paths)
  }

  /**
   * Takes one action of the state machine. The server answers with the new record (409 ILLEGAL_TRANSITION when
   * someone else moved it first: the record is reloaded so the buttons match again).
   */
  async act(id: string, body: StaffActionBody): Promise<StaffRequestDetail> {
    try {
      const detail = await endpoints.staffAction(this.api, this.token(), id, body)
      runInAction(() => {
        this.applyDetail(detail)
        // Queues are stale after any action.
        this.queueStatus = 'idle'
      })
      return detail
    } catch (err) {
      const e = this.handle(err)
      if (e.status === 409) void this.loadDetail(id)
      throw e
    }
  }

  /** Forgets everything when the clerk signs out. */
  clear(): void {
    this.items.clear()
    this.queueIds = []
    this.queueTotal = 0
    this.queueStatus = 'idle'
    this.details.clear()
    this.detailStatus.clear()
    this.detailErrors.clear()
    this.revealed.clear()
    this.suggestions.clear()
    this.related.clear()
  }
}

/** The 12345 workbench (staff subpackage). */
export const workbenchOf = perRoot((root) => new WorkbenchStore(root.api, root.staff, root.deps.baseUrl, root.deps.upload))
