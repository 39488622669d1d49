// The resident's 待办 for the home page, gathered through each module's own service (no SQL here): the next booked
// visit, hall visits and ended 办件 still open for a rating, 12345 replies to rate, 办件 waiting for 补正, printed city codes (one's own
// or those of a person one acts for) that expire soon. Soonest first.
import type { TodoItem } from '@contract/home'
import type { createResidentApplications } from '../applications/resident'
import type { createAppointmentsService } from '../appointments/service'
import type { createCitycodeService } from '../citycode/service'
import type { createApplicationRatings } from '../ratings/application'
import type { createResidentRatings } from '../ratings/resident'
import type { createResidentRequests } from '../requests/resident'

export interface TodoSources {
  appointments: Pick<ReturnType<typeof createAppointmentsService>, 'list'>
  ratings: Pick<ReturnType<typeof createResidentRatings>, 'rating'>
  requests: Pick<ReturnType<typeof createResidentRequests>, 'listMine' | 'mine'>
  applications: Pick<ReturnType<typeof createResidentApplications>, 'list'>
  citycode: Pick<ReturnType<typeof createCitycodeService>, 'listPrinted'>
  applicationRatings: Pick<ReturnType<typeof createApplicationRatings>, 'rating'>
  clock: () => Date
}

/** How many of the latest records of each kind are looked at (a 待办 older than these is on its own list page). */
const LOOK_BACK = 20
/** Hall visits checked in are rateable for 7 days; only the latest few are asked about. */
const VISITS_TO_CHECK = 5
/** A printed city code is a 待办 this long before it expires (time to print a new one and hand it over). */
export const PRINTED_CODE_NOTICE_MS = 14 * 86_400_000

/** 办件 statuses that end it (then it may be rated). */
const ENDED = new Set(['approved', 'rejected', 'denied'])

const SCENE_NAMES: Record<string, string> = { transit: '乘车', library: '图书馆', hall: '政务大厅' }

export function createTodo(src: TodoSources) {
  async function visits(userId: string, now: Date): Promise<TodoItem[]> {
    const { items } = await src.appointments.list(userId)
    const out: TodoItem[] = []
    const upcoming = items
      .filter((a) => a.status === 'booked' && new Date(a.slot.end).getTime() > now.getTime())
      .sort((a, b) => a.slot.start.localeCompare(b.slot.start))[0]
    if (upcoming) {
      out.push({ kind: 'appointment', title: `${upcoming.service.name} 预约`, detail: upcoming.hall.name, when: upcoming.slot.start, page: 'appointment', id: upcoming.id })
    }
    const visited = items.filter((a) => a.status === 'checked_in').slice(0, VISITS_TO_CHECK)
    for (const visit of visited) {
      const rating = await src.ratings.rating(userId, visit.id)
      if (rating.rateable && rating.closesAt) {
        out.push({ kind: 'rate-visit', title: `请评价：${visit.service.name}`, detail: visit.hall.name, when: rating.closesAt, page: 'rateVisit', id: visit.id })
      }
    }
    return out
  }

  async function requests(userId: string): Promise<TodoItem[]> {
    const { items } = await src.requests.listMine(userId, 1, LOOK_BACK)
    const closed = items.filter((r) => r.status === 'closed').slice(0, VISITS_TO_CHECK)
    const out: TodoItem[] = []
    for (const r of closed) {
      // The detail says whether it may still be rated (7 days after closing) and until when.
      const detail = await src.requests.mine(userId, r.id)
      if (detail.can.rate && detail.rateUntil) {
        out.push({ kind: 'rate-request', title: `请评价诉求：${r.summary}`, detail: `诉求编号 ${r.number}`, when: detail.rateUntil, page: 'request', id: r.id })
      }
    }
    return out
  }

  async function applications(userId: string): Promise<TodoItem[]> {
    const { items } = await src.applications.list(userId, 1, LOOK_BACK)
    const out: TodoItem[] = items
      .filter((a) => a.status === 'correction')
      .map((a) => ({ kind: 'correct-application' as const, title: `待补正：${a.serviceName}`, detail: a.departmentName, when: a.submittedAt, page: 'myApplication' as const, id: a.id }))
    // 一事一评: an ended 办件 may be rated for 7 days (the rating says whether and until when).
    for (const a of items.filter((x) => ENDED.has(x.status)).slice(0, VISITS_TO_CHECK)) {
      const rating = await src.applicationRatings.rating(userId, a.id)
      if (rating.rateable && rating.closesAt) {
        out.push({ kind: 'rate-application', title: `请评价办件：${a.serviceName}`, detail: `办件编号 ${a.number}`, when: rating.closesAt, page: 'rateApplication', id: a.id })
      }
    }
    return out
  }

  async function printedCodes(userId: string, now: Date): Promise<TodoItem[]> {
    return (await src.citycode.listPrinted(userId))
      .filter((c) => c.status === 'active' && new Date(c.expiresAt).getTime() - now.getTime() <= PRINTED_CODE_NOTICE_MS)
      .map((c) => ({
        kind: 'printed-code' as const,
        title: `打印码即将到期：${SCENE_NAMES[c.scene] ?? c.scene}`,
        detail: c.holder === '本人' ? '本人的打印码' : `${c.holder} 的打印码`,
        when: c.expiresAt,
        page: 'printedCodes' as const,
        id: c.id,
      }))
  }

  return {
    async list(userId: string): Promise<TodoItem[]> {
      const now = src.clock()
      const parts = await Promise.all([visits(userId, now), requests(userId), applications(userId), printedCodes(userId, now)])
      const kindOrder: Record<TodoItem['kind'], number> = { appointment: 0, 'correct-application': 1, 'printed-code': 2, 'rate-visit': 3, 'rate-application': 4, 'rate-request': 5 }
      return parts.flat().sort((a, b) => kindOrder[a.kind] - kindOrder[b.kind] || a.when.localeCompare(b.when))
    },
  }
}
