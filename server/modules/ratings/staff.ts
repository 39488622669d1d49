// The departments' side of 好差评: the 整改 queue (their department's, a hall's, or all for the hotline/admin), the 回访
// and 整改 result, and filing 申诉复核 against a 差评. Every change is one transaction with an audit row.
import { randomUUID } from 'node:crypto'
import type { AppealBody, RecordBody, RectificationList, StaffRectification } from '@contract/ratings'
import { audit, type StaffPrincipal } from '../../auth'
import type { Queryable } from '../../db'
import { AppError } from '../../errors'
import { notFound, required, type RatingsContext } from './context'
import { toStaffRectification } from './dto'
import { ratingsRepo as repo, type RectificationRow } from './repo'

const CLOCK_SKEW_MS = 5 * 60_000

/** Which 整改 orders a clerk sees: a department's, a hall's, or (hotline, admin) all. */
export function scopeOf(staff: StaffPrincipal): { departmentCode: string | null; hallId: string | null } {
  if (staff.role === 'dept_staff') return { departmentCode: staff.departmentCode, hallId: null }
  if (staff.role === 'hall_staff') return { departmentCode: null, hallId: staff.hallId }
  return { departmentCode: null, hallId: null }
}

function sees(staff: StaffPrincipal, r: RectificationRow): boolean {
  const s = scopeOf(staff)
  return (s.departmentCode === null || s.departmentCode === r.department_code) && (s.hallId === null || s.hallId === r.hall_id)
}

export function createStaffRatings(ctx: RatingsContext) {
  const { db, clock } = ctx

  async function visible(tx: Queryable, staff: StaffPrincipal, id: string, lock = false): Promise<RectificationRow> {
    const row = await repo.rectification(tx, id, lock)
    if (!row || !sees(staff, row)) throw notFound('找不到该整改单')
    return row
  }

  async function shaped(tx: Queryable, row: RectificationRow, now: Date): Promise<StaffRectification> {
    const appeals = await repo.latestAppeals(tx, [row.id])
    return toStaffRectification(row, appeals.get(row.id), now)
  }

  return {
    async list(staff: StaffPrincipal, status: 'open' | 'done' | 'all'): Promise<RectificationList> {
      const now = clock()
      const rows = await repo.queue(db, scopeOf(staff), status)
      const appeals = await repo.latestAppeals(db, rows.map((r) => r.id))
      return { items: rows.map((r) => toStaffRectification(r, appeals.get(r.id), now)) }
    },

    async get(staff: StaffPrincipal, id: string): Promise<StaffRectification> {
      return shaped(db, await visible(db, staff, id), clock())
    },

    async record(staff: StaffPrincipal, id: string, body: RecordBody): Promise<StaffRectification> {
      const now = clock()
      const summary = required(body.contactSummary, '请填写回访情况（与市民联系的内容）')
      const result = required(body.result, '请填写整改结果')
      const contactedAt = new Date(body.contactedAt)
      if (Number.isNaN(contactedAt.getTime())) throw new AppError(400, 'RECTIFY_INCOMPLETE', '回访时间无效，请重新选择')
      // A few minutes' allowance for the clerk's device clock (the form sends the moment of the call).
      if (contactedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) throw new AppError(400, 'RECTIFY_INCOMPLETE', '回访时间不能晚于现在')
      return db.transaction(async (tx) => {
        const row = await visible(tx, staff, id, true)
        if (contactedAt.getTime() < row.rated_at.getTime()) throw new AppError(400, 'RECTIFY_INCOMPLETE', '回访时间不能早于市民评价的时间')
        const done = await repo.recordRectification(tx, id, { contactedAt, method: body.contactMethod, summary, result, staffId: staff.staffId, now })
        if (!done) throw new AppError(409, 'RECTIFICATION_STATE', '该整改单已经办结，不能重复填写')
        await audit(tx, {
          actorKind: 'staff',
          actorId: staff.staffId,
          action: 'rating.rectify',
          target: `rectification:${id}`,
          detail: { contactMethod: body.contactMethod, contactedAt: contactedAt.toISOString() },
          at: now,
        })
        return shaped(tx, (await repo.rectification(tx, id)) as RectificationRow, now)
      })
    },

    async appeal(staff: StaffPrincipal, id: string, body: AppealBody): Promise<StaffRectification> {
      const now = clock()
      const reason = required(body.reason, '请填写申诉理由')
      return db.transaction(async (tx) => {
        const row = await visible(tx, staff, id, true)
        if (row.excluded) throw new AppError(409, 'APPEAL_STATE', '该评价已经申诉成立，不计入统计')
        const appealId = randomUUID()
        if (!(await repo.insertAppeal(tx, { id: appealId, rectificationId: id, reason, staffId: staff.staffId, now }))) {
          throw new AppError(409, 'APPEAL_STATE', '该评价已有申诉正在复核，请等待结果')
        }
        await audit(tx, { actorKind: 'staff', actorId: staff.staffId, action: 'rating.appeal', target: `rectification:${id}`, detail: { appealId }, at: now })
        return shaped(tx, row, now)
      })
    },
  }
}
