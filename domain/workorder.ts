// The 12345 work order (工单) as pure rules: states, actions, who may take which action from which state, what the
// resident sees, deadlines in working days, and the Chinese labels. The server enforces these; the app uses them
// for labels and instant feedback. No Taro, no I/O. Only `import type` from types/ (erased).
import type { RequestAction, RequestErrorCode, RequestStatus, RequestType, StaffAction } from '@contract/request'
import { addWorkingDays, workingShareInstant } from './calendar'

export type { RequestAction, RequestStatus, RequestType, StaffAction }

export const REQUEST_TYPES: readonly RequestType[] = ['consult', 'help', 'complaint', 'report', 'suggestion']

export const TYPE_LABEL: Record<RequestType, string> = {
  consult: '咨询',
  help: '求助',
  complaint: '投诉',
  report: '举报',
  suggestion: '建议',
}

export const STATUS_LABEL: Record<RequestStatus, string> = {
  submitted: '已提交',
  accepted: '已受理',
  rejected: '不予受理',
  dispatched: '已派单',
  signed: '已签收',
  processing: '办理中',
  replied: '已答复',
  returned: '已退单',
  closed: '已办结',
  rated: '已评价',
  merged: '已并案',
}

export const ACTION_LABEL: Record<RequestAction, string> = {
  file: '提交诉求',
  accept: '受理',
  refuse: '不予受理',
  answer: '直接答复',
  dispatch: '派单',
  sign: '签收',
  reply: '答复',
  return: '退单',
  'request-extension': '申请延期',
  'approve-extension': '同意延期',
  'deny-extension': '不同意延期',
  close: '办结',
  'send-back': '退回重办',
  supervise: '督办',
  merge: '并案',
  revisit: '回访',
  supplement: '补充材料',
  urge: '催办',
  rate: '评价',
  reopen: '申请重办',
  warn: '临期预警',
}

/** 5 非常满意 … 1 非常不满意 (the national 好差评 levels). */
export const RATING_LABEL: Record<number, string> = {
  5: '非常满意',
  4: '满意',
  3: '基本满意',
  2: '不满意',
  1: '非常不满意',
}

/** Levels that allow the resident to ask once for 重办. */
export const isUnsatisfied = (level: number): boolean => level <= 2

/** Days a rating is accepted after closing (calendar days). */
export const RATE_WINDOW_DAYS = 7

/** Minimum time between two 催办 of one request. */
export const URGE_INTERVAL_MS = 24 * 3600_000

/** States where nothing more happens to the request itself (a closed one may still be rated). */
export const FINAL_STATES: readonly RequestStatus[] = ['rejected', 'closed', 'rated', 'merged']

/** States in which the request is being worked (the deadline clock and 督办 apply). */
export const OPEN_STATES: readonly RequestStatus[] = ['submitted', 'accepted', 'dispatched', 'signed', 'processing', 'replied', 'returned']

export const isOpen = (status: RequestStatus): boolean => OPEN_STATES.includes(status)

/** States in which the request waits for the hotline to dispatch it (the dispatch clock runs). */
export const UNDISPATCHED_STATES: readonly RequestStatus[] = ['submitted', 'accepted', 'returned']

/** The hotline's queue: requests to dispatch and replies to review (plus any with an extension to decide). */
export const DISPATCH_QUEUE_STATES: readonly RequestStatus[] = [...UNDISPATCHED_STATES, 'replied']

/** A department's queue: requests dispatched to it and being worked. */
export const DEPARTMENT_QUEUE_STATES: readonly RequestStatus[] = ['dispatched', 'signed', 'processing']

export type ActorRole = 'resident' | 'dispatcher' | 'dept_staff' | 'admin' | 'system'

export interface Transition {
  from: readonly RequestStatus[]
  /** null: the status stays as it is (补充, 催办, 督办, 延期 steps). */
  to: RequestStatus | null
  roles: readonly ActorRole[]
  /** Needs a note (reason, reply text…). */
  note?: boolean
  /** Shown in the resident's timeline. */
  visible: boolean
}

