// The staff workbench: the hotline's and the departments' queues by deadline, the work order's detail (contact masked,
// anonymous reporters hidden from departments), the one action endpoint, the audited contact reveal, and the
// department suggestion for dispatch (rules, with the department that handled the same entities first).
import type {
  DepartmentSuggestion,
  RequestStatus,
  RevealedContact,
  StaffAction,
  StaffActionBody,
  StaffContact,
  StaffRequestDetail,
  StaffRequestPage,
  StaffRequestQuery,
} from '@contract/request'
import { maskName, maskPhone } from '@domain/mask'
import { allowedStaffActions, DEPARTMENT_QUEUE_STATES, DISPATCH_QUEUE_STATES, STATUS_LABEL } from '@domain/workorder'
import { audit, type StaffPrincipal } from '../../auth'
import type { Queryable } from '../../db'
import { AppError } from '../../errors'
import { entityDepartmentHint } from '../similar/entities'
import { actorRoleOf, inStaffScope, type RequestsContext } from './context'
import { suggestDepartments } from './departments'
import { factsOf, location, openContact, photosOf, queueItem, rating, timelineItem, viewContext } from './dto'
import { queueRepo, type QueueFilter } from './queue.repo'
import { requestsRepo as repo, UUID, type RequestRow } from './repo'
import { transition } from './transition'

/** Who sees which requests in the queue: departments their own, the hotline all, anyone else none. */
function queueScope(staff: StaffPrincipal): QueueFilter['scope'] {
  if (staff.role === 'dept_staff') return { kind: 'department', code: staff.departmentCode }
  return staff.role === 'dispatcher' || staff.role === 'admin' ? { kind: 'all' } : { kind: 'none' }
}

function queueStates(queue: NonNullable<StaffRequestQuery['queue']>): QueueFilter['queue'] {
  if (queue === 'dispatch') return { states: DISPATCH_QUEUE_STATES, orExtensionPending: true }
  if (queue === 'department') return { states: DEPARTMENT_QUEUE_STATES, orExtensionPending: false }
  return null
}

export function createWorkbench(ctx: RequestsContext) {
  const { db, crypto, clock } = ctx

  async function staffDetail(q: Queryable, row: RequestRow, staff: StaffPrincipal): Promise<StaffRequestDetail> {
    const now = clock()
    const v = await viewContext(q, crypto, [row.id], now)
    const updates = await repo.updates(q, [row.id], false)
    const mergedInto = row.merged_into ? await repo.byId(q, row.merged_into) : null
    const merged = (await repo.followers(q, row.id)).map((f) => ({ id: f.id, number: f.number }))
    let contact: StaffContact
    if (row.anonymous && staff.role === 'dept_staff') contact = { anonymous: true, name: null, phone: null, revealable: false }
    else {
      const { name, phone } = openContact(crypto, row)
      contact = { anonymous: row.anonymous, name: name ? maskName(name) : null, phone: phone ? maskPhone(phone) : null, revealable: !!(phone || name) }
    }
    return {
      ...queueItem(row, v.names, now, await repo.dispatchStartedAt(q, row.id)),
      content: row.content,
      location: location(row),
      photos: photosOf(v, row.id, null),
      public: row.public,
      contact,
      closedAt: row.closed_at?.toISOString() ?? null,
      rating: rating(row),
      reopened: row.reopened,
      mergedInto: mergedInto ? { id: mergedInto.id, number: mergedInto.number } : null,
      merged,
      timeline: updates.map((u) => timelineItem(u, v, 'staff')),
      actions: allowedStaffActions(factsOf(row), { role: actorRoleOf(staff), departmentCode: staff.departmentCode }, now),
    }
  }

  return {
    async staffList(staff: StaffPrincipal, query: StaffRequestQuery): Promise<StaffRequestPage> {
      const now = clock()
      const page = query.page ?? 1
      const pageSize = query.pageSize ?? 20
      let statuses: RequestStatus[] | null = null
      if (query.status) {
        const asked = query.status.split(',')
        const unknown = asked.filter((s) => !(s in STATUS_LABEL))
        if (unknown.length) throw new AppError(400, 'VALIDATION_FAILED', `查询参数有误：status 不认识 ${unknown.join('、')}`)
        statuses = asked as RequestStatus[]
      }
      const { rows, total } = await queueRepo.page(db, {
        scope: queueScope(staff),
        queue: queueStates(query.queue ?? (staff.role === 'dept_staff' ? 'department' : 'dispatch')),
        statuses,
        overdue: query.overdue,
        now,
        page,
        pageSize,
      })
      const names = await repo.departmentNames(db)
      return { items: rows.map((row) => queueItem(row, names, now, row.dispatch_started_at)), total, page, pageSize }
    },

    async staffView(staff: StaffPrincipal, id: string): Promise<StaffRequestDetail> {
      return staffDetail(db, await inStaffScope(db, staff, id), staff)
    },

    async staffAction(staff: StaffPrincipal, id: string, body: StaffActionBody): Promise<StaffRequestDetail> {
      const action: StaffAction = body.action
      return db.transaction(async (tx) => {
        // 并案 locks both requests, always in the same order, so two opposite merges at once cannot deadlock.
        if (action === 'merge' && body.targetId && UUID.test(body.targetId) && UUID.test(id)) await repo.lockInOrder(tx, [id, body.targetId])
        const row = await inStaffScope(tx, staff, id, true)
        await transition(ctx, tx, row, action, { kind: 'staff', staffId: staff.staffId, role: actorRoleOf(staff), departmentCode: staff.departmentCode }, body)
        // The acting clerk gets the result even when the step took the request out of their scope (退单).
        return staffDetail(tx, (await repo.byId(tx, id)) as RequestRow, staff)
      })
    },

    async revealContact(staff: StaffPrincipal, id: string): Promise<RevealedContact> {
      const row = await inStaffScope(db, staff, id)
      if (row.anonymous && staff.role === 'dept_staff') {
        throw new AppError(403, 'ANONYMOUS_CONTACT_HIDDEN', '该诉求为匿名反映，联系方式不向承办部门提供')
      }
      await audit(db, { actorKind: 'staff', actorId: staff.staffId, action: 'request.reveal_contact', target: `request:${row.number}`, at: clock() })
      return openContact(crypto, row)
    },

    async departmentSuggestion(staff: StaffPrincipal, id: string): Promise<DepartmentSuggestion> {
      const row = await inStaffScope(db, staff, id)
      const names = await repo.departmentNames(db)
      const rules = suggestDepartments(row.category, row.district)
        .filter((m) => names.has(m.department))
        .map((m) => ({ code: m.department, name: names.get(m.department) as string, reason: m.reason }))
      // The department that handled earlier requests naming the same company/address/phone/plate comes first.
      const hint = await entityDepartmentHint(db, { requestId: row.id })
      if (!hint || !names.has(hint.departmentCode)) return { items: rules }
      return {
        items: [{ code: hint.departmentCode, name: hint.departmentName, reason: hint.reason }, ...rules.filter((m) => m.code !== hint.departmentCode)],
      }
    },
  }
}
