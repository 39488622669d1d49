// 申诉复核 decided by the hotline or an admin. An upheld appeal excludes the rating from the figures and keeps it in the
// record: a hall visit's rating is marked excluded; a 12345 request's rating gets the agreed 'rating-excluded' update
// row { appealId, ratingUpdateId } (what the dashboard reads), in the same transaction as the decision and its audit.
import type { Appeal, AppealList, DecideBody } from '@contract/ratings'
import type { RequestStatus } from '@contract/request'
import { audit, type StaffPrincipal } from '../../auth'
import { AppError } from '../../errors'
import { requestsRepo } from '../requests/repo'
import { notFound, required, type RatingsContext } from './context'
import { toAppeal } from './dto'
import { ratingsRepo as repo, type RectificationRow } from './repo'

export function createAppeals(ctx: RatingsContext) {
  const { db, clock } = ctx

  return {
    async list(status: 'pending' | 'upheld' | 'rejected' | 'all'): Promise<AppealList> {
      const rows = await repo.appeals(db, status)
      const items: Appeal[] = []
      for (const a of rows) {
        const r = await repo.rectification(db, a.rectification_id)
        if (r) items.push(toAppeal(a, r))
      }
      return { items }
    },

    async decide(staff: StaffPrincipal, id: string, body: DecideBody): Promise<Appeal> {
      const now = clock()
      const note = required(body.note, '请填写复核意见')
      return db.transaction(async (tx) => {
        const appeal = await repo.appeal(tx, id, true)
        if (!appeal) throw notFound('找不到该申诉')
        const rect = (await repo.rectification(tx, appeal.rectification_id, true)) as RectificationRow
        if (!(await repo.decideAppeal(tx, id, { upheld: body.upheld, note, staffId: staff.staffId, now }))) {
          throw new AppError(409, 'APPEAL_STATE', '该申诉已经复核过了')
        }
        if (body.upheld && rect.subject_kind !== 'request') await repo.excludeRating(tx, rect.rating_ref)
        if (body.upheld && rect.subject_kind === 'request') {
          const req = await repo.requestOfUpdate(tx, rect.rating_ref)
          if (req) {
            await requestsRepo.insertUpdate(tx, {
              requestId: req.request_id,
              action: 'rating-excluded',
              fromStatus: req.status as RequestStatus,
              toStatus: req.status as RequestStatus,
              actorKind: 'staff',
              actorRole: staff.role,
              actorDepartmentCode: staff.departmentCode,
              actorStaffId: staff.staffId,
              note,
              data: { appealId: id, ratingUpdateId: Number(rect.rating_ref) },
              visible: false,
              at: now,
            })
          }
        }
        await audit(tx, {
          actorKind: 'staff',
          actorId: staff.staffId,
          action: body.upheld ? 'rating.appeal_upheld' : 'rating.appeal_rejected',
          target: `rectification:${rect.id}`,
          detail: { appealId: id, subject: `${rect.subject_kind}:${rect.subject_id}` },
          at: now,
        })
        return toAppeal((await repo.appeal(tx, id)) as NonNullable<typeof appeal>, (await repo.rectification(tx, rect.id)) as RectificationRow)
      })
    },
  }
}
