// The resident's side of 好差评: 一次一评 of a hall visit (a 差评 opens its 整改 in the same transaction), what the
// appointment page shows about its rating, the 整改 of a 12345 request, and the resident's verdict on a 整改.
import type { AppointmentRating, HallRateBody, Rectification, SubjectRectification, Verdict } from '@contract/ratings'
import { hallRatingRefusal, ratingClosesAt } from '@domain/ratings'
import { audit } from '../../auth'
import type { Queryable } from '../../db'
import { AppError } from '../../errors'
import { notFound, type RatingsContext } from './context'
import { toRectification, toVisitRating } from './dto'
import { writeRating } from './rate'
import { ratingsRepo as repo, type VisitRow } from './repo'

const ALREADY_RATED = '这次办事已经评价过了，每次办事只能评价一次'

export function createResidentRatings(ctx: RatingsContext) {
  const { db, crypto, clock } = ctx

  async function ownVisit(tx: Queryable, userId: string, id: string, lock = false): Promise<VisitRow> {
    const visit = await repo.visit(tx, id, lock)
    if (!visit || visit.user_id !== userId) throw notFound('找不到该预约')
    return visit
  }

  async function view(tx: Queryable, visit: VisitRow, now: Date): Promise<AppointmentRating> {
    const rating = await repo.ratingOf(tx, 'appointment', visit.id)
    const rect = rating ? await repo.rectificationOfSubject(tx, 'appointment', visit.id) : null
    const refusal = rating ? null : hallRatingRefusal({ status: visit.status, endsAt: visit.ends_at }, now)
    return {
      appointmentId: visit.id,
      rateable: !rating && refusal === null,
      refusal,
      closesAt: visit.status === 'checked_in' ? ratingClosesAt(visit.ends_at).toISOString() : null,
      rating: rating ? toVisitRating(rating, crypto, now) : null,
      rectification: rect ? toRectification(rect) : null,
    }
  }

  return {
    async rating(userId: string, id: string): Promise<AppointmentRating> {
      const visit = await ownVisit(db, userId, id)
      return view(db, visit, clock())
    },

    async rate(userId: string, id: string, body: HallRateBody): Promise<AppointmentRating> {
      const now = clock()
      return db.transaction(async (tx) => {
        const visit = await ownVisit(tx, userId, id, true)
        if (await repo.ratingOf(tx, 'appointment', id)) throw new AppError(409, 'ALREADY_RATED', ALREADY_RATED)
        const refusal = hallRatingRefusal({ status: visit.status, endsAt: visit.ends_at }, now)
        if (refusal) throw new AppError(409, 'RATING_CLOSED', refusal)
        const subject = { kind: 'appointment' as const, id, departmentCode: visit.department_code, hallId: visit.hall_id, alreadyRated: ALREADY_RATED }
        await writeRating(ctx, tx, subject, userId, body, now)
        return view(tx, visit, now)
      })
    },

    async requestRectification(userId: string, requestId: string): Promise<SubjectRectification> {
      if ((await repo.requestOwner(db, requestId)) !== userId) throw notFound('找不到该诉求')
      const rect = await repo.rectificationOfSubject(db, 'request', requestId)
      return { rectification: rect ? toRectification(rect) : null }
    },

    async verdict(userId: string, id: string, verdict: Verdict): Promise<Rectification> {
      const now = clock()
      return db.transaction(async (tx) => {
        const rect = await repo.rectification(tx, id, true)
        if (!rect || rect.user_id !== userId) throw notFound('找不到该整改记录')
        if (!rect.done_at) throw new AppError(409, 'RECTIFICATION_STATE', '部门尚未完成整改，完成后可以评价整改结果')
        if (!(await repo.setVerdict(tx, id, verdict, now))) throw new AppError(409, 'RECTIFICATION_STATE', '已经评价过这次整改')
        await audit(tx, { actorKind: 'resident', actorId: userId, action: 'rating.rectification_verdict', target: `rectification:${id}`, detail: { verdict }, at: now })
        return toRectification((await repo.rectification(tx, id)) as NonNullable<typeof rect>)
      })
    },
  }
}
