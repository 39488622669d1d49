// Per-node memory: facts that never change once written (which hall/service/days already have their slots, each
// slot's fixed facts, the end of today's booking window) and, for at most NAMES_TTL_MS, the hall cards and service
// names a booking answer shows, which a catalog or halls load on any node may change.
import { bookingWindow, earliestStart, slotsForDate, type BookingRules } from '@domain/appointment'
import { shanghaiDate } from '@domain/calendar'
import type { Queryable } from '../../db'
import { notFound } from './common'
import type { AppointmentsRepo, HallRow, SlotRow } from './repo'

export type SlotFacts = Pick<SlotRow, 'id' | 'hall_id' | 'service_code' | 'starts_at' | 'ends_at'>

/** How long a node shows a hall card or service name before reading it again (a rename on another node shows after this). */
export const NAMES_TTL_MS = 5_000

/** Slot facts kept per node before the map starts again. */
const MAX_SLOT_FACTS = 200_000

export function createAppointmentCaches(repo: AppointmentsRepo, rules: BookingRules) {
  /** Hall cards and service names for booking answers (reference data, kept per node for NAMES_TTL_MS). */
  const hallCards = new Map<string, { hall_name: string; hall_address: string; hall_phone: string }>()
  const serviceNames = new Map<string, string>()
  let namesSince = Date.now()
  /** hall|service|date already generated on this node (slots are never deleted, so the memo stays true). */
  const generated = new Set<string>()
  /** Slot id → the slot's fixed facts (hall, service, times never change after generation). */
  const slotFacts = new Map<number, SlotFacts>()
  /** The end of the booking window, worked out once per day (Asia/Shanghai). */
  let windowMemo = { day: '', notAfter: new Date(0) }

  function remember(s: SlotFacts): void {
    if (slotFacts.size >= MAX_SLOT_FACTS) slotFacts.clear()
    slotFacts.set(s.id, { id: s.id, hall_id: s.hall_id, service_code: s.service_code, starts_at: s.starts_at, ends_at: s.ends_at })
  }

  return {
    /** The hall's card and the service's name as a booking answer shows them. */
    async names(hallId: string, service: string, q: Queryable) {
      if (Date.now() - namesSince > NAMES_TTL_MS) {
        hallCards.clear()
        serviceNames.clear()
        namesSince = Date.now()
      }
      let hall = hallCards.get(hallId)
      if (!hall) {
        const h = await repo.hallCard(hallId, q)
        if (!h) throw notFound('找不到该办事大厅')
        hall = { hall_name: h.name, hall_address: h.address, hall_phone: h.phone }
        hallCards.set(hallId, hall)
      }
      let name = serviceNames.get(service)
      if (name === undefined) {
        name = (await repo.serviceName(service, q)) ?? service
        serviceNames.set(service, name)
      }
      return { ...hall, service_name: name }
    },

    /** Generates the slots of `dates` not generated yet (closed days get none). */
    async ensureSlots(hall: HallRow, service: string, capacity: number, dates: string[]): Promise<void> {
      const missing = dates.filter((d) => !generated.has(`${hall.id}|${service}|${d}`))
      if (missing.length === 0) return
      const closed = new Set((await repo.closures(hall.id, missing[0], missing[missing.length - 1])).map((c) => c.date))
      const times = missing.filter((d) => !closed.has(d)).flatMap((d) => slotsForDate(d, hall.opening))
      await repo.insertSlots(hall.id, service, capacity, times)
      for (const d of missing) generated.add(`${hall.id}|${service}|${d}`)
    },

    remember,

    async factsOf(slotId: number): Promise<SlotFacts | null> {
      const known = slotFacts.get(slotId)
      if (known) return known
      const slot = await repo.slot(slotId)
      if (slot) remember(slot)
      return slot
    },

    /** bookingWindow() with its end memoised per day. */
    window(now: Date): { notBefore: Date; notAfter: Date } {
      const day = shanghaiDate(now)
      if (windowMemo.day !== day) windowMemo = { day, notAfter: bookingWindow(now, rules).notAfter }
      return { notBefore: earliestStart(now, rules), notAfter: windowMemo.notAfter }
    },
  }
}

export type AppointmentCaches = ReturnType<typeof createAppointmentCaches>
