// 12345 requests: filing (fileRequest, also for Open311), the resident's and the staff's views, and every transition of
// the work order in one transaction (request row + update row + photos + audit + notice), by domain/workorder's rules.
import { createHash } from 'node:crypto'
import type {
  FiledRequest,
  FileRequestBody,
  Photo,
  QueueItem,
  RequestAction,
  RequestDetail,
  RequestList,
  RequestSummary,
  RevealedContact,
  StaffAction,
  StaffActionBody,
  StaffContact,
  StaffRequestDetail,
  StaffRequestPage,
  StaffRequestQuery,
  TimelineItem,
} from '@contract/request'
import { categoryLabel, isCategory, suggestCategory } from '@domain/request-categories'
import { addWorkingDays, shanghaiDate, workingShareInstant } from '@domain/calendar'
import { maskName, maskPhone } from '@domain/mask'
import {
  ACTION_LABEL,
  allowedStaffActions,
  checkAction,
  DEFAULT_DEADLINE_RULES,
  deadlinesFor,
  extendDeadline,
  formatRequestNumber,
  isOpen,
  nextStatus,
  OPEN_STATES,
  rateUntil,
  residentCan,
  STATUS_LABEL,
  summarize,
  TRANSITIONS,
  TYPE_LABEL,
  validateRequestInput,
  WARNING_SHARE,
  type ActorRole,
  type DeadlineRules,
  type WorkOrderFacts,
} from '@domain/workorder'
import { audit, staffCanSee, type StaffPrincipal } from '../../auth'
import type { DataCrypto } from '../../crypto'
import type { Db, Queryable } from '../../db'
import { AppError } from '../../errors'
import { photoUrl } from '../uploads/service'
import { indexRequest } from '../similar/indexer'
import { entityDepartmentHint } from '../similar/service'
import { DISPATCH_STARTED_SQL, dispatchWarnAt, UNDISPATCHED_STATES } from './deadlines'
import { suggestDepartments } from './departments'
import { queueStatusNotice } from './notify'
import { requestsRepo as repo, UUID, type RequestRow, type UpdateRow } from './repo'

/** What filing and transitions need; build it once per app (routes) or per call (other modules). */
export interface RequestsContext {
  db: Db
  crypto: DataCrypto
  clock: () => Date
  /** Working days per type; default DEFAULT_DEADLINE_RULES (config: REQUEST_DEADLINE_DAYS). */
  rules?: DeadlineRules
}

/**
 * Who files: a signed-in resident, or a partner system on behalf of someone without an account — Open311 clients
 * (source 'open311', the default) or the hotline's own call-taking (source 'hotline').
 */
export type FilingActor = { kind: 'resident'; userId: string } | { kind: 'partner'; partnerId: string; source?: 'open311' | 'hotline' }

export type TransitionActor =
  | { kind: 'resident'; userId: string }
  | { kind: 'staff'; staffId: string; role: ActorRole; departmentCode: string | null }

/** City prefix of request numbers (GZ2026112400001). */
export const NUMBER_PREFIX = 'GZ'

const notFound = () => new AppError(404, 'NOT_FOUND', '找不到该诉求')

