// LicencesStore: 我的证照 — the resident's e-licences, and 亮证: a signed code shown as a QR that is fetched again
// before it ends (the same rotation as 一码通城), with the holder's name masked by the server.
import { makeAutoObservable, runInAction } from 'mobx'
import type { Licence } from '@contract/licences'
import type { ApiClient } from '@/api/client'
import { type ApiError, toApiError } from '@/api/errors'
import * as endpoints from '@/api/licences'
import type { LoadStatus } from './loadable'
import { perRoot } from './per-root'

/** Fetch a new code this many seconds before the shown one ends. */
const REFRESH_BEFORE_S = 15

export class LicencesStore {
  items: Licence[] = []
  status: LoadStatus = 'idle'
  error: ApiError | undefined = undefined
  /** 亮证: the licence shown, its code and when that ends. */
  shownId: string | undefined = undefined
  code: string | undefined = undefined
  expiresAt: number | undefined = undefined
  codeError: ApiError | undefined = undefined
  /** Seconds left on the shown code (updated by tick()). */
  secondsLeft = 0
  private fetching = false

  constructor(
    private readonly api: ApiClient,
    private readonly now: () => number = Date.now,
  ) {
    makeAutoObservable<LicencesStore, 'api' | 'now' | 'fetching'>(this, { api: false, now: false, fetching: false })
  }

  get shown(): Licence | undefined {
    return this.items.find((l) => l.id === this.shownId)
  }

  /** Valid licences that stand for a material (by type, the issuing service's code or a named document). */
  usableFor(types: readonly string[] | undefined): Licence[] {
    if (!types?.length) return []
    return this.items.filter((l) => l.status === 'valid' && (types.includes(l.type) || types.includes(l.title)))
  }

  async load(): Promise<void> {
    if (this.status === 'loading') return
    this.status = 'loading'
    this.error = undefined
    try {
      const res = await endpoints.myLicences(this.api)
      runInAction(() => {
        this.items = res.items
        this.status = 'ready'
      })
    } catch (err) {
      runInAction(() => {
        this.error = toApiError(err)
        this.status = 'failed'
      })
    }
  }

  /** 亮证: shows a licence and fetches its first code. */
  async show(id: string): Promise<void> {
    this.shownId = id
    this.code = undefined
    this.expiresAt = undefined
    await this.refresh()
  }

  hide(): void {
    this.shownId = undefined
    this.code = undefined
    this.expiresAt = undefined
  }

  private async refresh(): Promise<void> {
    const id = this.shownId
    if (!id || this.fetching) return
    this.fetching = true
    this.codeError = undefined
    try {
      const c = await endpoints.licenceCode(this.api, id)
      runInAction(() => {
        if (this.shownId !== id) return
        this.code = c.code
        this.expiresAt = Date.parse(c.expiresAt)
        this.secondsLeft = Math.max(0, Math.round((this.expiresAt - this.now()) / 1000))
      })
    } catch (err) {
      runInAction(() => {
        this.codeError = toApiError(err)
      })
    } finally {
      this.fetching = false
    }
  }

  /** Once a second while shown: counts down and fetches a new code before the shown one ends. */
  tick(): void {
    if (!this.shownId) return
    if (this.expiresAt === undefined) {
      if (!this.codeError) return
      void this.refresh()
      return
    }
    this.secondsLeft = Math.max(0, Math.round((this.expiresAt - this.now()) / 1000))
    if (this.secondsLeft <= REFRESH_BEFORE_S) void this.refresh()
  }
}

/** 我的证照 (apply subpackage). */
export const licencesOf = perRoot((root) => new LicencesStore(root.api))
