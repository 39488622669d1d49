// The ratings job (every minute, safe on many nodes): the 7-day default rating (基本满意, marked default) of hall visits,
// of 办件 and of 12345 requests, and a 整改 order for each recent 差评 of a 12345 request (their ratings are written by the
// requests module; the order follows within a minute).
import { randomUUID } from 'node:crypto'
import { BAD_LEVEL_MAX, DEFAULT_LEVEL, RATING_WINDOW_DAYS, rectifyDeadline } from '@domain/ratings'
import { ratingJobsRepo as jobsRepo } from './jobs.repo'
import type { RatingsContext } from './context'
import { ratingsRepo as repo } from './repo'

export const RATINGS_JOB = 'ratings.defaults'
export const RATINGS_JOB_EVERY_MS = 60_000
const BATCH = 500
/** A request 差评 older than this when the job first sees it gets no order (history before this feature). */
const LOOKBACK_MS = 30 * 86_400_000

export interface RatingsJobResult {
  visitDefaults: number
  applicationDefaults: number
  requestDefaults: number
  requestRectifications: number
}

export async function runRatingsJob(ctx: RatingsContext, now: Date): Promise<RatingsJobResult> {
  const { db } = ctx
  const result: RatingsJobResult = { visitDefaults: 0, applicationDefaults: 0, requestDefaults: 0, requestRectifications: 0 }
  for (;;) {
    const n = await jobsRepo.defaultVisits(db, now, RATING_WINDOW_DAYS, DEFAULT_LEVEL, BATCH)
    result.visitDefaults += n
    if (n < BATCH) break
  }
  for (;;) {
    const n = await jobsRepo.defaultApplications(db, now, RATING_WINDOW_DAYS, DEFAULT_LEVEL, BATCH)
    result.applicationDefaults += n
    if (n < BATCH) break
  }
  for (;;) {
    const n = await db.transaction((tx) => jobsRepo.defaultRequests(tx, now, RATING_WINDOW_DAYS, DEFAULT_LEVEL, BATCH))
    result.requestDefaults += n
    if (n < BATCH) break
  }
  const bad = await jobsRepo.badRequestRatings(db, new Date(now.getTime() - LOOKBACK_MS), BAD_LEVEL_MAX, BATCH)
  await db.transaction(async (tx) => {
    for (const b of bad) {
      const opened = await repo.insertRectification(tx, {
        id: randomUUID(),
        subjectKind: 'request',
        subjectId: b.request_id,
        ratingRef: b.update_id,
        departmentCode: b.department_code,
        hallId: null,
        userId: b.user_id,
        level: b.level,
        ratedAt: b.rated_at,
        openedAt: now,
        deadline: rectifyDeadline(now, ctx.rectifyDays),
      })
      if (opened) result.requestRectifications++
    }
  })
  return result
}
