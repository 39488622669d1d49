// 一事一评 of a 办件 (domain/ratings.ts): rateable once ended and for 7 days after the decision, refusals in Chinese,
// the online indicators and how any rating's indicator answers are shown.
import { applicationRatingRefusal, indicatorScores, indicatorsOf, isEndedApplication } from '@domain/ratings'

const decided = new Date('2026-11-02T02:00:00Z')
const DAY = 86_400_000

describe('rating a 办件', () => {
  it('may be rated once approved, rejected or denied, until 7 days after the decision', () => {
    for (const status of ['approved', 'rejected', 'denied']) {
      expect(isEndedApplication(status)).toBe(true)
      expect(applicationRatingRefusal({ status, decidedAt: decided }, decided)).toBeNull()
      expect(applicationRatingRefusal({ status, decidedAt: decided }, new Date(decided.getTime() + 7 * DAY))).toBeNull()
      expect(applicationRatingRefusal({ status, decidedAt: decided }, new Date(decided.getTime() + 7 * DAY + 1))).toBe(
        '办结后 7 天内可以评价，现已超过评价期限（已默认为“基本满意”）',
      )
    }
    for (const status of ['submitted', 'correction', 'accepted']) {
      expect(isEndedApplication(status)).toBe(false)
      expect(applicationRatingRefusal({ status, decidedAt: null }, decided)).toBe('办件办结后才可以评价')
    }
    // A final status without a decision time is not treated as ended.
    expect(applicationRatingRefusal({ status: 'approved', decidedAt: null }, decided)).toBe('办件办结后才可以评价')
  })

  it('asks the national online indicators and shows either set in the form’s order', () => {
    expect(indicatorsOf('application')).toEqual(['overall', 'speed', 'guide', 'convenience'])
    expect(indicatorsOf('appointment')).toEqual(['overall', 'speed', 'service', 'attitude'])
    expect(indicatorScores({ convenience: 2, guide: 3, speed: 4, overall: 5 }).map((i) => `${i.label} ${i.score}`)).toEqual([
      '总体评价 5',
      '办事效率 4',
      '指南准确 3',
      '便捷程度 2',
    ])
    expect(indicatorScores({ overall: 1, speed: 2, service: 3, attitude: 4 }).map((i) => i.label)).toEqual(['总体评价', '办事效率', '服务质量', '服务态度'])
    expect(indicatorScores(null)).toEqual([])
  })
})
