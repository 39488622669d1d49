// AppointmentsStore: halls for a service (nearest first when the position is known), slots per hall and service,
// the resident's bookings, and booking / cancel / reschedule / check-in with one Idempotency-Key per attempt, so a
// retry after a dropped connection never books twice.
import { makeAutoObservable, runInAction } from 'mobx'
import type { ApiClient } from '../api/client'
import { ApiError } from '../api/errors'
import type { Appointment, AppointmentList, Hall, HallDay, HallList, ClosureResult, SlotList } from '@contract/appointment'
import type { ServiceSearchResult, ServiceSummary } from '@contract/service'
import { APPOINTMENT_ERROR_TEXT, blockedMessage, distanceMetres } from '@domain/appointment'
import type { LoadStatus } from './loadable'

export interface Position {
  lat: number
  lng: number
}

export interface HallChoice extends Hall {
  /** Metres from the resident, when their position is known. */
  distance?: number
}

/** A refusal as the page shows it: the server's code and a Chinese sentence that says what to do. */
export interface BookingProblem {
  code: string
  message: string
}

function newKey(): string {
  let s = ''
  for (let i = 0; i < 24; i++) s += 'abcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(Math.random() * 36)]
  return `appt-${Date.now().toString(36)}-${s}`
}

export function problemOf(err: unknown, blockedUntil?: string | null): BookingProblem {
  const e = err instanceof ApiError ? err : new ApiError('client', 'UNKNOWN', '操作未能完成，请稍后重试')
  if (e.code === 'BLOCKED_UNTIL' && blockedUntil) return { code: e.code, message: blockedMessage(new Date(blockedUntil)) }
  // The server's message is already Chinese and specific (BLOCKED_UNTIL carries the date); fall back to ours.
  return { code: e.code, message: e.message || APPOINTMENT_ERROR_TEXT[e.code] || '操作未能完成，请稍后重试' }
}

export class AppointmentsStore {
  halls: Hall[] = []
  hallsFor = ''
  hallsStatus: LoadStatus = 'idle'
  hallsError: string | undefined = undefined
  position: Position | null = null
  /** Why the position is unknown (the resident refused, no GPS): the list then follows district order. */
  positionNote = ''

  /** `${hallId}|${service}` → slots of the booking window. */
  slots = new Map<string, SlotList>()
  slotsStatus = new Map<string, LoadStatus>()
  slotsError = new Map<string, string>()

  bookable: ServiceSummary[] = []
  bookableStatus: LoadStatus = 'idle'

  mine: Appointment[] = []
  byId = new Map<string, Appointment>()
  blockedUntil: string | null = null
  mineStatus: LoadStatus = 'idle'
  mineError: string | undefined = undefined
  itemStatus = new Map<string, LoadStatus>()
  itemError = new Map<string, string>()

  busy = false
  problem: BookingProblem | null = null
  /** The key of the attempt in progress, kept until it has an answer, keyed by what is being done. */
  private keys = new Map<string, string>()

  constructor(private readonly api: ApiClient) {
    makeAutoObservable<AppointmentsStore, 'api' | 'keys'>(this, { api: false, keys: false })
  }

  /** Halls, nearest first when the position is known, else in the city's district order. */
  get hallChoices(): HallChoice[] {
    const pos = this.position
    const list: HallChoice[] = this.halls.map((h) => (pos ? { ...h, distance: distanceMetres(pos, h) } : { ...h }))
    if (pos) list.sort((a, b) => (a.distance as number) - (b.distance as number))
    return list
  }

  get upcoming(): Appointment[] {
    return this.mine.filter((a) => a.status === 'booked' || (a.status === 'checked_in' && Date.parse(a.slot.end) > Date.now())).sort((a, b) => a.slot.start.localeCompare(b.slot.start))
  }

  get past(): Appointment[] {
    const up = new Set(this.upcoming.map((a) => a.id))
    return this.mine.filter((a) => !up.has(a.id))
  }

  setPosition(pos: Position | null, note = ''): void {
    this.position = pos
    this.positionNote = note
  }

  clearProblem(): void {
    this.problem = null
  }

  async loadHalls(service: string): Promise<void> {
    this.hallsStatus = 'loading'
    this.hallsError = undefined
    try {
      const res = await this.api.request<HallList>('GET', '/halls', { query: { service } })
      runInAction(() => {
        this.halls = res.items
        this.hallsFor = service
        this.hallsStatus = 'ready'
      })
    } catch (err) {
      runInAction(() => {
        this.hallsStatus = 'failed'
        this.hallsError = (err as Error).message
      })
    }
  }

  hallById(id: string): Hall | undefined {
    return this.halls.find((h) => h.id === id)
  }

  async loadBookable(): Promise<void> {
    if (this.bookableStatus === 'ready') return
    this.bookableStatus = 'loading'
    try {
      const res = await this.api.request<ServiceSearchResult>('GET', '/services', { query: { bookable: true, audience: 'person', pageSize: 30 } })
      runInAction(() => {
        this.bookable = res.items
        this.bookableStatus = 'ready'
      })
    } catch {
      runInAction(() => {
        this.bookableStatus = 'failed'
      })
    }
  }

