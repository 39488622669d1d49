// The 办件 (online application) state machine and its clock, shared by the server (which enforces it) and the app
// (which shows it):
//
//   submitted 预审 ──accept──▶ accepted 受理（审查中） ──approve──▶ approved 准予（已办结）
//        │   ▲                      │  ▲         └──────deny──▶ denied 不予许可
//        │   └─correct (resident)─┐ │  └─correct─┐
//        ├──request-correction──▶ correction 补正告知 ◀──request-correction──┘
//        └──reject──▶ rejected 不予受理
//
// The promised date counts the catalog's promised working days from 受理 (domain/calendar.ts); while the resident is
// asked for 补正 after 受理 the clock stops, and on correction the working days still left start again. Before 受理
// the department has PRE_REVIEW_DAYS working days for 预审 (that is the queue's deadline then).
import { addCalendarDays, addWorkingDays, isWorkingDay, shanghaiDate } from './calendar'
import type { ApplicationAction, ApplicationStatus, StaffApplicationAction } from '@contract/applications'

export type { ApplicationAction, ApplicationStatus, StaffApplicationAction } from '@contract/applications'

/** Working days a department has for 预审 (受理 / 补正告知 / 不予受理) after a submission or a correction. */
export const PRE_REVIEW_DAYS = 2
/** Working days left at or under which an open 办件 is 临期. */
export const DUE_SOON_DAYS = 1

export const STATUS_LABEL: Record<ApplicationStatus, string> = {
  submitted: '预审中',
  correction: '待补正',
  accepted: '已受理，审查中',
  rejected: '不予受理',
  approved: '已办结（准予）',
  denied: '不予许可',
}

export const ACTION_LABEL: Record<ApplicationAction, string> = {
  submit: '提交申请',
  correct: '补正材料',
  accept: '受理',
  'request-correction': '补正告知',
  reject: '不予受理',
  approve: '准予许可',
  deny: '不予许可',
}

/** From which states each action may be taken, and where it leads. */
export const APPLICATION_TRANSITIONS: Record<ApplicationAction, { from: readonly ApplicationStatus[]; to: ApplicationStatus; note: boolean }> = {
  submit: { from: [], to: 'submitted', note: false },
  accept: { from: ['submitted'], to: 'accepted', note: false },
  'request-correction': { from: ['submitted', 'accepted'], to: 'correction', note: true },
  reject: { from: ['submitted'], to: 'rejected', note: true },
  approve: { from: ['accepted'], to: 'approved', note: false },
  deny: { from: ['accepted'], to: 'denied', note: true },
  // The resident's correction: back to 预审 when 补正 was asked before 受理, straight back to 审查 after it.
  correct: { from: ['correction'], to: 'submitted', note: false },
}

export const FINAL_STATUSES: readonly ApplicationStatus[] = ['rejected', 'approved', 'denied']
export const OPEN_STATUSES: readonly ApplicationStatus[] = ['submitted', 'correction', 'accepted']

export const isFinal = (status: ApplicationStatus): boolean => FINAL_STATUSES.includes(status)

export type ActionCheck = { ok: true; to: ApplicationStatus } | { ok: false; message: string }

/**
 * Whether `action` may be taken in `status`, and the status it leads to. `acceptedBefore` tells a correction after
 * 受理 (which returns to 审查) from one before it (which returns to 预审).
 */
export function checkApplicationAction(action: ApplicationAction, status: ApplicationStatus, acceptedBefore = false): ActionCheck {
  const t = APPLICATION_TRANSITIONS[action]
  if (!t || !t.from.includes(status)) {
    return { ok: false, message: `办件当前为“${STATUS_LABEL[status]}”，不能${ACTION_LABEL[action] ?? '执行该操作'}` }
  }
  if (action === 'correct' && acceptedBefore) return { ok: true, to: 'accepted' }
  return { ok: true, to: t.to }
}

/** The staff actions legal in `status` (what the workbench offers). */
export function staffActionsIn(status: ApplicationStatus): StaffApplicationAction[] {
  return (['accept', 'request-correction', 'reject', 'approve', 'deny'] as const).filter((a) => APPLICATION_TRANSITIONS[a].from.includes(status))
}