const HOTLINE: readonly ActorRole[] = ['dispatcher', 'admin']
const DEPARTMENT: readonly ActorRole[] = ['dept_staff']

/** The state machine. Extra conditions (deadline, extension pending, rating window…) are in `checkAction`. */
export const TRANSITIONS: Record<Exclude<RequestAction, 'file'>, Transition> = {
  accept: { from: ['submitted'], to: 'accepted', roles: HOTLINE, visible: true },
  refuse: { from: ['submitted', 'accepted', 'returned'], to: 'rejected', roles: HOTLINE, note: true, visible: true },
  answer: { from: ['submitted', 'accepted', 'returned'], to: 'closed', roles: HOTLINE, note: true, visible: true },
  dispatch: { from: ['accepted', 'returned'], to: 'dispatched', roles: HOTLINE, visible: true },
  sign: { from: ['dispatched'], to: 'signed', roles: DEPARTMENT, visible: true },
  reply: { from: ['signed', 'processing'], to: 'replied', roles: DEPARTMENT, note: true, visible: true },
  return: { from: ['dispatched', 'signed', 'processing'], to: 'returned', roles: DEPARTMENT, note: true, visible: false },
  'request-extension': { from: ['signed', 'processing'], to: null, roles: DEPARTMENT, note: true, visible: false },
  'approve-extension': { from: ['signed', 'processing'], to: null, roles: HOTLINE, visible: true },
  'deny-extension': { from: ['signed', 'processing'], to: null, roles: HOTLINE, note: true, visible: false },
  close: { from: ['replied'], to: 'closed', roles: HOTLINE, visible: true },
  'send-back': { from: ['replied'], to: 'processing', roles: HOTLINE, note: true, visible: false },
  supervise: { from: OPEN_STATES, to: null, roles: [...HOTLINE, 'system'], visible: true },
  merge: { from: ['submitted', 'accepted', 'returned'], to: 'merged', roles: HOTLINE, visible: true },
  // 回访: the hotline calls back a resident who has not rated, and records the rating given on the phone.
  revisit: { from: ['closed'], to: 'rated', roles: HOTLINE, visible: true },
  supplement: { from: OPEN_STATES, to: null, roles: ['resident'], note: true, visible: true },
  urge: { from: OPEN_STATES, to: null, roles: ['resident'], visible: true },
  rate: { from: ['closed'], to: 'rated', roles: ['resident'], visible: true },
  // 重办 goes back to the department that handled it (processing), or to the hotline when it was answered directly.
  reopen: { from: ['rated'], to: 'processing', roles: ['resident'], note: true, visible: true },
  warn: { from: OPEN_STATES, to: null, roles: ['system'], visible: false },
}

/** What `checkAction` needs to know about the request besides its status. */
export interface WorkOrderFacts {
  status: RequestStatus
  deadline: Date
  /** Department handling it (set by dispatch). */
  departmentCode: string | null
  extensionDays: number | null
  closedAt: Date | null
  ratingLevel: number | null
  reopened: boolean
  lastUrgedAt: Date | null
}

export interface Actor {
  role: ActorRole
  /** dept_staff: their department. */
  departmentCode?: string | null
}

/** The codes a refused work-order action answers with (409); each is one of RequestErrorCode. */
export type WorkOrderRefusal = Extract<RequestErrorCode, 'ILLEGAL_TRANSITION' | 'URGE_NOT_ALLOWED' | 'RATE_NOT_ALLOWED' | 'REOPEN_NOT_ALLOWED'>

export type Refusal = { ok: false; code: WorkOrderRefusal; message: string }
export type Check = { ok: true } | Refusal

const refuse = (code: WorkOrderRefusal, message: string): Refusal => ({ ok: false, code, message })