  async loadSlots(hallId: string, service: string): Promise<void> {
    const key = `${hallId}|${service}`
    this.slotsStatus.set(key, 'loading')
    try {
      const res = await this.api.request<SlotList>('GET', `/halls/${encodeURIComponent(hallId)}/slots`, { query: { service } })
      runInAction(() => {
        this.slots.set(key, res)
        this.slotsStatus.set(key, 'ready')
        this.slotsError.delete(key)
      })
    } catch (err) {
      runInAction(() => {
        this.slotsStatus.set(key, 'failed')
        this.slotsError.set(key, (err as Error).message)
      })
    }
  }

  async loadMine(): Promise<void> {
    this.mineStatus = 'loading'
    this.mineError = undefined
    try {
      const res = await this.api.request<AppointmentList>('GET', '/appointments')
      runInAction(() => {
        this.mine = res.items
        for (const a of res.items) this.byId.set(a.id, a)
        this.blockedUntil = res.blockedUntil
        this.mineStatus = 'ready'
      })
    } catch (err) {
      runInAction(() => {
        this.mineStatus = 'failed'
        this.mineError = (err as Error).message
      })
    }
  }

  async load(id: string): Promise<void> {
    this.itemStatus.set(id, 'loading')
    try {
      const a = await this.api.request<Appointment>('GET', `/appointments/${encodeURIComponent(id)}`)
      runInAction(() => {
        this.remember(a)
        this.itemStatus.set(id, 'ready')
      })
    } catch (err) {
      runInAction(() => {
        this.itemStatus.set(id, 'failed')
        this.itemError.set(id, (err as Error).message)
      })
    }
  }

  private remember(a: Appointment): void {
    this.byId.set(a.id, a)
    const i = this.mine.findIndex((m) => m.id === a.id)
    if (i >= 0) this.mine[i] = a
    else this.mine.unshift(a)
  }

  /** One POST with an Idempotency-Key that survives retries of the same action until it gets an answer. */
  private async post(action: string, path: string, body: unknown): Promise<Appointment | null> {
    if (this.busy) return null
    this.busy = true
    this.problem = null
    let key = this.keys.get(action)
    if (!key) {
      key = newKey()
      this.keys.set(action, key)
    }
    try {
      const a = await this.api.request<Appointment>('POST', path, { body, headers: { 'Idempotency-Key': key } })
      runInAction(() => {
        this.keys.delete(action)
        this.remember(a)
        this.busy = false
      })
      return a
    } catch (err) {
      const e = err as ApiError
      // A refusal is final for this attempt (the next tap is a new one); a lost answer keeps the key for the retry.
      if (e.kind === 'client' || e.kind === 'auth') this.keys.delete(action)
      if (e.code === 'BLOCKED_UNTIL') await this.loadMine()
      runInAction(() => {
        this.problem = problemOf(err, this.blockedUntil)
        this.busy = false
      })
      return null
    }
  }

  book(slotId: number, serviceCode: string): Promise<Appointment | null> {
    return this.post(`book:${serviceCode}:${slotId}`, '/appointments', { slotId, serviceCode })
  }

  cancel(id: string): Promise<Appointment | null> {
    return this.post(`cancel:${id}`, `/appointments/${encodeURIComponent(id)}/cancel`, {})
  }

  reschedule(id: string, slotId: number): Promise<Appointment | null> {
    return this.post(`reschedule:${id}:${slotId}`, `/appointments/${encodeURIComponent(id)}/reschedule`, { slotId })
  }

  checkin(id: string): Promise<Appointment | null> {
    return this.post(`checkin:${id}`, `/appointments/${encodeURIComponent(id)}/checkin`, {})
  }
}

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
      const day = await this.api.request<HallDay>('GET', `/staff/halls/${encodeURIComponent(hallId)}/day`, { query: { date }, token: this.token() ?? null })
      runInAction(() => {
        this.day = day
        this.status = 'ready'
      })
    } catch (err) {
      runInAction(() => {
        this.status = 'failed'
        this.error = (err as Error).message
      })
    }
  }

  private async act<T>(fn: () => Promise<T>, done: (r: T) => string): Promise<boolean> {
    if (this.busy) return false
    this.busy = true
    this.message = ''
    this.problem = ''
    try {
      const r = await fn()
      runInAction(() => {
        this.message = done(r)
        this.busy = false
      })
      return true
    } catch (err) {
      runInAction(() => {
        this.problem = (err as Error).message
        this.busy = false
      })
      return false
    }
  }

  checkin(hallId: string, code: string): Promise<boolean> {
    return this.act(
      () => this.api.request<Appointment>('POST', `/staff/halls/${encodeURIComponent(hallId)}/checkin`, { body: { code }, token: this.token() ?? null }),
      (a) => `已签到：${a.service.name}，排队号 ${a.queueNumber ?? ''}`,
    )
  }

  noShow(hallId: string, id: string): Promise<boolean> {
    return this.act(
      () => this.api.request<Appointment>('POST', `/staff/halls/${encodeURIComponent(hallId)}/appointments/${id}/no-show`, { body: {}, token: this.token() ?? null }),
      () => '已标记为未到场',
    )
  }

  close(hallId: string, date: string, reason: string): Promise<boolean> {
    return this.act(
      () => this.api.request<ClosureResult>('POST', `/staff/halls/${encodeURIComponent(hallId)}/closures`, { body: { date, reason }, token: this.token() ?? null }),
      (r) => `已停办 ${r.date}：取消预约 ${r.cancelled} 个，已通知 ${r.notified} 人`,
    )
  }
}
