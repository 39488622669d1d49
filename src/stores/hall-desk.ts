// HallDeskStore: hall staff's view of their hall — the day's list, check-in by code, 未到场, 停办 a day. Every call
// carries the staff token, never the resident's session.
import { makeAutoObservable, runInAction } from 'mobx'
import type { ApiClient } from '@/api/client'
import * as endpoints from '@/api/appointments'
import { toApiError } from '@/api/errors'
import type { HallDay } from '@contract/appointment'
import type { LoadStatus } from './loadable'
import { busyWrite } from './busy-write'
import { perRoot } from './per-root'

/** Hall staff's view of their hall (a staff token, never the resident's session). */
export class HallDeskStore {
  day: HallDay | null = null
  status: LoadStatus = 'idle'
  error: string | undefined = undefined
  busy = false
  message = ''
  problem = ''

  constructor(private readonly api: ApiClient, private readonly token: () => string | undefined) {
    makeAutoObservable<HallDeskStore, 'api' | 'token'>(this, { api: false, token: false })
  }

  async load(hallId: string, date?: string): Promise<void> {
    this.status = 'loading'
    this.error = undefined
    try {
      const day = await endpoints.hallDay(this.api, this.token() ?? null, hallId, date)
      runInAction(() => {
        this.day = day
        this.status = 'ready'
      })
    } catch (err) {
      runInAction(() => {
        this.status = 'failed'
        this.error = toApiError(err).message
      })
    }
  }

  private async act<T>(fn: () => Promise<T>, done: (r: T) => string): Promise<boolean> {
    if (this.busy) return false
    this.message = ''
    return busyWrite(this, async () => {
      const r = await fn()
      runInAction(() => {
        this.message = done(r)
      })
    })
  }


  checkin(hallId: string, code: string): Promise<boolean> {
    return this.act(
      () => endpoints.hallCheckin(this.api, this.token() ?? null, hallId, code),
      (a) => `已签到：${a.service.name}，排队号 ${a.queueNumber ?? ''}`,
    )
  }

  noShow(hallId: string, id: string): Promise<boolean> {
    return this.act(
      () => endpoints.markNoShow(this.api, this.token() ?? null, hallId, id),
      () => '已标记为未到场',
    )
  }

  close(hallId: string, date: string, reason: string): Promise<boolean> {
    return this.act(
      () => endpoints.closeDay(this.api, this.token() ?? null, hallId, { date, reason }),
      (r) => `已停办 ${r.date}：取消预约 ${r.cancelled} 个，已通知 ${r.notified} 人`,
    )
  }
}

/** The hall clerk's desk (staff subpackage). */
export const hallDeskOf = perRoot((root) => new HallDeskStore(root.api, () => root.staff.token))
