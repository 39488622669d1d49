// Rows of the ratings module as the contract shapes them (types/ratings.ts): what a resident, a clerk and the
// hotline each see. Never a rater's name or phone.
import type { Appeal, Rectification, StaffRectification, VisitRating } from '@contract/ratings'
import { CONTACT_METHOD_LABEL, RATING_LABEL, URGENCY_LABEL, rectifyUrgency } from '@domain/ratings'
import type { DataCrypto } from '../../crypto'
import { photoUrl } from '../uploads/service'
import type { AppealRow, RatingRow, RectificationRow } from './repo'

type Indicators = VisitRating['indicators']

export function toVisitRating(r: RatingRow, crypto: DataCrypto, now: Date): VisitRating {
  return {
    level: r.level,
    levelLabel: RATING_LABEL[r.level],
    indicators: (r.indicators as Indicators) ?? null,
    comment: r.comment,
    resolved: r.resolved,
    photo: r.photo_id ? { id: r.photo_id, url: photoUrl(crypto, r.photo_id, now) } : null,
    isDefault: r.is_default,
    at: r.rated_at.toISOString(),
  }
}

export function toRectification(r: RectificationRow): Rectification {
  return {
    id: r.id,
    status: r.done_at ? 'done' : 'open',
    departmentName: r.department_name,
    openedAt: r.opened_at.toISOString(),
    deadline: r.deadline.toISOString(),
    contact:
      r.contacted_at && r.contact_method
        ? { at: r.contacted_at.toISOString(), method: r.contact_method, methodLabel: CONTACT_METHOD_LABEL[r.contact_method], summary: r.contact_summary ?? '' }
        : null,
    result: r.result,
    doneAt: r.done_at?.toISOString() ?? null,
    verdict: r.verdict,
    verdictAt: r.verdict_at?.toISOString() ?? null,
  }
}

export function toStaffRectification(r: RectificationRow, appeal: AppealRow | undefined, now: Date): StaffRectification {
  const urgency = r.done_at ? 'normal' : rectifyUrgency(r.deadline, now)
  return {
    ...toRectification(r),
    subject: { kind: r.subject_kind, id: r.subject_id, label: r.subject_label },
    departmentCode: r.department_code,
    hallName: r.hall_name,
    level: r.level,
    levelLabel: RATING_LABEL[r.level],
    comment: r.comment,
    indicators: (r.indicators as Indicators) ?? null,
    ratedAt: r.rated_at.toISOString(),
    urgency,
    urgencyLabel: r.done_at ? '已整改' : URGENCY_LABEL[urgency],
    appeal: appeal ? { id: appeal.id, status: appeal.status, reason: appeal.reason, note: appeal.note } : null,
    excluded: r.excluded,
  }
}

export function toAppeal(a: AppealRow, r: RectificationRow): Appeal {
  return {
    id: a.id,
    rectificationId: r.id,
    subject: { kind: r.subject_kind, id: r.subject_id, label: r.subject_label },
    departmentCode: r.department_code,
    departmentName: r.department_name,
    level: r.level,
    levelLabel: RATING_LABEL[r.level],
    comment: r.comment,
    reason: a.reason,
    status: a.status,
    filedAt: a.filed_at.toISOString(),
    decidedAt: a.decided_at?.toISOString() ?? null,
    note: a.note,
  }
}
