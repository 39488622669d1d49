import {
  addWorkingDays,
  calendarCovers,
  dayKind,
  isWorkingDay,
  nextWorkingDays,
  shanghaiDate,
  shanghaiTime,
  workingDaysBetween,
  workingMsBetween,
  workingShareInstant,
} from '@domain/calendar'

describe('working-day calendar (Asia/Shanghai)', () => {
  test('2026 National Day week is off; the 调休 Saturday 10 October and Sunday 20 September are working days', () => {
    for (const d of ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-07']) expect(isWorkingDay(d)).toBe(false)
    expect(isWorkingDay('2026-10-08')).toBe(true)
    expect(isWorkingDay('2026-10-10')).toBe(true)
    expect(isWorkingDay('2026-09-20')).toBe(true)
    expect(isWorkingDay('2026-10-11')).toBe(false)
    expect(dayKind('2026-10-10')).toEqual({ working: true, label: '调休上班' })
    expect(dayKind('2026-10-02')).toEqual({ working: false, label: '国庆节' })
    expect(dayKind('2026-11-28')).toEqual({ working: false, label: '休息日' })
  })

  test('dates are taken in Asia/Shanghai, not UTC', () => {
    // 2026-09-30 17:00 UTC is already 1 October 01:00 in Guangdong.
    expect(shanghaiDate(new Date('2026-09-30T17:00:00Z'))).toBe('2026-10-01')
    expect(shanghaiTime('2026-10-08', '09:30').toISOString()).toBe('2026-10-08T01:30:00.000Z')
  })

  test('the next working days skip the holiday and include the make-up Saturday', () => {
    expect(nextWorkingDays('2026-09-29', 4)).toEqual(['2026-09-30', '2026-10-08', '2026-10-09', '2026-10-10'])
    expect(nextWorkingDays('2026-09-30', 1, true)).toEqual(['2026-09-30'])
  })

  test('a deadline of working days spans the National Day holiday', () => {
    const filed = new Date('2026-09-30T02:00:00Z') // 30 Sep 10:00
    expect(addWorkingDays(filed, 1).toISOString()).toBe('2026-10-08T16:00:00.000Z') // end of 8 Oct
    expect(addWorkingDays(filed, 2).toISOString()).toBe('2026-10-09T16:00:00.000Z')
    expect(addWorkingDays(filed, 3).toISOString()).toBe('2026-10-10T16:00:00.000Z') // the 调休 Saturday
    // A Friday filing with 2 working days is due at the end of Tuesday.
    expect(shanghaiDate(new Date(addWorkingDays(new Date('2026-11-20T03:00:00Z'), 2).getTime() - 1))).toBe('2026-11-24')
    expect(workingDaysBetween(filed, new Date(addWorkingDays(filed, 15).getTime() - 1))).toBe(15)
  })

  test('working time and the 80 % instant ignore holidays', () => {
    const start = shanghaiTime('2026-09-30', '12:00')
    const deadline = addWorkingDays(start, 2) // end of 9 Oct
    expect(workingMsBetween(start, deadline)).toBe(2.5 * 86_400_000)
    const warn = workingShareInstant(start, deadline, 0.8)
    expect(warn.toISOString()).toBe(shanghaiTime('2026-10-09', '12:00').toISOString())
  })

  test('it knows which years it has holiday data for', () => {
    expect(calendarCovers(2026)).toBe(true)
    expect(() => addWorkingDays(new Date(), -1)).toThrow(RangeError)
  })
})
