// HomeStore: what the home page (the resident's hub) loads itself — the 待办 of a signed-in resident and the
// 通知公告 in force — plus one notice for its detail page. Hot services, 一件事 and 最近浏览 come from the catalog
// and saved stores. Each part loads, fails and retries on its own, so one failure never blanks the page.
import { makeAutoObservable, runInAction } from 'mobx'
import type { Announcement } from '@contract/announcements'
import type { TodoItem } from '@contract/home'
import * as announcements from '@/api/announcements'
import type { ApiClient } from '@/api/client'
import { toApiError } from '@/api/errors'
import * as home from '@/api/home'
import type { LoadStatus } from './loadable'

/** How many notices the home page lists. */
export const HOME_NOTICES = 3

export class HomeStore {
  todo: TodoItem[] = []
  todoStatus: LoadStatus = 'idle'
  todoError = ''
  notices: Announcement[] = []
  noticesStatus: LoadStatus = 'idle'
  noticesError = ''
  notice: Announcement | null = null
  noticeStatus: LoadStatus = 'idle'
  noticeError = ''

  constructor(
    private readonly api: ApiClient,
    private readonly signedIn: () => boolean,
  ) {
    makeAutoObservable<HomeStore, 'api' | 'signedIn'>(this, { api: false, signedIn: false })
  }

  /** Loads what the home page shows; 待办 only when signed in (cleared otherwise). */
  async load(): Promise<void> {
    await Promise.all([this.loadTodo(), this.loadNotices()])
  }

  async loadTodo(): Promise<void> {
    if (!this.signedIn()) {
      this.todo = []
      this.todoStatus = 'idle'
      this.todoError = ''
      return
    }
    this.todoStatus = 'loading'
    this.todoError = ''
    try {
      const { items } = await home.todo(this.api)
      runInAction(() => {
        this.todo = items
        this.todoStatus = 'ready'
      })
    } catch (err) {
      runInAction(() => {
        // Signed out meanwhile (401): nothing to show, not an error.
        if (!this.signedIn()) {
          this.todo = []
          this.todoStatus = 'idle'
          return
        }
        this.todoError = toApiError(err).message
        this.todoStatus = 'failed'
      })
    }
  }

  async loadNotices(): Promise<void> {
    this.noticesStatus = 'loading'
    this.noticesError = ''
    try {
      const { items } = await announcements.list(this.api, HOME_NOTICES)
      runInAction(() => {
        this.notices = items
        this.noticesStatus = 'ready'
      })
    } catch (err) {
      runInAction(() => {
        this.noticesError = toApiError(err).message
        this.noticesStatus = 'failed'
      })
    }
  }

  async loadNotice(id: string): Promise<void> {
    this.notice = this.notices.find((n) => n.id === id) ?? null
    this.noticeStatus = 'loading'
    this.noticeError = ''
    try {
      const found = await announcements.one(this.api, id)
      runInAction(() => {
        this.notice = found
        this.noticeStatus = 'ready'
      })
    } catch (err) {
      runInAction(() => {
        this.notice = null
        this.noticeError = toApiError(err).message
        this.noticeStatus = 'failed'
      })
    }
  }
}
