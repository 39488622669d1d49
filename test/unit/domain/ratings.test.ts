// 好差评 rules: labels, the 7-day window, 差评, the 整改 deadline in working days and its urgency.
import { addWorkingDays } from '@domain/calendar'
import {
  DEFAULT_LEVEL,
  RATING_LABEL,
  RATING_LEVELS,
  hallRatingRefusal,
  isBadLevel,
  isSatisfiedLevel,
  rateOf,
  ratingClosesAt,
  rectifyDeadline,
  rectifyUrgency,
} from '@domain/ratings'

const ENDED = new Date('2026-11-02T02:00:00Z')
const HOUR = 3600_000

test('five levels with the national labels, best first; 差评 is 1–2, satisfied is 3–5, the default is 基本满意', () => {
  expect(RATING_LEVELS.map((l) => RATING_LABEL[l])).toEqual(['非常满意', '满意', '基本满意', '不满意', '非常不满意'])
  expect(RATING_LEVELS.filter(isBadLevel)).toEqual([2, 1])
  expect(RATING_LEVELS.filter(isSatisfiedLevel)).toEqual([5, 4, 3])
  expect(RATING_LABEL[DEFAULT_LEVEL]).toBe('基本满意')
})

test('a checked-in visit may be rated until 7 days after it ended', () => {
  expect(ratingClosesAt(ENDED).toISOString()).toBe('2026-11-09T02:00:00.000Z')
  expect(hallRatingRefusal({ status: 'checked_in', endsAt: ENDED }, new Date(ENDED.getTime() + 7 * 24 * HOUR))).toBeNull()
  expect(hallRatingRefusal({ status: 'checked_in', endsAt: ENDED }, new Date(ENDED.getTime() + 7 * 24 * HOUR + 1))).toContain('7 天内')
  expect(hallRatingRefusal({ status: 'booked', endsAt: ENDED }, ENDED)).toBe('只有已签到办理的预约可以评价')
  expect(hallRatingRefusal({ status: 'no_show', endsAt: ENDED }, ENDED)).toBe('只有已签到办理的预约可以评价')
})

test('the 整改 deadline counts working days (5 by default) and turns 临期 a day before, 超期 after', () => {
  // Opened on Wednesday 30 September 2026: the National Day holiday does not count.
  const opened = new Date('2026-09-30T02:00:00Z')
  expect(rectifyDeadline(opened)).toEqual(addWorkingDays(opened, 5))
  expect(rectifyDeadline(opened, 2)).toEqual(addWorkingDays(opened, 2))
  const deadline = rectifyDeadline(opened)
  expect(rectifyUrgency(deadline, new Date(deadline.getTime() - 25 * HOUR))).toBe('normal')
  expect(rectifyUrgency(deadline, new Date(deadline.getTime() - 23 * HOUR))).toBe('due-soon')
  expect(rectifyUrgency(deadline, new Date(deadline.getTime() + 1))).toBe('overdue')
})

test('a rate is null when nothing was counted', () => {
  expect(rateOf(0, 0)).toBeNull()
  expect(rateOf(2, 3)).toBe(0.667)
  expect(rateOf(3, 3)).toBe(1)
})
