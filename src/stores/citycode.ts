// CityCodeStore (一码通城): the code shown now for the chosen scene, refreshed every 30 s; a cached batch of pre-signed
// codes to keep showing valid codes offline (and until when); printed elder codes, family delegation and the usage log.
import { makeAutoObservable, runInAction } from 'mobx'
import type { ApiClient } from '@/api/client'
import * as endpoints from '@/api/citycode'
import { toApiError } from '@/api/errors'
import type { CityScene } from '@domain/citycode-scenes'
import type { CodeUse, DelegationList, PrintedCode, SignedCode, VerifyResponse } from '@contract/citycode'
import type { LoadStatus } from './loadable'
import type { KeyValueStorage } from './session'
import { perRoot } from './per-root'

export const REFRESH_MS = 30_000
/** Fetch a new batch when the cached one covers less than this. */
const BATCH_MIN_COVER_MS = 10 * 60_000
const BATCH_KEY = 'onestop.citycode.batch'

/** What the code page shows: a live code, a cached offline one, or why none can be shown. */
export type CodeState = 'idle' | 'loading' | 'live' | 'offline' | 'realname' | 'signin' | 'unavailable'

interface StoredBatch {
  /** Whose codes these are (the session token's tail), so another account never shows them. */
  owner: string
  codes: SignedCode[]
  offlineUntil: string
}

export interface CityCodeStoreOptions {
  now?: () => number
}

export class CityCodeStore {
  scene: CityScene = 'transit'
  state: CodeState = 'idle'
  /** The code on screen and when it was put there. */
  code = ''
  shownAt = 0
  validUntil = ''
  /** Set while offline: the last moment a cached code exists. */
  offlineUntil = ''
  problem = ''
  /** Ticks every second while the page is shown (for the countdown). */
  clock = 0

  printed: PrintedCode[] = []
  printedStatus: LoadStatus = 'idle'
  printedProblem = ''
  delegations: DelegationList = { agents: [], principals: [] }
  uses: CodeUse[] = []
  usesStatus: LoadStatus = 'idle'
  usesProblem = ''
  busy = false

  private readonly now: () => number
  private fetching = false

  constructor(
    private readonly api: ApiClient,
    private readonly storage: KeyValueStorage,
    private readonly owner: () => string | undefined,
    options: CityCodeStoreOptions = {},
  ) {
    this.now = options.now ?? (() => Date.now())
    this.clock = this.now()
    makeAutoObservable<CityCodeStore, 'api' | 'storage' | 'owner' | 'now' | 'fetching'>(this, { api: false, storage: false, owner: false, now: false, fetching: false })
  }

  /** Seconds until the next code (0–30). */
  get secondsLeft(): number {
    if (!this.code) return 0
    return Math.max(0, Math.ceil((this.shownAt + REFRESH_MS - this.clock) / 1000))
  }

  setScene(scene: CityScene): void {
    if (scene === this.scene) return
    this.scene = scene
    this.code = ''
    void this.refresh()
  }

  /** Call every second while the code is shown: moves the countdown and refreshes the code when it is due. */
  tick(): void {
    this.clock = this.now()
    if (this.code && this.clock >= this.shownAt + REFRESH_MS) void this.refresh()
  }

  /** Stops showing a code (page hidden, signed out): nothing stale stays on screen. */
  clear(): void {
    this.code = ''
    this.state = 'idle'
    this.offlineUntil = ''
  }

  private readBatch(): StoredBatch | null {
    const tail = this.owner()?.slice(-12)
    const raw = this.storage.get(BATCH_KEY)
    if (!raw || !tail) return null
    try {
      const b = JSON.parse(raw) as StoredBatch
      return b.owner === tail ? b : null
    } catch {
      return null
    }
  }

  private async ensureBatch(): Promise<void> {
    const cached = this.readBatch()
    if (cached && Date.parse(cached.offlineUntil) - this.now() > BATCH_MIN_COVER_MS) return
    const tail = this.owner()?.slice(-12)
    if (!tail) return
    try {
      const batch = await endpoints.codeBatch(this.api)
      this.storage.set(BATCH_KEY, JSON.stringify({ owner: tail, codes: batch.codes, offlineUntil: batch.offlineUntil } satisfies StoredBatch))
    } catch {
      // The live code still works; the next refresh tries again.
    }
  }

  /** The cached code to show at `t`: the latest one whose window has begun and has ≥ 20 s left. */
  private cachedCode(t: number): SignedCode | null {
    const batch = this.readBatch()
    if (!batch) return null
    let best: SignedCode | null = null
    for (const c of batch.codes) {
      if (c.scene !== this.scene) continue
      const from = Date.parse(c.validFrom)
      if (from <= t && Date.parse(c.validUntil) - t >= 20_000 && (!best || from > Date.parse(best.validFrom))) best = c
    }
    return best
  }

