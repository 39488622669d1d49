// One step of the work order's state machine (domain/workorder) for staff and residents alike: checks it, changes the
// row, writes the update row, attaches photos, audits staff actions and queues the resident's notice — all in the
// caller's transaction, so a refusal changes nothing. 并案 also marks the target's timeline.
import type { RequestAction } from '@contract/request'
import {
  checkAction,
  deadlinesFor,
  dispatchDeadlineFrom,
  extendDeadline,
  isOpen,
  nextStatus,
  signDeadlineFrom,
  TRANSITIONS,
  warningAt,
  type ActorRole,
} from '@domain/workorder'
import { audit } from '../../auth'
import type { Queryable } from '../../db'
import { AppError } from '../../errors'
import { deadlineRules, type RequestsContext } from './context'
import { factsOf } from './dto'
import { photoInvalid } from './filing'
import { queueStatusNotice } from './notify'
import { requestsRepo as repo, type RequestChanges, type RequestRow } from './repo'

export type TransitionActor =
  | { kind: 'resident'; userId: string }
  | { kind: 'staff'; staffId: string; role: ActorRole; departmentCode: string | null }

export type TransitionAction = Exclude<RequestAction, 'file' | 'warn'>

export interface TransitionInput {
  note?: string
  days?: number
  departmentCode?: string
  targetId?: string
  photos?: string[]
  level?: number
  comment?: string
  /** 评价 / 回访: the answer to 问题是否解决 (left out when the resident did not answer it). */
  resolved?: boolean
}

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

const incomplete = (message: string) => new AppError(400, 'ACTION_INCOMPLETE', message)

/**
 * The request a 并案 goes into: never one that is itself merged — the dispatcher picks the request that carries on
 * (named in the refusal) rather than being moved silently to one they did not choose. As every target is an unmerged
 * root and both rows are locked (in id order, workbench staffAction) this also rules out a cycle, even for two
 * dispatchers merging two requests into each other at once.
 */
async function mergeTarget(tx: Queryable, row: RequestRow, targetId: string | undefined): Promise<RequestRow> {
  if (!targetId) throw incomplete('请选择要并入的诉求')
  const target = targetId === row.id ? null : await repo.byId(tx, targetId, true)
  if (target?.status === 'merged') {
    const root = (await repo.mergeChain(tx, target)).at(-1)
    const onto = root && root.id !== row.id && isOpen(root.status) ? `，请直接并入 ${root.number}` : ''
    throw new AppError(409, 'MERGE_TARGET_INVALID', `${target.number} 已并入 ${root?.number ?? '其他诉求'}，不能再作为并案对象${onto}`)
  }
  if (!target || !isOpen(target.status)) throw new AppError(409, 'MERGE_TARGET_INVALID', '只能并入另一件正在办理的诉求')
  return target
}

export async function transition(
  ctx: RequestsContext,
  tx: Queryable,
  row: RequestRow,
  action: TransitionAction,
  actor: TransitionActor,
  input: TransitionInput,
): Promise<void> {
  const now = ctx.clock()
  const role: ActorRole = actor.kind === 'resident' ? 'resident' : actor.role
  const facts = factsOf(row)
  const check = checkAction(action, facts, { role, departmentCode: actor.kind === 'staff' ? actor.departmentCode : null }, now)
  if (!check.ok) throw new AppError(409, check.code, check.message)
  const note = (action === 'rate' ? input.comment : input.note)?.trim() || null
  if (TRANSITIONS[action].note && !note) throw incomplete(NOTE_PROMPT[action] ?? '请填写说明')

  const to = nextStatus(action, facts)
  const set: RequestChanges = { status: to, updated_at: now }
  const data: Record<string, unknown> = {}
  let target: RequestRow | null = null
  switch (action) {
    case 'answer':
    case 'close':
      set.closed_at = now
      // What 按时办结率 compares (server/modules/dashboard): the close deadline in force and who handled it.
      data.deadline = row.deadline.toISOString()
      data.handledBy = row.department_code
      break
    case 'dispatch': {
      const code = input.departmentCode?.trim()
      if (!code) throw incomplete('请选择承办部门')
      if (!(await repo.departmentExists(tx, code))) throw new AppError(400, 'DEPARTMENT_UNKNOWN', '承办部门不存在，请重新选择')
      set.department_code = code
      data.departmentCode = code
      // What 响应率 compares: the department's 签收 deadline for this dispatch.
      data.signDeadline = signDeadlineFrom(now).toISOString()
      break
    }
    case 'return':
      set.department_code = null
      set.extension_days = null
      // The hotline gets a new dispatch clock for the returned request (the job warns and supervises it again).
      set.dispatch_deadline = dispatchDeadlineFrom(now, deadlineRules(ctx))
      data.departmentCode = row.department_code
      break
    case 'request-extension':
      if (!input.days) throw incomplete('请填写需要延长的工作日天数（1–30）')
      set.extension_days = input.days
      data.days = input.days
      break
    case 'approve-extension': {
      const days = row.extension_days as number
      const deadline = extendDeadline(row.deadline, days)
      set.deadline = deadline
      set.warn_at = warningAt(row.filed_at, deadline)
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
    case 'merge':
      target = await mergeTarget(tx, row, input.targetId)
      set.merged_into = target.id
      data.relatedNumber = target.number
      break
    case 'urge':
      set.urge_count = row.urge_count + 1
      set.last_urged_at = now
      break
    case 'revisit':
      if (!input.level) throw incomplete('请选择回访时市民的评价（1–5）')
    // falls through: a rating given on the phone
    case 'rate':
      set.rating_level = input.level
      set.rating_comment = note
      set.rated_at = now
      set.rating_resolved = input.resolved ?? null
      data.level = input.level
      if (input.resolved !== undefined) data.resolved = input.resolved
      data.handledBy = row.department_code
      break
    case 'reopen': {
      const d = deadlinesFor(row.type, now, deadlineRules(ctx))
      set.reopened = true
      set.closed_at = null
      set.extension_days = null
      set.deadline = d.deadline
      set.dispatch_deadline = d.dispatchDeadline
      set.warn_at = d.warnAt
      break
    }
  }

  await repo.change(tx, row.id, set)
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
    if (!(await repo.attachPhotos(tx, input.photos, owner, row.id, updateId))) throw photoInvalid()
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
