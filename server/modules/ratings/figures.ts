// The public 好差评 figures (GET /api/public/ratings): for the last 12 months, per department (hall visits by the
// service's department, 办件 by the deciding department, 12345 requests by the handling department) and per hall: counts by level, defaults apart,
// 满意率 (levels 5–3 ÷ all counted), 差评 and 差评整改率 (整改 done ÷ 差评). Only counts leave this file.
import type { PublicRatings, RatingFigures } from '@contract/ratings'
import { addCalendarDays, shanghaiDate, shanghaiTime } from '@domain/calendar'
import { RATING_LABEL, RATING_LEVELS, isBadLevel, isSatisfiedLevel, rateOf } from '@domain/ratings'
import type { Db } from '../../db'
import { figuresRepo, type FigureGroup } from './figures.repo'

/** The first day of the 12-month period ending on `today` (same day a year earlier, plus one). */
export function periodStart(today: string): string {
  const [y, m, d] = today.split('-').map(Number)
  const back = new Date(Date.UTC(y - 1, m - 1, d))
  return addCalendarDays(back.toISOString().slice(0, 10), 1)
}

function figuresOf(groups: FigureGroup[]): RatingFigures {
  const byLevel = new Map<number, number>()
  let total = 0
  let defaults = 0
  let satisfied = 0
  let bad = 0
  let rectified = 0
  for (const g of groups) {
    total += g.n
    byLevel.set(g.level, (byLevel.get(g.level) ?? 0) + g.n)
    if (g.is_default) defaults += g.n
    if (isSatisfiedLevel(g.level)) satisfied += g.n
    if (isBadLevel(g.level)) {
      bad += g.n
      if (g.rectified) rectified += g.n
    }
  }
  return {
    byLevel: RATING_LEVELS.map((level) => ({ level, label: RATING_LABEL[level], count: byLevel.get(level) ?? 0 })),
    total,
    defaults,
    satisfaction: rateOf(satisfied, total),
    bad,
    rectified,
    rectifyRate: rateOf(rectified, bad),
  }
}

export async function publicRatings(db: Db, now: Date): Promise<PublicRatings> {
  const to = shanghaiDate(now)
  const from = periodStart(to)
  const groups = await figuresRepo.groups(db, shanghaiTime(from), shanghaiTime(addCalendarDays(to, 1)))
  const departments = await figuresRepo.departments(db)
  const halls = await figuresRepo.halls(db)
  return {
    from,
    to,
    departments: departments
      .map((d) => ({ code: d.code, name: d.name, figures: figuresOf(groups.filter((g) => g.department_code === d.code)) }))
      .filter((d) => d.figures.total > 0),
    halls: halls.map((h) => ({ id: h.id, name: h.name, district: h.district, figures: figuresOf(groups.filter((g) => g.hall_id === h.id)) })),
  }
}
