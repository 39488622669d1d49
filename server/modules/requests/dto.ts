// Request rows → the API contract: the resident's summary, the staff queue item, timeline items (who acted, as each
// side may see it), place, rating, photos and the contact opened from its sealed columns.
import type { FiledRequest, Photo, QueueItem, RequestAction, RequestDetail, RequestSummary, RevealedContact, TimelineItem } from '@contract/request'
import { categoryLabel } from '@domain/request-categories'
import {
  ACTION_LABEL,
  closeOverdue,
  dispatchOverdue,
  isOpen,
  STATUS_LABEL,
  summarize,
  TYPE_LABEL,
  UNDISPATCHED_STATES,
  warningAt,
  type WorkOrderFacts,
} from '@domain/workorder'
import type { DataCrypto } from '../../crypto'
import type { Queryable } from '../../db'
import { photoUrl } from '../uploads/service'
import { requestsRepo as repo, type RequestRow, type UpdateRow } from './repo'

export function factsOf(row: RequestRow): WorkOrderFacts {
  return {
    status: row.status,
    deadline: row.deadline,
    departmentCode: row.department_code,
    extensionDays: row.extension_days,
    closedAt: row.closed_at,
    ratingLevel: row.rating_level,
    reopened: row.reopened,
    lastUrgedAt: row.last_urged_at,
  }
}

export function filed(row: RequestRow): FiledRequest {
  return { id: row.id, number: row.number, status: row.status, deadline: row.deadline.toISOString() }
}

/** What the detail views read besides the rows: department names and photos of the requests shown. */
export interface ViewContext {
  names: Map<string, string>
  photos: { id: string; request_id: string; update_id: number | null }[]
  crypto: DataCrypto
  now: Date
}

export async function viewContext(q: Queryable, crypto: DataCrypto, requestIds: string[], now: Date): Promise<ViewContext> {
  return { names: await repo.departmentNames(q), photos: await repo.photos(q, requestIds), crypto, now }
}

/** Photos filed with the request (updateId null) or with one update row. */
export function photosOf(v: ViewContext, requestId: string, updateId: number | null): Photo[] {
  return v.photos
    .filter((p) => p.request_id === requestId && p.update_id === updateId)
    .map((p) => ({ id: p.id, url: photoUrl(v.crypto, p.id, v.now) }))
}

/** One step of the timeline; residents see departments by name and never a clerk, and their own steps as 我. */
export function timelineItem(u: UpdateRow, v: ViewContext, view: 'resident' | 'staff', viaNumber?: string): TimelineItem {
  const actor: TimelineItem['actor'] =
    u.actor_kind === 'resident' || u.actor_kind === 'partner'
      ? { kind: 'resident', name: view === 'resident' && u.actor_kind === 'resident' && !viaNumber ? '我' : '市民' }
      : u.actor_kind === 'system'
        ? { kind: 'system', name: '系统' }
        : u.actor_role === 'dept_staff'
          ? { kind: 'department', name: (u.actor_department_code && v.names.get(u.actor_department_code)) || '承办部门' }
          : { kind: 'hotline', name: '12345热线' }
  const item: TimelineItem = {
    id: String(u.id),
    action: u.action as RequestAction,
    actionLabel: ACTION_LABEL[u.action as RequestAction] ?? u.action,
    fromStatus: u.from_status,
    toStatus: u.to_status,
    actor,
    at: u.created_at.toISOString(),
  }
  if (u.note) item.note = u.note
  const photos = photosOf(v, u.request_id, u.id)
  if (photos.length) item.photos = photos
  const d = u.data
  if (typeof d.level === 'number') item.level = d.level
  if (typeof d.resolved === 'boolean') item.resolved = d.resolved
  if (typeof d.days === 'number') item.days = d.days
  if (typeof d.departmentCode === 'string') item.departmentName = v.names.get(d.departmentCode) ?? d.departmentCode
  if (typeof d.relatedNumber === 'string') item.relatedNumber = d.relatedNumber
  if (viaNumber) item.viaNumber = viaNumber
  if (view === 'staff') item.visibleToResident = u.visible_to_resident
  return item
}

export function summaryOf(row: RequestRow, now: Date): RequestSummary {
  return {
    id: row.id,
    number: row.number,
    type: row.type,
    typeLabel: TYPE_LABEL[row.type],
    category: row.category,
    categoryLabel: categoryLabel(row.category),
    summary: summarize(row.content),
    status: row.status,
    statusLabel: STATUS_LABEL[row.status],
    filedAt: row.filed_at.toISOString(),
    deadline: row.deadline.toISOString(),
    overdue: closeOverdue(row.status, row.deadline, now),
  }
}

export function location(row: RequestRow): RequestDetail['location'] {
  if (row.lat === null || row.lng === null || !row.address || !row.district) return null
  const loc: NonNullable<RequestDetail['location']> = { lat: row.lat, lng: row.lng, address: row.address, district: row.district }
  if (row.street) loc.street = row.street
  return loc
}

export function rating(row: RequestRow): RequestDetail['rating'] {
  if (row.rating_level === null || !row.rated_at) return null
  return {
    level: row.rating_level,
    ...(row.rating_comment ? { comment: row.rating_comment } : {}),
    ...(row.rating_resolved !== null ? { resolved: row.rating_resolved } : {}),
    at: row.rated_at.toISOString(),
  }
}

/**
 * The staff view of a request: overdue and warning also count the dispatch deadline while the hotline has not
 * dispatched it (submitted / accepted / returned), like the close deadline. `dispatchStarted`: when the current
 * dispatch clock started (repo DISPATCH_STARTED_SQL).
 */
export function queueItem(row: RequestRow, names: Map<string, string>, now: Date, dispatchStarted: Date): QueueItem {
  const summary = summaryOf(row, now)
  const dispatchWarning = UNDISPATCHED_STATES.includes(row.status) && now.getTime() >= warningAt(dispatchStarted, row.dispatch_deadline).getTime()
  return {
    ...summary,
    overdue: summary.overdue || dispatchOverdue(row.status, row.dispatch_deadline, now),
    district: row.district,
    departmentCode: row.department_code,
    departmentName: row.department_code ? (names.get(row.department_code) ?? null) : null,
    dispatchDeadline: row.dispatch_deadline.toISOString(),
    warning: (isOpen(row.status) && now.getTime() >= row.warn_at.getTime()) || dispatchWarning,
    supervised: row.supervised_at !== null && isOpen(row.status),
    extensionDays: row.extension_days,
    urgeCount: row.urge_count,
    anonymous: row.anonymous,
  }
}

/** The request's contact as filed, opened from its sealed columns (callers mask it, or audit the reveal). */
export function openContact(crypto: DataCrypto, row: RequestRow): RevealedContact {
  return {
    name: row.contact_name_enc ? crypto.open('requests.contact_name', row.contact_name_enc) : null,
    phone: row.contact_phone_enc ? crypto.open('requests.contact_phone', row.contact_phone_enc) : null,
  }
}
