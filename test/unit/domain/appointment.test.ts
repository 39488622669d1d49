import {
  BOOKING_CODE,
  DEFAULT_BOOKING_RULES,
  blockedMessage,
  blockedUntil,
  bookingCodeFrom,
  bookingRefusal,
  canCancel,
  checkinRefusal,
  dateStrip,
  distanceMetres,
  formatSlotTime,
  isNoShowDue,
  lastBookableDate,
  openPeriods,
  queueLabel,
  slotsForDate,
  type OpeningRules,
} from '@domain/appointment'

const at = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+08:00`)
const HALL: OpeningRules = { periods: [['09:00', '12:00'], ['14:00', '17:30']], slotMinutes: 30 }
const WITH_SATURDAY: OpeningRules = { ...HALL, saturday: [['09:00', '12:00']] }
const DAY = 86_400_000

describe('slots from opening rules on the 2026 calendar', () => {
  test('a working day has 13 half-hour slots in Asia/Shanghai time', () => {
    const slots = slotsForDate('2026-10-08', HALL)
    expect(slots).toHaveLength(13)
    expect(slots[0].start.toISOString()).toBe('2026-10-08T01:00:00.000Z')
    expect(slots[5].end.toISOString()).toBe(at('2026-10-08', '12:00').toISOString())
    expect(slots[6].start.toISOString()).toBe(at('2026-10-08', '14:00').toISOString())
    expect(slots[12].end.toISOString()).toBe(at('2026-10-08', '17:30').toISOString())
  })

  test('National Day week (1–7 October) has none; the 调休 Saturday 10 October and Sunday 20 September are open', () => {
    for (const d of ['2026-10-01', '2026-10-04', '2026-10-07']) expect(slotsForDate(d, WITH_SATURDAY)).toEqual([])
    expect(slotsForDate('2026-10-10', HALL)).toHaveLength(13)
    expect(slotsForDate('2026-09-20', HALL)).toHaveLength(13)
    expect(slotsForDate('2026-10-11', HALL)).toEqual([])
  })

  test('a hall open on Saturdays opens ordinary Saturdays only, never a holiday Saturday', () => {
    expect(openPeriods('2026-11-28', WITH_SATURDAY)).toEqual([['09:00', '12:00']])
    expect(openPeriods('2026-11-28', HALL)).toEqual([])
    expect(openPeriods('2026-10-03', WITH_SATURDAY)).toEqual([])
    // The make-up Saturday is a full working day.
    expect(openPeriods('2026-10-10', WITH_SATURDAY)).toEqual(HALL.periods)
  })
})

describe('booking window', () => {
  const monday = at('2026-09-28', '09:00')

  test('runs to the 7th working day, skipping the holiday week and counting the make-up Saturday', () => {
    expect(lastBookableDate(monday)).toBe('2026-10-13')
    const strip = dateStrip(monday, HALL)
    expect(strip[0]).toMatchObject({ date: '2026-09-28', weekday: '周一', open: true, label: '工作日' })
    expect(strip.find((d) => d.date === '2026-10-02')).toMatchObject({ open: false, label: '国庆节' })
    expect(strip.find((d) => d.date === '2026-10-10')).toMatchObject({ open: true, label: '调休上班' })
    expect(strip.find((d) => d.date === '2026-10-11')).toMatchObject({ open: false, label: '休息日' })
    expect(strip[strip.length - 1].date).toBe('2026-10-13')
  })

  test('needs 2 hours notice and refuses past or too-far slots', () => {
    expect(bookingRefusal(at('2026-09-28', '10:30'), monday)).toBe('TOO_SOON')
    expect(bookingRefusal(at('2026-09-28', '11:00'), monday)).toBeNull()
    expect(bookingRefusal(at('2026-09-28', '08:30'), monday)).toBe('PAST')
    expect(bookingRefusal(at('2026-10-13', '17:00'), monday)).toBeNull()
    expect(bookingRefusal(at('2026-10-14', '09:00'), monday)).toBe('TOO_FAR')
  })
})

describe('cancel, check-in and no-show times', () => {
  const start = at('2026-10-08', '09:00')

  test('cancel until exactly 2 hours before the start', () => {
    expect(canCancel(start, at('2026-10-08', '07:00'))).toBe(true)
    expect(canCancel(start, new Date(at('2026-10-08', '07:00').getTime() + 1))).toBe(false)
  })

  test('check-in opens 30 minutes before and closes 15 minutes after; then it is a no-show', () => {
    expect(checkinRefusal(start, at('2026-10-08', '08:29'))).toBe('CHECKIN_NOT_OPEN')
    expect(checkinRefusal(start, at('2026-10-08', '08:30'))).toBeNull()
    expect(checkinRefusal(start, at('2026-10-08', '09:14'))).toBeNull()
    expect(checkinRefusal(start, at('2026-10-08', '09:15'))).toBe('CHECKIN_CLOSED')
    expect(isNoShowDue(start, at('2026-10-08', '09:14'))).toBe(false)
    expect(isNoShowDue(start, at('2026-10-08', '09:15'))).toBe(true)
  })

  test('3 no-shows within 90 days block for 30 days from the third; spread wider they do not', () => {
    const t0 = at('2026-06-01', '10:00')
    const three = [t0, new Date(t0.getTime() + 40 * DAY), new Date(t0.getTime() + 80 * DAY)]
    const third = three[2]
    expect(blockedUntil(three, new Date(third.getTime() + DAY))?.toISOString()).toBe(new Date(third.getTime() + 30 * DAY).toISOString())
    expect(blockedUntil(three, new Date(third.getTime() + 30 * DAY))).toBeNull()
    const spread = [t0, new Date(t0.getTime() + 50 * DAY), new Date(t0.getTime() + 91 * DAY)]
    expect(blockedUntil(spread, new Date(spread[2].getTime() + DAY))).toBeNull()
    expect(blockedUntil(three.slice(0, 2), third)).toBeNull()
    // Configurable numbers.
    expect(blockedUntil([t0], new Date(t0.getTime() + DAY), { ...DEFAULT_BOOKING_RULES, noShowLimit: 1, blockDays: 7 })?.getTime()).toBe(t0.getTime() + 7 * DAY)
    expect(blockedMessage(new Date(third.getTime() + 30 * DAY))).toBe('因 90 天内 3 次预约未到场，2026年9月19日 10:00 前不能预约')
  })
})

describe('codes and labels', () => {
  test('booking codes use 8 unambiguous characters; queue numbers are A001…', () => {
    const code = bookingCodeFrom([0, 1, 2, 3, 250, 251, 252, 255])
    expect(code).toMatch(BOOKING_CODE)
    expect(code).not.toMatch(/[01OIL]/)
    expect(queueLabel(1)).toBe('A001')
    expect(queueLabel(12)).toBe('A012')
    expect(formatSlotTime(at('2026-10-08', '09:30'))).toBe('2026-10-08 09:30')
  })

  test('distance: the 天河 and 越秀 halls are about 11 km apart', () => {
    const d = distanceMetres({ lat: 23.1702, lng: 113.3717 }, { lat: 23.1325, lng: 113.2658 })
    expect(d).toBeGreaterThan(10_000)
    expect(d).toBeLessThan(12_500)
  })
})