/** Why an action cannot be taken now (code + Chinese message), or ok. Pure: no clock but `now`. */
export function checkAction(action: Exclude<RequestAction, 'file'>, facts: WorkOrderFacts, actor: Actor, now: Date): Check {
  const t = TRANSITIONS[action]
  const label = ACTION_LABEL[action]
  if (!t.roles.includes(actor.role)) {
    return refuse('ILLEGAL_TRANSITION', `当前身份不能执行“${label}”`)
  }
  if (actor.role === 'dept_staff' && facts.departmentCode !== actor.departmentCode) {
    return refuse('ILLEGAL_TRANSITION', `该诉求不在本部门办理，不能执行“${label}”`)
  }
  if (!t.from.includes(facts.status)) {
    return refuse('ILLEGAL_TRANSITION', `诉求当前状态为“${STATUS_LABEL[facts.status]}”，不能执行“${label}”`)
  }
  switch (action) {
    case 'request-extension':
      if (facts.extensionDays !== null) return refuse('ILLEGAL_TRANSITION', '已有延期申请在等待审核')
      if (now.getTime() >= facts.deadline.getTime()) return refuse('ILLEGAL_TRANSITION', '已超过办理时限，不能再申请延期')
      break
    case 'approve-extension':
    case 'deny-extension':
      if (facts.extensionDays === null) return refuse('ILLEGAL_TRANSITION', '没有待审核的延期申请')
      break
    case 'urge':
      if (now.getTime() < facts.deadline.getTime()) return refuse('URGE_NOT_ALLOWED', '尚未超过办理时限，超期后才能催办')
      if (facts.lastUrgedAt && now.getTime() - facts.lastUrgedAt.getTime() < URGE_INTERVAL_MS) {
        return refuse('URGE_NOT_ALLOWED', '已催办，24 小时内不能重复催办')
      }
      break
    case 'rate':
      if (!facts.closedAt || now.getTime() > rateUntil(facts.closedAt).getTime()) {
        return refuse('RATE_NOT_ALLOWED', `办结后 ${RATE_WINDOW_DAYS} 天内可以评价，现已超过评价期限`)
      }
      break
    case 'reopen':
      if (facts.reopened) return refuse('REOPEN_NOT_ALLOWED', '每件诉求只能申请一次重办')
      if (facts.ratingLevel === null || !isUnsatisfied(facts.ratingLevel)) {
        return refuse('REOPEN_NOT_ALLOWED', '评价为“不满意”或“非常不满意”时才能申请重办')
      }
      break
  }
  return { ok: true }
}

/** The status after the action (the same status for steps that do not move it). */
export function nextStatus(action: Exclude<RequestAction, 'file'>, facts: Pick<WorkOrderFacts, 'status' | 'departmentCode'>): RequestStatus {
  if (action === 'reopen' && !facts.departmentCode) return 'accepted'
  return TRANSITIONS[action].to ?? facts.status
}

export const STAFF_ACTIONS: readonly StaffAction[] = [
  'accept',
  'refuse',
  'answer',
  'dispatch',
  'sign',
  'reply',
  'return',
  'request-extension',
  'approve-extension',
  'deny-extension',
  'close',
  'send-back',
  'supervise',
  'merge',
  'revisit',
]

/** The staff actions this actor may take now (the workbench's buttons). */
export function allowedStaffActions(facts: WorkOrderFacts, actor: Actor, now: Date): StaffAction[] {
  return STAFF_ACTIONS.filter((a) => checkAction(a, facts, actor, now).ok)
}

/** What the resident may do now. */
export function residentCan(facts: WorkOrderFacts, now: Date): { supplement: boolean; urge: boolean; rate: boolean; reopen: boolean } {
  const r: Actor = { role: 'resident' }
  return {
    supplement: checkAction('supplement', facts, r, now).ok,
    urge: checkAction('urge', facts, r, now).ok,
    rate: checkAction('rate', facts, r, now).ok,
    reopen: checkAction('reopen', facts, r, now).ok,
  }
}

/** Until when a closed request can be rated. */
export function rateUntil(closedAt: Date): Date {
  return new Date(closedAt.getTime() + RATE_WINDOW_DAYS * 86_400_000)
}

// ---------------------------------------------------------------- deadlines

/** Working days to close, per type, and to dispatch. The server may override these from its config. */
export interface DeadlineRules {
  close: Record<RequestType, number>
  dispatch: number
}

export const DEFAULT_DEADLINE_RULES: DeadlineRules = {
  close: { consult: 2, help: 10, suggestion: 10, complaint: 15, report: 15 },
  dispatch: 1,
}

