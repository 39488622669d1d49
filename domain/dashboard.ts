// The 一网统管 figures' pure rules: a rate from its numerator and denominator, a department's score and its grade band
// (国办函〔2025〕66号 asks for a graded evaluation, not a bare ranking). The server computes them; the app shows the
// bands' legend from the same constants. Definitions of the figures themselves: README "一网统管 figures".

export interface RateOf {
  numerator: number
  denominator: number
  /** numerator ÷ denominator (0–1), null when nothing was counted. */
  rate: number | null
}

export function rateOf(numerator: number, denominator: number): RateOf {
  return { numerator, denominator, rate: denominator === 0 ? null : numerator / denominator }
}

export type Grade = 'A' | 'B' | 'C' | 'D'

/** Lower bound of each band, best first: A ≥ 95 %, B ≥ 85 %, C ≥ 70 %, D below. */
export const GRADE_BANDS: readonly { grade: Grade; min: number; label: string }[] = [
  { grade: 'A', min: 0.95, label: '优秀' },
  { grade: 'B', min: 0.85, label: '良好' },
  { grade: 'C', min: 0.7, label: '合格' },
  { grade: 'D', min: 0, label: '待改进' },
]

/** The band of a score (0–1); null when there is no score. */
export function gradeOf(score: number | null): Grade | null {
  if (score === null) return null
  return (GRADE_BANDS.find((b) => score >= b.min) ?? GRADE_BANDS[GRADE_BANDS.length - 1]).grade
}

/**
 * A department's score: the mean of the rates it has (响应率, 按时办结率, 满意率, 解决率 — each with equal weight);
 * a rate whose denominator is 0 is left out rather than counted as 0 or 100 %. Null when it has none.
 */
export function departmentScore(rates: readonly RateOf[]): number | null {
  const known = rates.map((r) => r.rate).filter((r): r is number => r !== null)
  return known.length === 0 ? null : known.reduce((s, r) => s + r, 0) / known.length
}

/** A rating level that counts as satisfied: 非常满意 5, 满意 4, 基本满意 3. */
export const SATISFIED_MIN_LEVEL = 3

/** The longest period the dashboard answers for, in days (from and to included). */
export const DASHBOARD_MAX_DAYS = 366