/** The promised date of an application accepted at `acceptedAt`: the end of the `promisedDays`-th working day after it. */
export function promisedDate(acceptedAt: Date, promisedDays: number): Date {
  return addWorkingDays(acceptedAt, promisedDays)
}

/** The 预审 deadline of an application (re)submitted at `at`. */
export function preReviewDeadline(at: Date): Date {
  return addWorkingDays(at, PRE_REVIEW_DAYS)
}

// Queues mark every row they show: the calendar's answer per date is kept (a few hundred dates a year at most).
const WORKING = new Map<string, boolean>()
function working(date: string): boolean {
  let v = WORKING.get(date)
  if (v === undefined) WORKING.set(date, (v = isWorkingDay(date)))
  return v
}

/** Working days still left on the clock when it stops at `pausedAt` (the day of the pause counts as used). */
export function workingDaysLeft(pausedAt: Date, deadline: Date): number {
  if (deadline.getTime() <= pausedAt.getTime()) return 0
  // Working days after the pause's date up to and including the deadline's last day (deadlines end at 24:00).
  const last = shanghaiDate(new Date(deadline.getTime() - 1))
  let n = 0
  for (let d = addCalendarDays(shanghaiDate(pausedAt), 1); d <= last; d = addCalendarDays(d, 1)) if (working(d)) n++
  return n
}

/** The promised date after a correction at `resumedAt`, with `daysLeft` working days left when the clock stopped. */
export function resumedDeadline(resumedAt: Date, daysLeft: number): Date {
  return addWorkingDays(resumedAt, daysLeft)
}

/** 临期 / 超期 for an open application with `deadline` at `now`; null when neither (or the clock is stopped). */
export function deadlineMark(status: ApplicationStatus, deadline: Date | null, now: Date): 'due-soon' | 'overdue' | null {
  if (!deadline || isFinal(status) || status === 'correction') return null
  if (now.getTime() >= deadline.getTime()) return 'overdue'
  // No run of days off is longer than 9, so a deadline further than this is never 临期 (and needs no calendar walk).
  if (deadline.getTime() - now.getTime() > (DUE_SOON_DAYS + 11) * 86_400_000) return null
  return workingDaysLeft(now, deadline) <= DUE_SOON_DAYS ? 'due-soon' : null
}

/** "3 / 5 已办结" for a bundle. */
export function bundleProgress(statuses: readonly ApplicationStatus[]): { done: number; total: number; text: string } {
  const done = statuses.filter(isFinal).length
  return { done, total: statuses.length, text: `${done} / ${statuses.length} 已办结` }
}

/** 办件 number: prefix + YYYYMMDD + 6-digit daily sequence (e.g. BJ20261008000001). */
export function formatApplicationNumber(prefix: string, day: string, seq: number): string {
  return `${prefix}${day.replace(/-/g, '')}${String(seq).padStart(6, '0')}`
}

/** What the resident does or waits for next, in Chinese. */
export function nextStepText(a: {
  status: ApplicationStatus
  promisedBy: Date | null
  delivery?: 'none' | 'pickup' | 'postal' | null
  licence?: boolean
  note?: string | null
}): string {
  const date = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10)
  switch (a.status) {
    case 'submitted':
      return '等待部门预审，预审通过后正式受理'
    case 'correction':
      return `请按补正告知一次补齐所有材料后重新提交${a.note ? `：${a.note}` : ''}`
    case 'accepted':
      return a.promisedBy ? `部门审查中，承诺 ${date(a.promisedBy)} 前办结` : '部门审查中'
    case 'approved': {
      const parts = ['已办结']
      if (a.licence) parts.push('电子证照已发放到“我的证照”')
      if (a.delivery === 'pickup') parts.push('请预约到大厅领取纸质结果')
      if (a.delivery === 'postal') parts.push('纸质结果将邮寄到您填写的地址')
      return parts.join('，')
    }
    case 'rejected':
      return `不予受理${a.note ? `：${a.note}` : ''}`
    case 'denied':
      return `不予许可${a.note ? `：${a.note}` : ''}`
  }
}
