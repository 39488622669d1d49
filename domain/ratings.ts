// 好差评 rules shared by the app and the server (国办发〔2019〕51号, GB/T 39734/39735, Guangdong's rules): the five levels
// and their labels, the rating window, the 差评 threshold, the default rating, the hall and online indicators, when a
// hall visit or a 办件 may be rated, the 整改 deadline and how urgent an open 整改 is.
import { addWorkingDays } from './calendar'
import { RATING_LABEL } from './workorder'

export { RATING_LABEL }

/** The five levels, best first (the order the rating form shows). */
export const RATING_LEVELS = [5, 4, 3, 2, 1] as const

/** Days after an item ends during which it may be rated; then the default applies. */
export const RATING_WINDOW_DAYS = 7

/** The level given when nobody rated within the window: 基本满意. */
export const DEFAULT_LEVEL = 3

/** Levels at or below this are 差评 and open a 整改 order. */
export const BAD_LEVEL_MAX = 2

/** Working days a department has for a 整改 unless RECTIFY_DAYS says otherwise. */
export const DEFAULT_RECTIFY_DAYS = 5

/** What is rated in the ratings table: a hall visit (一次一评) or a 办件 (一事一评). */
export type RatingSubjectKind = 'appointment' | 'application'

/** The indicators a hall visit (一次一评) asks, each 1–5. */
export const HALL_INDICATORS = ['overall', 'speed', 'service', 'attitude'] as const
export type HallIndicator = (typeof HALL_INDICATORS)[number]
/** The national indicators of online service a 办件 (一事一评) asks, each 1–5. */
export const ONLINE_INDICATORS = ['overall', 'speed', 'guide', 'convenience'] as const
export type OnlineIndicator = (typeof ONLINE_INDICATORS)[number]
export type Indicator = HallIndicator | OnlineIndicator
export const INDICATOR_LABEL: Record<Indicator, string> = {
  overall: '总体评价',
  speed: '办事效率',
  service: '服务质量',
  attitude: '服务态度',
  guide: '指南准确',
  convenience: '便捷程度',
}

/** The indicators a subject asks, in the order the form shows them. */
export function indicatorsOf(kind: RatingSubjectKind): readonly Indicator[] {
  return kind === 'application' ? ONLINE_INDICATORS : HALL_INDICATORS
}

/** A rating's indicator answers as shown (label and score), whichever set it has, in the form's order. */
export function indicatorScores(indicators: object | null | undefined): { key: Indicator; label: string; score: number }[] {
  if (!indicators) return []
  const answers = indicators as Partial<Record<Indicator, number>>
  const order: readonly Indicator[] = 'guide' in answers || 'convenience' in answers ? ONLINE_INDICATORS : HALL_INDICATORS
  return order.filter((key) => typeof answers[key] === 'number').map((key) => ({ key, label: INDICATOR_LABEL[key], score: answers[key] as number }))
}

/** 回访 (contact with the resident) methods and their labels. */
export const CONTACT_METHODS = ['phone', 'sms', 'visit', 'other'] as const
export type ContactMethod = (typeof CONTACT_METHODS)[number]
export const CONTACT_METHOD_LABEL: Record<ContactMethod, string> = { phone: '电话', sms: '短信', visit: '上门', other: '其他' }

export const isBadLevel = (level: number): boolean => level <= BAD_LEVEL_MAX

/** Satisfied for the figures: 非常满意, 满意, 基本满意. */
export const isSatisfiedLevel = (level: number): boolean => level >= DEFAULT_LEVEL

/** The last instant an item that ended at `endedAt` may be rated; the default rating is dated at this instant. */
export function ratingClosesAt(endedAt: Date): Date {
  return new Date(endedAt.getTime() + RATING_WINDOW_DAYS * 86_400_000)
}

/** Why a hall visit cannot be rated now, in the words the resident reads; null when it can. */
export function hallRatingRefusal(visit: { status: string; endsAt: Date }, now: Date): string | null {
  if (visit.status !== 'checked_in') return '只有已签到办理的预约可以评价'
  if (now.getTime() > ratingClosesAt(visit.endsAt).getTime()) return `办理结束后 ${RATING_WINDOW_DAYS} 天内可以评价，现已超过评价期限（已默认为“基本满意”）`
  return null
}

/** The 办件 statuses in which it has ended (decided): from then on it may be rated. */
export const ENDED_APPLICATION_STATUSES = ['approved', 'rejected', 'denied'] as const

export const isEndedApplication = (status: string): boolean => (ENDED_APPLICATION_STATUSES as readonly string[]).includes(status)

/** Why a 办件 cannot be rated now, in the words the resident reads; null when it can (一事一评 after it ended). */
export function applicationRatingRefusal(application: { status: string; decidedAt: Date | null }, now: Date): string | null {
  if (!isEndedApplication(application.status) || !application.decidedAt) return '办件办结后才可以评价'
  if (now.getTime() > ratingClosesAt(application.decidedAt).getTime()) {
    return `办结后 ${RATING_WINDOW_DAYS} 天内可以评价，现已超过评价期限（已默认为“基本满意”）`
  }
  return null
}

/** A 整改 order's deadline: `days` working days after it opens (domain/calendar). */
export function rectifyDeadline(openedAt: Date, days: number = DEFAULT_RECTIFY_DAYS): Date {
  return addWorkingDays(openedAt, days)
}

export type RectifyUrgency = 'normal' | 'due-soon' | 'overdue'
export const URGENCY_LABEL: Record<RectifyUrgency, string> = { normal: '办理中', 'due-soon': '临期', overdue: '超期' }

/** Within this long of its deadline an open 整改 is 临期. */
export const DUE_SOON_MS = 24 * 3600_000

/** How urgent an open 整改 is now. */
export function rectifyUrgency(deadline: Date, now: Date): RectifyUrgency {
  const left = deadline.getTime() - now.getTime()
  if (left < 0) return 'overdue'
  return left <= DUE_SOON_MS ? 'due-soon' : 'normal'
}

/** A rate as the public page shows it: null when nothing was counted. */
export function rateOf(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : Math.round((numerator / denominator) * 1000) / 1000
}
