// AppointmentsStore: halls for a service (nearest first when the position is known), slots per hall and service,
// the resident's bookings, and booking / cancel / reschedule / check-in with one Idempotency-Key per attempt, so a
// retry after a dropped connection never books twice.
import { makeAutoObservable, runInAction } from 'mobx'
import type { ApiClient } from '@/api/client'
import * as endpoints from '@/api/appointments'
import { ApiError, toApiError } from '@/api/errors'
import type { Appointment, BookingRulesDto, Hall, SlotList } from '@contract/appointment'
import type { ServiceSummary } from '@contract/service'
import { blockedMessage, distanceMetres } from '@domain/appointment'
import { isBookingRefusal, refusalText } from '@/utils/booking-text'
import type { LoadStatus } from './loadable'
import { perRoot } from './per-root'

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

const FALLBACK = '操作未能完成，请稍后重试'

export function problemOf(err: unknown, blockedUntil?: string | null, rules?: BookingRulesDto | null): BookingProblem {
  const e = err instanceof ApiError ? err : new ApiError('client', 'UNKNOWN', FALLBACK)
  if (e.code === 'BLOCKED_UNTIL' && blockedUntil && rules) return { code: e.code, message: blockedMessage(new Date(blockedUntil), rules) }
  // The server's message is already Chinese and specific (BLOCKED_UNTIL carries the date); fall back to ours.
  const ours = rules && isBookingRefusal(e.code) ? refusalText(rules)[e.code] : undefined
  return { code: e.code, message: e.message || ours || FALLBACK }
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

  /** The booking rules in force on this deployment (from the server); every rule text is built from them. */
  rules: BookingRulesDto | null = null
  rulesStatus: LoadStatus = 'idle'
  rulesError: string | undefined = undefined

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

  /** Loads the booking rules once (`force` again after a failure). */
  async loadRules(force = false): Promise<void> {
    if (this.rulesStatus === 'loading' || (this.rulesStatus === 'ready' && !force)) return
    this.rulesStatus = 'loading'
    this.rulesError = undefined
    try {
      const rules = await endpoints.bookingRules(this.api)
      runInAction(() => {
        this.rules = rules
        this.rulesStatus = 'ready'
      })
    } catch (err) {
      runInAction(() => {
        this.rulesStatus = 'failed'
        this.rulesError = toApiError(err).message
      })
    }
  }

  async loadHalls(service: string): Promise<void> {
    this.hallsStatus = 'loading'
    this.hallsError = undefined
    try {
      const res = await endpoints.halls(this.api, service)
      runInAction(() => {
        this.halls = res.items
        this.hallsFor = service
        this.hallsStatus = 'ready'
      })
    } catch (err) {
      runInAction(() => {
        this.hallsStatus = 'failed'
        this.hallsError = toApiError(err).message
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
      const res = await endpoints.bookableServices(this.api)
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
      const res = await endpoints.slots(this.api, hallId, service)
      runInAction(() => {
        this.slots.set(key, res)
        this.slotsStatus.set(key, 'ready')
        this.slotsError.delete(key)
      })
    } catch (err) {
      runInAction(() => {
        this.slotsStatus.set(key, 'failed')
        this.slotsError.set(key, toApiError(err).message)
      })
    }
  }

  async loadMine(): Promise<void> {
    this.mineStatus = 'loading'
    this.mineError = undefined
    try {
      const res = await endpoints.myAppointments(this.api)
      runInAction(() => {
        this.mine = res.items
        for (const a of res.items) this.byId.set(a.id, a)
        this.blockedUntil = res.blockedUntil
        this.mineStatus = 'ready'
      })
    } catch (err) {
      runInAction(() => {
        this.mineStatus = 'failed'
        this.mineError = toApiError(err).message
      })
    }
  }

  async load(id: string): Promise<void> {
    this.itemStatus.set(id, 'loading')
    try {
      const a = await endpoints.appointment(this.api, id)
      runInAction(() => {
        this.remember(a)
        this.itemStatus.set(id, 'ready')
      })
    } catch (err) {
      runInAction(() => {
        this.itemStatus.set(id, 'failed')
        this.itemError.set(id, toApiError(err).message)
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
  private async post(action: string, send: (key: string) => Promise<Appointment>): Promise<Appointment | null> {
    if (this.busy) return null
    this.busy = true
    this.problem = null
    let key = this.keys.get(action)
    if (!key) {
      key = newKey()
      this.keys.set(action, key)
    }
    try {
      const a = await send(key)
      runInAction(() => {
        this.keys.delete(action)
        this.remember(a)
        this.busy = false
      })
      return a
    } catch (err) {
      const e = toApiError(err)
      // A refusal is final for this attempt (the next tap is a new one); a lost answer keeps the key for the retry.
      if (e.kind === 'client' || e.kind === 'auth') this.keys.delete(action)
      if (e.code === 'BLOCKED_UNTIL') await this.loadMine()
      runInAction(() => {
        this.problem = problemOf(err, this.blockedUntil, this.rules)
        this.busy = false
      })
      return null
    }
  }

  book(slotId: number, serviceCode: string): Promise<Appointment | null> {
    return this.post(`book:${serviceCode}:${slotId}`, (key) => endpoints.book(this.api, { slotId, serviceCode }, key))
  }

  cancel(id: string): Promise<Appointment | null> {
    return this.post(`cancel:${id}`, (key) => endpoints.cancel(this.api, id, key))
  }

  reschedule(id: string, slotId: number): Promise<Appointment | null> {
    return this.post(`reschedule:${id}:${slotId}`, (key) => endpoints.reschedule(this.api, id, { slotId }, key))
  }

  checkin(id: string): Promise<Appointment | null> {
    return this.post(`checkin:${id}`, (key) => endpoints.checkin(this.api, id, key))
  }
}

/** The resident's appointments (appointment and rating subpackages). */
export const appointmentsOf = perRoot((root) => new AppointmentsStore(root.api))