  private lastCached(): string {
    const batch = this.readBatch()
    if (!batch) return ''
    const mine = batch.codes.filter((c) => c.scene === this.scene).map((c) => Date.parse(c.validUntil))
    return mine.length ? new Date(Math.max(...mine) - 20_000).toISOString() : ''
  }

  /** Gets the code to show now: from the server, else from the cached batch, else a clear "cannot show". */
  async refresh(): Promise<void> {
    if (this.fetching) return
    this.fetching = true
    if (!this.code) this.state = 'loading'
    const scene = this.scene
    try {
      const c = await endpoints.currentCode(this.api, scene)
      runInAction(() => {
        if (scene !== this.scene) return
        this.code = c.code
        this.validUntil = c.validUntil
        this.shownAt = this.now()
        this.clock = this.shownAt
        this.offlineUntil = ''
        this.problem = ''
        this.state = 'live'
      })
      void this.ensureBatch()
    } catch (err) {
      const e = toApiError(err)
      runInAction(() => {
        if (e.code === 'REALNAME_REQUIRED') {
          this.state = 'realname'
          this.code = ''
        } else if (e.status === 401) {
          this.state = 'signin'
          this.code = ''
        } else {
          const t = this.now()
          const cached = this.cachedCode(t)
          if (cached) {
            this.code = cached.code
            this.validUntil = cached.validUntil
            // The next cached code starts 30 s after this one: switch then.
            this.shownAt = Date.parse(cached.validFrom)
            this.clock = t
            this.offlineUntil = this.lastCached()
            this.state = 'offline'
          } else {
            this.code = ''
            this.offlineUntil = ''
            this.state = 'unavailable'
            this.problem = e.message
          }
        }
      })
    } finally {
      this.fetching = false
    }
  }

  async loadPrinted(): Promise<void> {
    this.printedStatus = 'loading'
    try {
      const [list, delegations] = await Promise.all([
        endpoints.printedCodes(this.api),
        endpoints.delegations(this.api),
      ])
      runInAction(() => {
        this.printed = list.items
        this.delegations = delegations
        this.printedStatus = 'ready'
        this.printedProblem = ''
      })
    } catch (err) {
      runInAction(() => {
        this.printedStatus = 'failed'
        this.printedProblem = toApiError(err).message
      })
    }
  }

  private async act<T>(fn: () => Promise<T>): Promise<T | null> {
    this.busy = true
    this.printedProblem = ''
    try {
      const r = await fn()
      runInAction(() => {
        this.busy = false
      })
      return r
    } catch (err) {
      runInAction(() => {
        this.busy = false
        this.printedProblem = toApiError(err).message
      })
      return null
    }
  }

  async issuePrinted(scene: CityScene, days: number, forUserId?: string): Promise<PrintedCode | null> {
    const p = await this.act(() => endpoints.issuePrinted(this.api, { scene, days, ...(forUserId ? { forUserId } : {}) }))
    if (p) runInAction(() => (this.printed = [p, ...this.printed]))
    return p
  }

  async revokePrinted(id: string): Promise<boolean> {
    const p = await this.act(() => endpoints.revokePrinted(this.api, id))
    if (p) runInAction(() => (this.printed = this.printed.map((x) => (x.id === id ? p : x))))
    return !!p
  }

  async getPrinted(id: string): Promise<PrintedCode | null> {
    const p = await this.act(() => endpoints.printedCode(this.api, id))
    if (p) runInAction(() => (this.printed = [p, ...this.printed.filter((x) => x.id !== id)]))
    return p
  }

  async addAgent(phone: string): Promise<boolean> {
    const d = await this.act(() => endpoints.addAgent(this.api, phone))
    if (d) runInAction(() => (this.delegations = d))
    return !!d
  }

  async removeDelegation(userId: string): Promise<boolean> {
    const d = await this.act(() => endpoints.removeDelegation(this.api, userId))
    if (d) runInAction(() => (this.delegations = d))
    return !!d
  }

  /** Hall staff: verifies a scanned city code in the 办事大厅签到 scene with the staff session. */
  async staffVerify(code: string, staffToken: string | undefined): Promise<VerifyResponse> {
    return endpoints.staffVerify(this.api, staffToken ?? null, code)
  }

  async loadUses(): Promise<void> {
    this.usesStatus = 'loading'
    try {
      const r = await endpoints.codeUses(this.api)
      runInAction(() => {
        this.uses = r.items
        this.usesStatus = 'ready'
      })
    } catch (err) {
      runInAction(() => {
        this.usesStatus = 'failed'
        this.usesProblem = toApiError(err).message
      })
    }
  }
}

/** 一码通城 (citycode subpackage, and the staff scanner). */
export const citycodeOf = perRoot((root) => new CityCodeStore(root.api, root.deps.storage, () => root.session.token))
