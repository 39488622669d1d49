// The working-day calendar of the mainland: statutory holidays, 调休 make-up working days and weekends,
// in Asia/Shanghai time. Used by the app and the server alike (appointment slots, 12345 deadlines).
//
// The holiday data comes from `chinese-days` (maintained, updated each November when the State Council
// publishes the next year's schedule). For a year the package does not know yet, every weekday counts as
// a working day; `calendarCovers(year)` tells the caller, so a deadline far ahead can be flagged.
//
// Asia/Shanghai has had no daylight saving since 1991, so a fixed +08:00 offset is exact; that keeps this
// file free of Intl time-zone data, which some mini-program runtimes lack.
import { getDayDetail, isWorkday } from 'chinese-days'

/** Milliseconds of Asia/Shanghai's fixed UTC offset. */
export const SHANGHAI_OFFSET_MS = 8 * 3600_000
const DAY_MS = 86_400_000
const YMD = /^(\d{4})-(\d{2})-(\d{2})$/

/** The Asia/Shanghai calendar date (YYYY-MM-DD) of an instant. */
export function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10)
}

/** The instant of `hh:mm` Asia/Shanghai on `date` (YYYY-MM-DD). */
export function shanghaiTime(date: string, hhmm = '00:00'): Date {
  const m = YMD.exec(date)
  if (!m) throw new RangeError(`not a date: ${date}`)
  const [h, min] = hhmm.split(':').map(Number)
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), h, min) - SHANGHAI_OFFSET_MS)
}

/** `date` (YYYY-MM-DD) moved by `days` calendar days. */
export function addCalendarDays(date: string, days: number): string {
  return new Date(shanghaiTime(date).getTime() + SHANGHAI_OFFSET_MS + days * DAY_MS).toISOString().slice(0, 10)
}

/** True when chinese-days knows the statutory holidays of `year` (New Year's Day is always one). */
export function calendarCovers(year: number): boolean {
  return !isWorkday(`${year}-01-01`)
}

/** Whether `date` (YYYY-MM-DD) is a working day: weekdays that are not holidays, plus 调休 make-up days. */
export function isWorkingDay(date: string): boolean {
  return isWorkday(date)
}

/** What the day is: 工作日, 休息日, the holiday's name, or 调休上班. */
export function dayKind(date: string): { working: boolean; label: string } {
  const detail = getDayDetail(date)
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay()
  const weekend = weekday === 0 || weekday === 6
  // chinese-days names holiday-related days "English,中文,n"; plain days carry the English weekday.
  const holidayName = detail.name.includes(',') ? detail.name.split(',')[1] : ''
  if (detail.work) return { working: true, label: weekend && holidayName ? '调休上班' : '工作日' }
  return { working: false, label: holidayName || '休息日' }
}

/** The next `count` working days strictly after `date` (or from it when `inclusive`). */
export function nextWorkingDays(date: string, count: number, inclusive = false): string[] {
  const out: string[] = []
  let d = inclusive ? date : addCalendarDays(date, 1)
  // A year has no run of non-working days longer than ~10; the bound only guards bad input.
  for (let guard = 0; out.length < count && guard < count + 400; guard++) {
    if (isWorkingDay(d)) out.push(d)
    d = addCalendarDays(d, 1)
  }
  return out
}

/**
 * The deadline `days` working days after `start`: the end (24:00 Asia/Shanghai) of the `days`-th working
 * day after the start's own date. A request filed on Friday with 2 working days is due at the end of the
 * following Tuesday; one filed on 30 September 2026 with 2 days is due at the end of 9 October (the
 * National Day holiday does not count, the 调休 Saturday 10 October would be the 3rd).
 */
export function addWorkingDays(start: Date, days: number): Date {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`working days must be a whole number ≥ 0: ${days}`)
  const today = shanghaiDate(start)
  if (days === 0) return shanghaiTime(addCalendarDays(today, 1))
  const last = nextWorkingDays(today, days)[days - 1]
  return shanghaiTime(addCalendarDays(last, 1))
}

/** Working days from the date of `from` (exclusive) to the date of `to` (inclusive); 0 when `to` is not later. */
export function workingDaysBetween(from: Date, to: Date): number {
  const a = shanghaiDate(from)
  const b = shanghaiDate(to)
  let n = 0
  for (let d = addCalendarDays(a, 1); d <= b; d = addCalendarDays(d, 1)) if (isWorkingDay(d)) n++
  return n
}

/** Milliseconds of working days (whole days, Asia/Shanghai) between two instants. */
export function workingMsBetween(from: Date, to: Date): number {
  if (to <= from) return 0
  let total = 0
  let day = shanghaiDate(from)
  for (let guard = 0; guard < 2000; guard++) {
    const dayStart = shanghaiTime(day).getTime()
    const dayEnd = dayStart + DAY_MS
    if (dayStart >= to.getTime()) break
    if (isWorkingDay(day)) total += Math.min(dayEnd, to.getTime()) - Math.max(dayStart, from.getTime())
    day = addCalendarDays(day, 1)
  }
  return total
}

/**
 * The instant at which `share` (0–1) of the working time from `start` to `deadline` has passed: the 80 %
 * warning of a 12345 request is stored as this instant, so a job only compares timestamps.
 */
export function workingShareInstant(start: Date, deadline: Date, share: number): Date {
  const target = workingMsBetween(start, deadline) * share
  let done = 0
  let day = shanghaiDate(start)
  for (let guard = 0; guard < 2000; guard++) {
    const dayStart = Math.max(shanghaiTime(day).getTime(), start.getTime())
    const dayEnd = shanghaiTime(day).getTime() + DAY_MS
    if (isWorkingDay(day)) {
      const span = dayEnd - dayStart
      if (done + span >= target) return new Date(dayStart + (target - done))
      done += span
    }
    if (dayEnd >= deadline.getTime()) break
    day = addCalendarDays(day, 1)
  }
  return deadline
}
