// AnnouncementsDeskStore: the admin's 通知公告 desk — every notice with its state, a form to publish or edit one
// (title, body, period in Guangzhou dates, audience) and withdraw; calls go with the staff token.
import { makeAutoObservable, runInAction } from 'mobx'
import type { AdminAnnouncement, AnnouncementAudience, AnnouncementBody } from '@contract/announcements'
import * as endpoints from '@/api/announcements'
import type { ApiClient } from '@/api/client'
import { toApiError } from '@/api/errors'
import type { LoadStatus } from './loadable'
import { perRoot } from './per-root'

export interface AnnouncementForm {
  /** Set when editing. */
  id?: string
  title: string
  body: string
  /** YYYY-MM-DD, Guangzhou date: shown from 00:00 that day. */
  from: string
  /** YYYY-MM-DD or '' (until withdrawn): shown until the end of that day. */
  to: string
  audience: AnnouncementAudience
}

export const emptyForm = (today: string): AnnouncementForm => ({ title: '', body: '', from: today, to: '', audience: 'all' })

const DATE = /^\d{4}-\d{2}-\d{2}$/

/** A Guangzhou date at 00:00 (+08:00) as an ISO instant; `nextDay` moves to the following midnight. */
function instant(date: string, nextDay = false): string {
  const t = new Date(`${date}T00:00:00+08:00`).getTime() + (nextDay ? 86_400_000 : 0)
  return new Date(t).toISOString()
}

/** The form as the API's body, or the first problem in Chinese. */
export function bodyOf(form: AnnouncementForm): AnnouncementBody | string {
  if (!form.title.trim()) return '请填写标题'
  if (!form.body.trim()) return '请填写正文'
  if (!DATE.test(form.from)) return '开始日期格式应为 2026-12-01'
  if (form.to && !DATE.test(form.to)) return '结束日期格式应为 2026-12-31，或留空表示长期有效'
  if (form.to && form.to < form.from) return '结束日期不能早于开始日期'
  return {
    title: form.title.trim(),
    body: form.body.trim(),
    startsAt: instant(form.from),
    ...(form.to ? { endsAt: instant(form.to, true) } : {}),
    audience: form.audience,
  }
}

export class AnnouncementsDeskStore {
  items: AdminAnnouncement[] = []
  status: LoadStatus = 'idle'
  error = ''
  form: AnnouncementForm
  busy = false
  problem = ''
  done = ''

  constructor(
    private readonly api: ApiClient,
    private readonly token: () => string | undefined,
    today: string,
  ) {
    this.form = emptyForm(today)
    makeAutoObservable<AnnouncementsDeskStore, 'api' | 'token'>(this, { api: false, token: false })
  }

  async load(): Promise<void> {
    const token = this.token()
    if (!token) return
    this.status = 'loading'
    this.error = ''
    try {
      const { items } = await endpoints.adminList(this.api, token)
      runInAction(() => {
        this.items = items
        this.status = 'ready'
      })
    } catch (err) {
      runInAction(() => {
        this.error = toApiError(err).message
        this.status = 'failed'
      })
    }
  }

  edit(patch: Partial<AnnouncementForm>): void {
    this.form = { ...this.form, ...patch }
    this.problem = ''
    this.done = ''
  }

  startEdit(a: AdminAnnouncement): void {
    const date = (iso: string, back = false) => new Date(new Date(iso).getTime() + 8 * 3_600_000 - (back ? 1 : 0)).toISOString().slice(0, 10)
    this.form = { id: a.id, title: a.title, body: a.body, from: date(a.startsAt), to: a.endsAt ? date(a.endsAt, true) : '', audience: a.audience }
    this.problem = ''
    this.done = ''
  }

  async save(today: string): Promise<void> {
    const token = this.token()
    const body = bodyOf(this.form)
    if (typeof body === 'string') {
      this.problem = body
      return
    }
    if (!token || this.busy) return
    this.busy = true
    this.problem = ''
    try {
      const editing = this.form.id
      if (editing) await endpoints.edit(this.api, token, editing, body)
      else await endpoints.create(this.api, token, body)
      runInAction(() => {
        this.form = emptyForm(today)
        this.done = editing ? '已保存修改' : '已发布'
      })
      await this.load()
    } catch (err) {
      runInAction(() => (this.problem = toApiError(err).message))
    } finally {
      runInAction(() => (this.busy = false))
    }
  }

  async withdraw(id: string): Promise<void> {
    const token = this.token()
    if (!token || this.busy) return
    this.busy = true
    try {
      await endpoints.withdraw(this.api, token, id)
      runInAction(() => (this.done = '已撤回'))
      await this.load()
    } catch (err) {
      runInAction(() => (this.problem = toApiError(err).message))
    } finally {
      runInAction(() => (this.busy = false))
    }
  }
}

/** 通知公告管理 for admins (staff subpackage); today is the Beijing date when first opened. */
export const announcementsDeskOf = perRoot((root) => new AnnouncementsDeskStore(root.api, () => root.staff.token, new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)))
