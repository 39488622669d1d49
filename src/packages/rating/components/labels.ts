// Wording shared by the rating pages: levels as chips, a rate as a percentage, a moment in Beijing time.
import { RATING_LABEL, RATING_LEVELS } from '@domain/ratings'

export const LEVEL_CHOICES = RATING_LEVELS.map((l) => ({ value: String(l), label: RATING_LABEL[l] }))
export const SCORE_CHOICES = RATING_LEVELS.map((l) => ({ value: String(l), label: `${l} 分` }))

export const percent = (rate: number | null): string => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`)

/** e.g. 11月9日 24:00 → shown as 11月10日 00:00 (a deadline is the end of a working day). */
export function moment(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
}
