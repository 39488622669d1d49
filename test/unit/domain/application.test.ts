// The 办件 state machine and its clock (domain/application.ts): which step is legal where, the promised date across
// the National Day holiday, the clock stopped during 补正, 临期/超期 marks and a bundle's progress.
import {
  bundleProgress,
  checkApplicationAction,
  deadlineMark,
  promisedDate,
  resumedDeadline,
  staffActionsIn,
  workingDaysLeft,
  type ApplicationAction,
  type ApplicationStatus,
} from '@domain/application'

const STATUSES: ApplicationStatus[] = ['submitted', 'correction', 'accepted', 'rejected', 'approved', 'denied']

describe('the 办件 state machine', () => {
  it('allows exactly these steps', () => {
    const legal: Record<ApplicationStatus, ApplicationAction[]> = {
      submitted: ['accept', 'request-correction', 'reject'],
      correction: ['correct'],
      accepted: ['request-correction', 'approve', 'deny'],
      rejected: [],
      approved: [],
      denied: [],
    }
    const all: ApplicationAction[] = ['submit', 'accept', 'request-correction', 'reject', 'approve', 'deny', 'correct']
    for (const status of STATUSES) {
      expect([status, all.filter((a) => checkApplicationAction(a, status).ok)]).toEqual([status, legal[status]])
    }
    expect(staffActionsIn('accepted')).toEqual(['request-correction', 'approve', 'deny'])
    expect(checkApplicationAction('approve', 'submitted')).toEqual({ ok: false, message: '办件当前为“预审中”，不能准予许可' })
  })

  it('returns a correction to 预审 before 受理 and to 审查 after it', () => {
    expect(checkApplicationAction('correct', 'correction', false)).toEqual({ ok: true, to: 'submitted' })
    expect(checkApplicationAction('correct', 'correction', true)).toEqual({ ok: true, to: 'accepted' })
  })
})

describe('the promised date', () => {
  // 2026-09-30 10:00 Asia/Shanghai; 1–7 October are the holiday, Saturday 10 October a 调休 working day.
  const eve = new Date('2026-09-30T02:00:00Z')

  it('counts working days from 受理 across the National Day holiday', () => {
    expect(promisedDate(eve, 0).toISOString()).toBe('2026-09-30T16:00:00.000Z')
    expect(promisedDate(eve, 1).toISOString()).toBe('2026-10-08T16:00:00.000Z')
    expect(promisedDate(eve, 3).toISOString()).toBe('2026-10-10T16:00:00.000Z')
    expect(promisedDate(eve, 5).toISOString()).toBe('2026-10-13T16:00:00.000Z')
  })

  it('stops while waiting for 补正 and starts again with the days left', () => {
    const deadline = promisedDate(eve, 5) // end of 13 October
    const left = workingDaysLeft(new Date('2026-10-09T02:00:00Z'), deadline) // 10, 12, 13
    expect(left).toBe(3)
    expect(resumedDeadline(new Date('2026-10-16T02:00:00Z'), left).toISOString()).toBe('2026-10-21T16:00:00.000Z') // 19, 20, 21
    expect(workingDaysLeft(new Date('2026-10-14T02:00:00Z'), deadline)).toBe(0)
  })

  it('marks 临期 within a working day and 超期 after the deadline, never while waiting for 补正 or once decided', () => {
    const deadline = promisedDate(eve, 5)
    expect(deadlineMark('accepted', deadline, new Date('2026-10-09T02:00:00Z'))).toBeNull()
    expect(deadlineMark('accepted', deadline, new Date('2026-10-12T02:00:00Z'))).toBe('due-soon')
    expect(deadlineMark('accepted', deadline, new Date('2026-10-14T02:00:00Z'))).toBe('overdue')
    expect(deadlineMark('correction', deadline, new Date('2026-10-14T02:00:00Z'))).toBeNull()
    expect(deadlineMark('approved', deadline, new Date('2026-10-14T02:00:00Z'))).toBeNull()
  })

  it('words a bundle as “3 / 5 已办结”', () => {
    expect(bundleProgress(['approved', 'denied', 'rejected', 'accepted', 'submitted']).text).toBe('3 / 5 已办结')
  })
})