export interface Deadlines {
  /** End of the last working day to close. */
  deadline: Date
  /** End of the working day by which the hotline should dispatch. */
  dispatchDeadline: Date
  /** 80 % of the working time to `deadline`. */
  warnAt: Date
}

export const WARNING_SHARE = 0.8

/** The 临期预警 instant of a clock running from `start` to `deadline` (close or dispatch): WARNING_SHARE of its working time. */
export function warningAt(start: Date, deadline: Date): Date {
  return workingShareInstant(start, deadline, WARNING_SHARE)
}

/** The dispatch deadline of a dispatch clock started at `start` (filing, 退单 or 重办). */
export function dispatchDeadlineFrom(start: Date, rules: DeadlineRules = DEFAULT_DEADLINE_RULES): Date {
  return addWorkingDays(start, rules.dispatch)
}

/** Working days a department has to sign (签收) a request dispatched to it: until the end of the next working day. */
export const SIGN_WORKING_DAYS = 1

/** The 签收 deadline of a dispatch made at `dispatchedAt` (stored on the dispatch's update row; 响应率 counts it). */
export function signDeadlineFrom(dispatchedAt: Date): Date {
  return addWorkingDays(dispatchedAt, SIGN_WORKING_DAYS)
}

/** Deadlines of a request filed (or reopened) at `start`. */
export function deadlinesFor(type: RequestType, start: Date, rules: DeadlineRules = DEFAULT_DEADLINE_RULES): Deadlines {
  const deadline = addWorkingDays(start, rules.close[type])
  return { deadline, dispatchDeadline: dispatchDeadlineFrom(start, rules), warnAt: warningAt(start, deadline) }
}

/** Past the close deadline while still being worked. */
export function closeOverdue(status: RequestStatus, deadline: Date, now: Date): boolean {
  return isOpen(status) && now.getTime() > deadline.getTime()
}

/** Past the dispatch deadline and still not dispatched. */
export function dispatchOverdue(status: RequestStatus, dispatchDeadline: Date, now: Date): boolean {
  return UNDISPATCHED_STATES.includes(status) && now.getTime() > dispatchDeadline.getTime()
}

/**
 * The deadline after an approved extension of `days` working days: counted from the end of the current
 * deadline's working day, so the extension gets whole working days whatever holidays follow.
 */
export function extendDeadline(deadline: Date, days: number): Date {
  return addWorkingDays(new Date(deadline.getTime() - 1), days)
}

// ---------------------------------------------------------------- input

export const CONTENT_MIN = 10
export const CONTENT_MAX = 2000
export const MAX_PHOTOS = 9

/** Characters as a person counts them (code points), after trimming. */
export function contentLength(text: string): number {
  return Array.from(text.trim()).length
}

/** Checks what the filing form sends; the Chinese message names what to fix. */
export function validateRequestInput(input: { content: string; photos?: readonly string[] }): { ok: true } | { ok: false; field: string; message: string } {
  const n = contentLength(input.content)
  if (n < CONTENT_MIN) return { ok: false, field: 'content', message: `诉求内容至少需要 ${CONTENT_MIN} 个字，现在是 ${n} 个字` }
  if (n > CONTENT_MAX) return { ok: false, field: 'content', message: `诉求内容不能超过 ${CONTENT_MAX} 个字，现在是 ${n} 个字` }
  if (input.photos && input.photos.length > MAX_PHOTOS) return { ok: false, field: 'photos', message: `最多上传 ${MAX_PHOTOS} 张照片` }
  return { ok: true }
}

/** The first `max` characters of the content, for lists. */
export function summarize(content: string, max = 60): string {
  const chars = Array.from(content.trim().replace(/\s+/g, ' '))
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max).join('')}…`
}

/** 12345-style number: prefix + Asia/Shanghai date + 5-digit daily sequence, e.g. GZ2026112400001. */
export function formatRequestNumber(prefix: string, shanghaiDay: string, seq: number): string {
  return `${prefix}${shanghaiDay.replace(/-/g, '')}${String(seq).padStart(5, '0')}`
}
