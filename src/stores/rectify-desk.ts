// RectifyDeskStore: 好差评 for staff — the department's (or hall's) 整改 queue with the 回访 + result form and the
// appeal form, and for the hotline/admin the appeals queue with its decision. Every call carries the staff token.
import { makeAutoObservable, runInAction } from 'mobx'
import type { ApiClient } from '@/api/client'
import { toApiError } from '@/api/errors'
import * as endpoints from '@/api/ratings'
import type { Appeal, ContactMethod, StaffRectification } from '@contract/ratings'
import type { LoadStatus } from './loadable'
import { busyWrite } from './busy-write'
import { perRoot } from './per-root'

export interface RecordDraft {
  method: ContactMethod | undefined
  summary: string
  result: string
}

export class RectifyDeskStore {
  items: StaffRectification[] = []
  filter: 'open' | 'done' = 'open'
  status: LoadStatus = 'idle'
  error: string | undefined = undefined
  appeals: Appeal[] = []
  appealsStatus: LoadStatus = 'idle'
  busy = false
  message = ''
  problem = ''

  constructor(private readonly api: ApiClient, private readonly token: () => string | undefined) {
    makeAutoObservable<RectifyDeskStore, 'api' | 'token'>(this, { api: false, token: false })
  }

  async load(filter: 'open' | 'done' = this.filter): Promise<void> {
    this.filter = filter
    this.status = 'loading'
    this.error = undefined
    try {
      const list = await endpoints.rectifications(this.api, this.token() ?? null, filter)
      runInAction(() => {
        this.items = list.items
        this.status = 'ready'
      })
    } catch (err) {
      runInAction(() => {
        this.status = 'failed'
        this.error = toApiError(err).message
      })
    }
  }

  async loadAppeals(): Promise<void> {
    this.appealsStatus = 'loading'
    this.error = undefined
    try {
      const list = await endpoints.ratingAppeals(this.api, this.token() ?? null, 'pending')
      runInAction(() => {
        this.appeals = list.items
        this.appealsStatus = 'ready'
      })
    } catch (err) {
      runInAction(() => {
        this.appealsStatus = 'failed'
        this.error = toApiError(err).message
      })
    }
  }

  private async act(fn: () => Promise<void>, done: string): Promise<boolean> {
    if (this.busy) return false
    this.message = ''
    return busyWrite(this, async () => {
      await fn()
      runInAction(() => {
        this.message = done
      })
    })
  }


  private replace(item: StaffRectification): void {
    this.items = this.items.map((i) => (i.id === item.id ? item : i))
  }

  /** 回访 + 整改 result, with the contact time = now (the clerk records right after the call). */
  record(id: string, draft: RecordDraft): Promise<boolean> {
    if (!draft.method) {
      this.problem = '请选择回访方式'
      return Promise.resolve(false)
    }
    const body = { contactedAt: new Date().toISOString(), contactMethod: draft.method, contactSummary: draft.summary, result: draft.result }
    return this.act(async () => {
      const item = await endpoints.recordRectification(this.api, this.token() ?? null, id, body)
      runInAction(() => this.replace(item))
    }, '已登记回访与整改结果')
  }

  appeal(id: string, reason: string): Promise<boolean> {
    return this.act(async () => {
      const item = await endpoints.appealRating(this.api, this.token() ?? null, id, reason)
      runInAction(() => this.replace(item))
    }, '已提交申诉，等待 12345 热线复核')
  }

  decide(id: string, upheld: boolean, note: string): Promise<boolean> {
    return this.act(
      async () => {
        await endpoints.decideAppeal(this.api, this.token() ?? null, id, { upheld, note })
        runInAction(() => {
          this.appeals = this.appeals.filter((a) => a.id !== id)
        })
      },
      upheld ? '申诉成立：该评价不再计入统计' : '申诉不成立：评价照常计入',
    )
  }
}

/** 整改 and appeals for staff (rating subpackage). */
export const rectifyDeskOf = perRoot((root) => new RectifyDeskStore(root.api, () => root.staff.token))
