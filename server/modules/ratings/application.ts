// 一事一评 of a 办件: once it ended (approved, rejected, denied) the applicant may rate it for 7 days with the national
// online indicators; a 差评 opens a 整改 order for the deciding department in the same transaction.
import type { ApplicationRating, OnlineRateBody } from '@contract/ratings'
import { applicationRatingRefusal, isEndedApplication, ratingClosesAt } from '@domain/ratings'
import type { Queryable } from '../../db'
import { AppError } from '../../errors'
import { notFound, type RatingsContext } from './context'
import { toRectification, toVisitRating } from './dto'
import { writeRating } from './rate'
import { ratingsRepo as repo, type ApplicationRow } from './repo'

const ALREADY_RATED = '这件办件已经评价过了，每件办件只能评价一次'

const refusalOf = (a: ApplicationRow, now: Date) => applicationRatingRefusal({ status: a.status, decidedAt: a.decided_at }, now)

export function createApplicationRatings(ctx: RatingsContext) {
  const { db, crypto, clock } = ctx

  async function own(tx: Queryable, userId: string, id: string, lock = false): Promise<ApplicationRow> {
    const application = await repo.application(tx, id, lock)
    if (!application || application.user_id !== userId) throw notFound('找不到该办件')
    return application
  }

  async function view(tx: Queryable, a: ApplicationRow, now: Date): Promise<ApplicationRating> {
    const rating = await repo.ratingOf(tx, 'application', a.id)
    const rect = rating ? await repo.rectificationOfSubject(tx, 'application', a.id) : null
    const refusal = rating ? null : refusalOf(a, now)
    return {
      applicationId: a.id,
      rateable: !rating && refusal === null,
      refusal,
      closesAt: isEndedApplication(a.status) && a.decided_at ? ratingClosesAt(a.decided_at).toISOString() : null,
      rating: rating ? toVisitRating(rating, crypto, now) : null,
      rectification: rect ? toRectification(rect) : null,
    }
  }

  return {
    async rating(userId: string, id: string): Promise<ApplicationRating> {
      return view(db, await own(db, userId, id), clock())
    },

    async rate(userId: string, id: string, body: OnlineRateBody): Promise<ApplicationRating> {
      const now = clock()
      return db.transaction(async (tx) => {
        const application = await own(tx, userId, id, true)
        if (await repo.ratingOf(tx, 'application', id)) throw new AppError(409, 'ALREADY_RATED', ALREADY_RATED)
        const refusal = refusalOf(application, now)
        if (refusal) throw new AppError(409, 'RATING_CLOSED', refusal)
        const subject = { kind: 'application' as const, id, departmentCode: application.department_code, hallId: null, alreadyRated: ALREADY_RATED }
        await writeRating(ctx, tx, subject, userId, body, now)
        return view(tx, application, now)
      })
    },
  }
}
