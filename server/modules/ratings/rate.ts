// Writing one resident's rating of a hall visit or a 办件, inside the caller's transaction: the photo check, the rating
// row (one per subject), the 整改 order a 差评 opens for the responsible department, and the audit row.
import { randomUUID } from 'node:crypto'
import type { HallRateBody, OnlineRateBody } from '@contract/ratings'
import { isBadLevel, rectifyDeadline } from '@domain/ratings'
import { audit } from '../../auth'
import type { Queryable } from '../../db'
import { AppError } from '../../errors'
import type { RatingsContext } from './context'
import { ratingsRepo as repo, type RatedKind } from './repo'

export interface RatedSubject {
  kind: RatedKind
  id: string
  /** The department that answers for it (and receives the 整改 of a 差评); the hall for a visit. */
  departmentCode: string
  hallId: string | null
  /** 409 ALREADY_RATED in the subject's words. */
  alreadyRated: string
}

/** Writes the rating (the caller checked ownership and the window); answers the 整改 order's id, if one opened. */
export async function writeRating(
  ctx: RatingsContext,
  tx: Queryable,
  subject: RatedSubject,
  userId: string,
  body: HallRateBody | OnlineRateBody,
  now: Date,
): Promise<string | null> {
  if (body.photo && !(await repo.photoUsable(tx, body.photo, userId))) {
    throw new AppError(400, 'PHOTO_INVALID', '照片无效或已被使用，请重新上传')
  }
  const ratingId = randomUUID()
  const inserted = await repo.insertRating(tx, {
    id: ratingId,
    subjectKind: subject.kind,
    subjectId: subject.id,
    userId,
    departmentCode: subject.departmentCode,
    hallId: subject.hallId,
    level: body.level,
    resolved: body.resolved ?? null,
    indicators: body.indicators,
    comment: body.comment?.trim() || null,
    photoId: body.photo ?? null,
    isDefault: false,
    ratedAt: now,
  })
  if (!inserted) throw new AppError(409, 'ALREADY_RATED', subject.alreadyRated)
  let rectificationId: string | null = null
  if (isBadLevel(body.level)) {
    rectificationId = randomUUID()
    await repo.insertRectification(tx, {
      id: rectificationId,
      subjectKind: subject.kind,
      subjectId: subject.id,
      ratingRef: ratingId,
      departmentCode: subject.departmentCode,
      hallId: subject.hallId,
      userId,
      level: body.level,
      ratedAt: now,
      openedAt: now,
      deadline: rectifyDeadline(now, ctx.rectifyDays),
    })
  }
  await audit(tx, {
    actorKind: 'resident',
    actorId: userId,
    action: 'rating.rate',
    target: `${subject.kind}:${subject.id}`,
    detail: { level: body.level, rectificationId },
    at: now,
  })
  return rectificationId
}