const NOTE_PROMPT: Partial<Record<RequestAction, string>> = {
  refuse: '请填写不予受理的理由',
  answer: '请填写答复内容',
  reply: '请填写答复内容',
  return: '请填写退单理由',
  'request-extension': '请填写延期理由',
  'deny-extension': '请填写不同意延期的理由',
  'send-back': '请填写退回重办的理由',
  supplement: '请填写补充内容',
  reopen: '请填写重办理由',
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

function factsOf(row: RequestRow): WorkOrderFacts {
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

function filed(row: RequestRow): FiledRequest {
  return { id: row.id, number: row.number, status: row.status, deadline: row.deadline.toISOString() }
}

/** Thrown inside the filing transaction when a concurrent retry won the idempotency key: roll back, answer with the winner. */
class IdempotentReplay extends Error {}

/**
 * Files a request — the one entry for the app and for Open311. With an idempotency key, a repeat (even a
 * concurrent one) returns the first request (`replayed: true`); the same key with a different body → 422.
 */
export async function fileRequest(
  ctx: RequestsContext,
  input: FileRequestBody,
  actor: FilingActor,
  idempotencyKey: string | null,
): Promise<{ request: FiledRequest; replayed: boolean }> {
  const { db, crypto } = ctx
  const source = actor.kind === 'resident' ? 'app' : (actor.source ?? 'open311')
  const scope = actor.kind === 'resident' ? `user:${actor.userId}` : `${source}:${actor.partnerId}`
  const hash = createHash('sha256').update(stableJson(input)).digest('hex')

  const replay = async (): Promise<{ request: FiledRequest; replayed: boolean } | null> => {
    if (!idempotencyKey) return null
    const existing = await repo.byIdempotency(db, scope, idempotencyKey)
    if (!existing) return null
    if (existing.idempotency_hash !== hash) {
      throw new AppError(422, 'IDEMPOTENCY_KEY_REUSED', '该幂等键已用于另一条不同的诉求，请为新的诉求使用新的幂等键')
    }
    return { request: filed(existing), replayed: true }
  }
  const first = await replay()
  if (first) return first

  const valid = validateRequestInput(input)
  if (!valid.ok) throw new AppError(400, 'INVALID_REQUEST', valid.message)
  if (input.category !== undefined && !isCategory(input.category)) {
    throw new AppError(400, 'INVALID_REQUEST', '诉求分类不存在，请重新选择')
  }
  const content = input.content.trim()
  const category = input.category ?? suggestCategory(content)?.code ?? null
  const now = ctx.clock()
  const deadlines = deadlinesFor(input.type, now, ctx.rules ?? DEFAULT_DEADLINE_RULES)

  try {
    return await db.transaction(async (tx) => {
      let phone = input.contactPhone ?? null
      if (!phone && actor.kind === 'resident') {
        const u = await tx.query<{ phone_enc: string | null }>('SELECT phone_enc FROM users WHERE id = $1', [actor.userId])
        const sealed = u.rows[0]?.phone_enc
        if (sealed) phone = crypto.open('users.phone', sealed)
      }
      const day = shanghaiDate(now).replace(/-/g, '')
      const seq = await repo.nextSequence(tx, day)
      const number = formatRequestNumber(NUMBER_PREFIX, shanghaiDate(now), seq)
      const loc = input.location
      const r = await tx.query<RequestRow>(
        `INSERT INTO requests (number, user_id, source, idempotency_scope, idempotency_key, idempotency_hash, type, category, content,
                               lat, lng, address, district, street, contact_phone_enc, contact_name_enc, anonymous, public, status,
                               filed_at, dispatch_deadline, deadline, warn_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, 'submitted', $19, $20, $21, $22, $19)
         ON CONFLICT (idempotency_scope, idempotency_key) DO NOTHING
         RETURNING *`,
        [
          number,
          actor.kind === 'resident' ? actor.userId : null,
          source,
          idempotencyKey ? scope : null,
          idempotencyKey,
          idempotencyKey ? hash : null,
          input.type,
          category,
          content,
          loc?.lat ?? null,
          loc?.lng ?? null,
          loc?.address ?? null,
          loc?.district ?? null,
          loc?.street ?? null,
          phone ? crypto.seal('requests.contact_phone', phone) : null,
          input.contactName ? crypto.seal('requests.contact_name', input.contactName.trim()) : null,
          input.anonymous ?? false,
          input.public ?? false,
          now,
          deadlines.dispatchDeadline,
          deadlines.deadline,
          deadlines.warnAt,
        ],
      )
      const row = r.rows[0]
      if (!row) throw new IdempotentReplay()
      // Similar-request index (server/modules/similar): terms, entities, place — in the same transaction.
      await indexRequest(tx, row)
      const updateId = await repo.insertUpdate(tx, {
        requestId: row.id,
        action: 'file',
        fromStatus: null,
        toStatus: 'submitted',
        actorKind: actor.kind,
        actorRole: actor.kind === 'resident' ? 'resident' : 'partner',
        actorDepartmentCode: null,
        actorStaffId: null,
        note: null,
        data: {},
        visible: true,
        at: now,
      })
      if (input.photos?.length) {
        if (actor.kind !== 'resident' || !(await repo.attachPhotos(tx, input.photos, { userId: actor.userId }, row.id, null))) {
          throw new AppError(400, 'PHOTO_INVALID', '照片无效或已被使用，请重新上传')
        }
      }
      void updateId
      return { request: filed(row), replayed: false }
    })
  } catch (err) {
    if (err instanceof IdempotentReplay) {
      const again = await replay()
      if (again) return again
    }
    throw err
  }
}

// ---------------------------------------------------------------- views

interface ViewContext {
  names: Map<string, string>
  photos: { id: string; request_id: string; update_id: number | null }[]
  crypto: DataCrypto
  now: Date
}

function photosOf(v: ViewContext, requestId: string, updateId: number | null): Photo[] {
  return v.photos
    .filter((p) => p.request_id === requestId && p.update_id === updateId)
    .map((p) => ({ id: p.id, url: photoUrl(v.crypto, p.id, v.now) }))
}

function timelineItem(u: UpdateRow, v: ViewContext, view: 'resident' | 'staff', viaNumber?: string): TimelineItem {
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
  if (typeof d.days === 'number') item.days = d.days
  if (typeof d.departmentCode === 'string') item.departmentName = v.names.get(d.departmentCode) ?? d.departmentCode
  if (typeof d.relatedNumber === 'string') item.relatedNumber = d.relatedNumber
  if (viaNumber) item.viaNumber = viaNumber
  if (view === 'staff') item.visibleToResident = u.visible_to_resident
  return item
}

function summaryOf(row: RequestRow, now: Date): RequestSummary {
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
    overdue: isOpen(row.status) && now.getTime() > row.deadline.getTime(),
  }
}

function location(row: RequestRow): RequestDetail['location'] {
  if (row.lat === null || row.lng === null || !row.address || !row.district) return null
  const loc: NonNullable<RequestDetail['location']> = { lat: row.lat, lng: row.lng, address: row.address, district: row.district }
  if (row.street) loc.street = row.street
  return loc
}

function rating(row: RequestRow): RequestDetail['rating'] {
  if (row.rating_level === null || !row.rated_at) return null
  return { level: row.rating_level, ...(row.rating_comment ? { comment: row.rating_comment } : {}), at: row.rated_at.toISOString() }
}

/** When the current dispatch clock started: filing, or the last 退单 / 重办 (see deadlines.ts). */
function dispatchStartedAt(row: RequestRow, updates: UpdateRow[]): Date {
  let start = row.filed_at
  for (const u of updates) if ((u.action === 'return' || u.action === 'reopen') && u.created_at.getTime() > start.getTime()) start = u.created_at
  return start
}

/**
 * The staff view of a request: overdue and warning also count the dispatch deadline while the hotline has not
 * dispatched it (submitted / accepted / returned), like the close deadline.
 */
function queueItem(row: RequestRow, names: Map<string, string>, now: Date, dispatchStarted: Date): QueueItem {
  const summary = summaryOf(row, now)
  const undispatched = UNDISPATCHED_STATES.includes(row.status)
  const dispatchOverdue = undispatched && now.getTime() > row.dispatch_deadline.getTime()
  const dispatchWarning = undispatched && now.getTime() >= dispatchWarnAt(dispatchStarted, row.dispatch_deadline).getTime()
  return {
    ...summary,
    overdue: summary.overdue || dispatchOverdue,
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

function actorRoleOf(staff: StaffPrincipal): ActorRole {
  return staff.role === 'dispatcher' || staff.role === 'admin' || staff.role === 'dept_staff' ? staff.role : 'system'
}

// ---------------------------------------------------------------- service

export function createRequestsService(ctx: RequestsContext) {
  const { db, crypto, clock } = ctx
  const rules = ctx.rules ?? DEFAULT_DEADLINE_RULES

  async function viewContext(q: Queryable, requestIds: string[], now: Date): Promise<ViewContext> {
    return { names: await repo.departmentNames(q), photos: await repo.photos(q, requestIds), crypto, now }
  }

  async function residentDetail(q: Queryable, row: RequestRow): Promise<RequestDetail> {
    const now = clock()
    // A merged request follows the request it was merged into — and, when that one was merged on, the next, up to
    // the root: each one's visible steps from the merge into it until it was merged on itself.
    const chain = row.merged_into ? await repo.mergeChain(q, row) : []
    const target = chain.at(-1) ?? null
    const ids = [row.id, ...chain.map((c) => c.id)]
    const v = await viewContext(q, ids, now)
    const updates = await repo.updates(q, ids, true)
    const mergedAt = (r: RequestRow) => updates.filter((u) => u.request_id === r.id && u.action === 'merge').at(-1)?.created_at ?? r.updated_at
    const own = updates.filter((u) => u.request_id === row.id)
    const timeline = own.map((u) => timelineItem(u, v, 'resident'))
    let since = row.merged_into ? mergedAt(row) : null
    for (const hop of chain) {
      const until = hop.merged_into ? mergedAt(hop) : null
      for (const u of updates) {
        if (u.request_id !== hop.id || !since || u.created_at.getTime() <= since.getTime()) continue
        if (until && u.created_at.getTime() > until.getTime()) continue
        timeline.push(timelineItem(u, v, 'resident', hop.number))
      }
      since = until
    }
    const phone = row.contact_phone_enc ? maskPhone(crypto.open('requests.contact_phone', row.contact_phone_enc)) : null
    return {
      ...summaryOf(row, now),
      content: row.content,
      location: location(row),
      photos: photosOf(v, row.id, null),
      anonymous: row.anonymous,
      public: row.public,
      contactPhone: phone,
      departmentName: row.department_code ? (v.names.get(row.department_code) ?? null) : null,
      closedAt: row.closed_at?.toISOString() ?? null,
      rateUntil: row.closed_at && row.status === 'closed' ? rateUntil(row.closed_at).toISOString() : null,
      rating: rating(row),
      reopened: row.reopened,
      mergedInto: target
        ? { number: target.number, status: target.status, statusLabel: STATUS_LABEL[target.status], deadline: target.deadline.toISOString() }
        : null,
      timeline,
      can: residentCan(factsOf(row), now),
    }
  }

  async function staffDetail(q: Queryable, row: RequestRow, staff: StaffPrincipal): Promise<StaffRequestDetail> {
    const now = clock()
    const v = await viewContext(q, [row.id], now)
    const updates = await repo.updates(q, [row.id], false)
    const mergedInto = row.merged_into ? await repo.byId(q, row.merged_into) : null
    const merged = (await repo.followers(q, row.id)).map((f) => ({ id: f.id, number: f.number }))
    const hidden = row.anonymous && staff.role === 'dept_staff'
    let contact: StaffContact
    if (hidden) contact = { anonymous: true, name: null, phone: null, revealable: false }
    else {
      const phone = row.contact_phone_enc ? crypto.open('requests.contact_phone', row.contact_phone_enc) : null
      const name = row.contact_name_enc ? crypto.open('requests.contact_name', row.contact_name_enc) : null
      contact = { anonymous: row.anonymous, name: name ? maskName(name) : null, phone: phone ? maskPhone(phone) : null, revealable: !!(phone || name) }
    }
    return {
      ...queueItem(row, v.names, now, dispatchStartedAt(row, updates)),
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

  /**
   * One transition: checks the state machine, changes the row, writes the update row, attaches photos, audits staff
   * actions and queues the resident's notice — all in the caller's transaction, so a refusal changes nothing.
   */
  async function transition(
    tx: Queryable,
    row: RequestRow,
    action: Exclude<RequestAction, 'file' | 'warn'>,
    actor: TransitionActor,
    input: { note?: string; days?: number; departmentCode?: string; targetId?: string; photos?: string[]; level?: number; comment?: string },
  ): Promise<void> {
    const now = clock()
    const role: ActorRole = actor.kind === 'resident' ? 'resident' : actor.role
    const facts = factsOf(row)
    const check = checkAction(action, facts, { role, departmentCode: actor.kind === 'staff' ? actor.departmentCode : null }, now)
    if (!check.ok) throw new AppError(409, check.code, check.message)
    const note = (action === 'rate' ? input.comment : input.note)?.trim() || null
    if (TRANSITIONS[action].note && !note) throw new AppError(400, 'ACTION_INCOMPLETE', NOTE_PROMPT[action] ?? '请填写说明')

    const to = nextStatus(action, facts)
    const set: Record<string, unknown> = { status: to, updated_at: now }
    const data: Record<string, unknown> = {}
    let target: RequestRow | null = null
    switch (action) {
      case 'answer':
      case 'close':
        set.closed_at = now
        break
      case 'dispatch': {
        const code = input.departmentCode?.trim()
        if (!code) throw new AppError(400, 'ACTION_INCOMPLETE', '请选择承办部门')
        const d = await tx.query('SELECT 1 FROM departments WHERE code = $1', [code])
        if (d.rowCount === 0) throw new AppError(400, 'DEPARTMENT_UNKNOWN', '承办部门不存在，请重新选择')
        set.department_code = code
        data.departmentCode = code
        break
      }
      case 'return':
        set.department_code = null
        set.extension_days = null
        // The hotline gets a new dispatch clock for the returned request (the job warns and supervises it again).
        set.dispatch_deadline = addWorkingDays(now, rules.dispatch)
        data.departmentCode = row.department_code
        break
      case 'request-extension':
        if (!input.days) throw new AppError(400, 'ACTION_INCOMPLETE', '请填写需要延长的工作日天数（1–30）')
        set.extension_days = input.days
        data.days = input.days
        break
      case 'approve-extension': {
        const days = row.extension_days as number
        const deadline = extendDeadline(row.deadline, days)
        set.deadline = deadline
        set.warn_at = workingShareInstant(row.filed_at, deadline, WARNING_SHARE)
        set.extension_days = null
        data.days = days
        data.deadline = deadline.toISOString()
        break
      }
      case 'deny-extension':
        set.extension_days = null
        data.days = row.extension_days
        break
      case 'supervise':
        set.supervised_at = now
        break
      case 'merge': {
        if (!input.targetId) throw new AppError(400, 'ACTION_INCOMPLETE', '请选择要并入的诉求')
        target = input.targetId === row.id ? null : await repo.byId(tx, input.targetId, true)
        // Never into a request that is itself merged: the dispatcher picks the request that carries on (named in
        // the refusal) rather than being moved silently to one they did not choose. As every target is an
        // unmerged root and both rows are locked (in id order, staffAction) this also rules out a cycle, even for
        // two dispatchers merging two requests into each other at once.
        if (target?.status === 'merged') {
          const root = (await repo.mergeChain(tx, target)).at(-1)
          const onto = root && root.id !== row.id && isOpen(root.status) ? `，请直接并入 ${root.number}` : ''
          throw new AppError(409, 'MERGE_TARGET_INVALID', `${target.number} 已并入 ${root?.number ?? '其他诉求'}，不能再作为并案对象${onto}`)
        }
        if (!target || !isOpen(target.status)) {
          throw new AppError(409, 'MERGE_TARGET_INVALID', '只能并入另一件正在办理的诉求')
        }
        set.merged_into = target.id
        data.relatedNumber = target.number
        break
      }
      case 'urge':
        set.urge_count = row.urge_count + 1
        set.last_urged_at = now
        break
      case 'revisit':
        if (!input.level) throw new AppError(400, 'ACTION_INCOMPLETE', '请选择回访时市民的评价（1–5）')
      // falls through: a rating given on the phone
      case 'rate':
        set.rating_level = input.level
        set.rating_comment = note
        set.rated_at = now
        data.level = input.level
        break
      case 'reopen': {
        const d = deadlinesFor(row.type, now, rules)
        set.reopened = true
        set.closed_at = null
        set.extension_days = null
        set.deadline = d.deadline
        set.dispatch_deadline = d.dispatchDeadline
        set.warn_at = d.warnAt
        break
      }
    }

    const columns = Object.keys(set)
    await tx.query(`UPDATE requests SET ${columns.map((c, i) => `${c} = $${i + 2}`).join(', ')} WHERE id = $1`, [row.id, ...columns.map((c) => set[c])])
    const visible = TRANSITIONS[action].visible
    const updateId = await repo.insertUpdate(tx, {
      requestId: row.id,
      action,
      fromStatus: row.status,
      toStatus: to,
      actorKind: actor.kind,
      actorRole: role,
      actorDepartmentCode: actor.kind === 'staff' ? actor.departmentCode : null,
      actorStaffId: actor.kind === 'staff' ? actor.staffId : null,
      note,
      data,
      visible,
      at: now,
    })
    if (input.photos?.length) {
      const owner = actor.kind === 'resident' ? { userId: actor.userId } : { staffId: actor.staffId }
      if (!(await repo.attachPhotos(tx, input.photos, owner, row.id, updateId))) {
        throw new AppError(400, 'PHOTO_INVALID', '照片无效或已被使用，请重新上传')
      }
    }
    if (target) {
      await repo.insertUpdate(tx, {
        requestId: target.id,
        action: 'merge',
        fromStatus: target.status,
        toStatus: target.status,
        actorKind: 'staff',
        actorRole: role,
        actorDepartmentCode: null,
        actorStaffId: actor.kind === 'staff' ? actor.staffId : null,
        note: `${row.number} 并入本件`,
        data: { relatedNumber: row.number, mergedFrom: true },
        visible: false,
        at: now,
      })
    }
    if (actor.kind === 'staff') {
      await audit(tx, {
        actorKind: 'staff',
        actorId: actor.staffId,
        action: `request.${action}`,
        target: `request:${row.number}`,
        detail: { from: row.status, to, ...data },
        at: now,
      })
    }
    if (actor.kind !== 'resident' && visible && to !== row.status) {
      await queueStatusNotice(tx, { request: row, updateId, toStatus: to, note, now })
    }
  }

  async function lockedOwn(tx: Queryable, userId: string, id: string): Promise<RequestRow> {
    const row = await repo.byId(tx, id, true)
    if (!row || row.user_id !== userId) throw notFound()
    return row
  }

  async function lockedInScope(tx: Queryable, staff: StaffPrincipal, id: string): Promise<RequestRow> {
    const row = await repo.byId(tx, id, true)
    if (!row || !staffCanSee(staff, { departmentCode: row.department_code })) throw notFound()
    return row
  }

  return {
    file: (input: FileRequestBody, userId: string, idempotencyKey: string) =>
      fileRequest({ ...ctx, rules }, input, { kind: 'resident', userId }, idempotencyKey),

    async listMine(userId: string, page: number, pageSize: number): Promise<RequestList> {
      const now = clock()
      const total = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM requests WHERE user_id = $1', [userId])
      const r = await db.query<RequestRow>('SELECT * FROM requests WHERE user_id = $1 ORDER BY filed_at DESC, number DESC LIMIT $2 OFFSET $3', [
        userId,
        pageSize,
        (page - 1) * pageSize,
      ])
      return { items: r.rows.map((row) => summaryOf(row, now)), total: Number(total.rows[0].n), page, pageSize }
    },

    async mine(userId: string, id: string): Promise<RequestDetail> {
      const row = await repo.byId(db, id)
      if (!row || row.user_id !== userId) throw notFound()
      return residentDetail(db, row)
    },

    async residentAction(
      userId: string,
      id: string,
      action: 'supplement' | 'urge' | 'rate' | 'reopen',
      body: { note?: string; photos?: string[]; level?: number; comment?: string },
    ): Promise<RequestDetail> {
      await db.transaction(async (tx) => {
        const row = await lockedOwn(tx, userId, id)
        await transition(tx, row, action, { kind: 'resident', userId }, body)
      })
      return this.mine(userId, id)
    },

    async staffList(staff: StaffPrincipal, query: StaffRequestQuery): Promise<StaffRequestPage> {
      const now = clock()
      const page = query.page ?? 1
      const pageSize = query.pageSize ?? 20
      const where: string[] = []
      const params: unknown[] = []
      const param = (value: unknown) => {
        params.push(value)
        return `$${params.length}`
      }
      if (staff.role === 'dept_staff') where.push(`department_code = ${param(staff.departmentCode)}`)
      else if (staff.role !== 'dispatcher' && staff.role !== 'admin') where.push('FALSE')
      const queue = query.queue ?? (staff.role === 'dept_staff' ? 'department' : 'dispatch')
      if (queue === 'dispatch') where.push(`(status IN ('submitted', 'accepted', 'returned', 'replied') OR extension_days IS NOT NULL)`)
      if (queue === 'department') where.push(`status IN ('dispatched', 'signed', 'processing')`)
      if (query.status) {
        const statuses = query.status.split(',')
        const unknown = statuses.filter((s) => !(s in STATUS_LABEL))
        if (unknown.length) throw new AppError(400, 'VALIDATION_FAILED', `查询参数有误：status 不认识 ${unknown.join('、')}`)
        where.push(`status = ANY(${param(statuses)}::text[])`)
      }
      if (query.overdue !== undefined) {
        // Past the close deadline, or past the dispatch deadline and still not dispatched.
        const at = param(now)
        const cond = `((deadline < ${at} AND status = ANY(${param(OPEN_STATES)}::text[])) OR (dispatch_deadline < ${at} AND status = ANY(${param(UNDISPATCHED_STATES)}::text[])))`
        where.push(query.overdue ? cond : `NOT ${cond}`)
      }
      const sqlWhere = where.length ? `WHERE ${where.join(' AND ')}` : ''
      const total = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM requests ${sqlWhere}`, params)
      const rows = await db.query<RequestRow & { dispatch_started_at: Date }>(
        `SELECT *, ${DISPATCH_STARTED_SQL} AS dispatch_started_at FROM requests ${sqlWhere} ORDER BY deadline, filed_at, number LIMIT ${param(pageSize)} OFFSET ${param((page - 1) * pageSize)}`,
        params,
      )
      const names = await repo.departmentNames(db)
      return { items: rows.rows.map((row) => queueItem(row, names, now, row.dispatch_started_at)), total: Number(total.rows[0].n), page, pageSize }
    },

    async staffView(staff: StaffPrincipal, id: string): Promise<StaffRequestDetail> {
      const row = await repo.byId(db, id)
      if (!row || !staffCanSee(staff, { departmentCode: row.department_code })) throw notFound()
      return staffDetail(db, row, staff)
    },

    async staffAction(staff: StaffPrincipal, id: string, body: StaffActionBody): Promise<StaffRequestDetail> {
      const action: StaffAction = body.action
      return db.transaction(async (tx) => {
        // 并案 locks both requests, always in the same order, so two opposite merges at once cannot deadlock.
        if (action === 'merge' && body.targetId && UUID.test(body.targetId) && UUID.test(id)) {
          await tx.query('SELECT id FROM requests WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE', [[id, body.targetId]])
        }
        const row = await lockedInScope(tx, staff, id)
        await transition(tx, row, action, { kind: 'staff', staffId: staff.staffId, role: actorRoleOf(staff), departmentCode: staff.departmentCode }, body)
        // The acting clerk gets the result even when the step took the request out of their scope (退单).
        return staffDetail(tx, (await repo.byId(tx, id)) as RequestRow, staff)
      })
    },

    async revealContact(staff: StaffPrincipal, id: string): Promise<RevealedContact> {
      const row = await repo.byId(db, id)
      if (!row || !staffCanSee(staff, { departmentCode: row.department_code })) throw notFound()
      if (row.anonymous && staff.role === 'dept_staff') {
        throw new AppError(403, 'ANONYMOUS_CONTACT_HIDDEN', '该诉求为匿名反映，联系方式不向承办部门提供')
      }
      await audit(db, { actorKind: 'staff', actorId: staff.staffId, action: 'request.reveal_contact', target: `request:${row.number}`, at: clock() })
      return {
        name: row.contact_name_enc ? crypto.open('requests.contact_name', row.contact_name_enc) : null,
        phone: row.contact_phone_enc ? crypto.open('requests.contact_phone', row.contact_phone_enc) : null,
      }
    },

    async departmentSuggestion(staff: StaffPrincipal, id: string) {
      const row = await repo.byId(db, id)
      if (!row || !staffCanSee(staff, { departmentCode: row.department_code })) throw notFound()
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

export type RequestsService = ReturnType<typeof createRequestsService>
