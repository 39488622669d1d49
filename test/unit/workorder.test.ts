// Unit tests for domain/workorder (the 12345 state machine, deadlines, input checks), the category tree and
// the department suggestion rules.
import {
  allowedStaffActions,
  checkAction,
  closeOverdue,
  deadlinesFor,
  DEFAULT_DEADLINE_RULES,
  DEPARTMENT_QUEUE_STATES,
  DISPATCH_QUEUE_STATES,
  dispatchDeadlineFrom,
  dispatchOverdue,
  extendDeadline,
  formatRequestNumber,
  nextStatus,
  residentCan,
  STATUS_LABEL,
  TRANSITIONS,
  UNDISPATCHED_STATES,
  validateRequestInput,
  warningAt,
  type WorkOrderFacts,
} from '@domain/workorder'
import { categoryLabel, isCategory, REQUEST_CATEGORIES, suggestCategories, suggestCategory } from '@domain/request-categories'
import { DEPARTMENT_RULES, suggestDepartments } from '../../server/modules/requests/departments'
import departments from '../../server/db/seed/departments.json'

const facts = (over: Partial<WorkOrderFacts> = {}): WorkOrderFacts => ({
  status: 'submitted',
  deadline: new Date('2026-10-27T16:00:00Z'),
  departmentCode: null,
  extensionDays: null,
  closedAt: null,
  ratingLevel: null,
  reopened: false,
  lastUrgedAt: null,
  ...over,
})
const at = new Date('2026-10-09T02:00:00Z')
const hotline = { role: 'dispatcher' as const }
const police = { role: 'dept_staff' as const, departmentCode: 'gz-police' }

describe('state machine', () => {
  it('lets the hotline dispatch only what it accepted or got back', () => {
    expect(allowedStaffActions(facts(), hotline, at)).toEqual(['accept', 'refuse', 'answer', 'supervise', 'merge'])
    expect(allowedStaffActions(facts({ status: 'accepted' }), hotline, at)).toEqual(['refuse', 'answer', 'dispatch', 'supervise', 'merge'])
    expect(allowedStaffActions(facts({ status: 'replied', departmentCode: 'gz-police' }), hotline, at)).toEqual(['close', 'send-back', 'supervise'])
    expect(allowedStaffActions(facts({ status: 'closed', closedAt: at }), hotline, at)).toEqual(['revisit'])
  })

  it('gives a department only its own requests, and only its steps', () => {
    const mine = facts({ status: 'signed', departmentCode: 'gz-police' })
    expect(allowedStaffActions(mine, police, at)).toEqual(['reply', 'return', 'request-extension'])
    expect(allowedStaffActions(mine, { role: 'dept_staff', departmentCode: 'gz-tax' }, at)).toEqual([])
    expect(checkAction('sign', facts({ status: 'dispatched', departmentCode: 'gz-tax' }), police, at)).toMatchObject({ ok: false, code: 'ILLEGAL_TRANSITION' })
    expect(checkAction('close', mine, police, at)).toEqual({ ok: false, code: 'ILLEGAL_TRANSITION', message: '当前身份不能执行“办结”' })
  })

  it('explains a refusal with the current state in Chinese', () => {
    expect(checkAction('dispatch', facts(), hotline, at)).toEqual({ ok: false, code: 'ILLEGAL_TRANSITION', message: '诉求当前状态为“已提交”，不能执行“派单”' })
  })

  it('takes one extension request at a time and none after the deadline', () => {
    const signed = facts({ status: 'signed', departmentCode: 'gz-police' })
    expect(checkAction('request-extension', signed, police, at).ok).toBe(true)
    expect(checkAction('request-extension', { ...signed, extensionDays: 3 }, police, at).ok).toBe(false)
    expect(checkAction('request-extension', signed, police, new Date('2026-10-28T00:00:00Z')).ok).toBe(false)
    expect(checkAction('approve-extension', signed, hotline, at)).toMatchObject({ ok: false, message: '没有待审核的延期申请' })
  })

  it('lets the resident urge after the deadline, rate for 7 days, and reopen once after an unsatisfied rating', () => {
    const open = facts({ status: 'processing', departmentCode: 'gz-police' })
    expect(residentCan(open, at)).toEqual({ supplement: true, urge: false, rate: false, reopen: false })
    expect(residentCan(open, new Date('2026-10-28T00:00:00Z')).urge).toBe(true)
    const closed = facts({ status: 'closed', closedAt: new Date('2026-10-09T06:00:00Z'), departmentCode: 'gz-police' })
    expect(residentCan(closed, new Date('2026-10-16T06:00:00Z')).rate).toBe(true)
    expect(residentCan(closed, new Date('2026-10-16T06:00:01Z')).rate).toBe(false)
    expect(residentCan({ ...closed, status: 'rated', ratingLevel: 3 }, at).reopen).toBe(false)
    expect(residentCan({ ...closed, status: 'rated', ratingLevel: 2 }, at).reopen).toBe(true)
    expect(residentCan({ ...closed, status: 'rated', ratingLevel: 1, reopened: true }, at).reopen).toBe(false)
    expect(nextStatus('reopen', { status: 'rated', departmentCode: 'gz-police' })).toBe('processing')
    expect(nextStatus('reopen', { status: 'rated', departmentCode: null })).toBe('accepted')
  })

  it('names every state and moves only between known states', () => {
    for (const t of Object.values(TRANSITIONS)) {
      for (const s of t.from) expect(STATUS_LABEL[s]).toBeTruthy()
      if (t.to) expect(STATUS_LABEL[t.to]).toBeTruthy()
    }
    // Nothing leaves rejected or merged.
    expect(Object.values(TRANSITIONS).some((t) => t.from.includes('rejected') || t.from.includes('merged'))).toBe(false)
  })
})

describe('deadlines in working days', () => {
  it('skips the National Day holiday and counts the 调休 Saturday', () => {
    const filed = new Date('2026-09-30T02:00:00Z')
    expect(deadlinesFor('consult', filed).deadline.toISOString()).toBe('2026-10-09T16:00:00.000Z')
    expect(deadlinesFor('complaint', filed).deadline.toISOString()).toBe('2026-10-27T16:00:00.000Z')
    expect(deadlinesFor('help', filed).dispatchDeadline.toISOString()).toBe('2026-10-08T16:00:00.000Z')
    const custom = deadlinesFor('consult', filed, { close: { consult: 1, help: 1, suggestion: 1, complaint: 1, report: 1 }, dispatch: 1 })
    expect(custom.deadline.toISOString()).toBe('2026-10-08T16:00:00.000Z')
  })

  it('warns at 80 % of the working time', () => {
    const d = deadlinesFor('consult', new Date('2026-11-02T02:00:00Z'))
    expect(d.warnAt.toISOString()).toBe('2026-11-04T03:36:00.000Z')
  })

  it('warns at 80 % of a dispatch clock too, and restarts it from a 退单 or 重办', () => {
    // Monday 10:00 → end of Tuesday: 14 h + 24 h = 38 h; 80 % = 30.4 h → Tuesday 16:24 Asia/Shanghai.
    const start = new Date('2026-11-09T02:00:00Z')
    const dispatchBy = dispatchDeadlineFrom(start)
    expect(dispatchBy.toISOString()).toBe('2026-11-10T16:00:00.000Z')
    expect(warningAt(start, dispatchBy).toISOString()).toBe('2026-11-10T08:24:00.000Z')
    expect(dispatchDeadlineFrom(new Date('2026-09-30T02:00:00Z'), { ...DEFAULT_DEADLINE_RULES, dispatch: 2 }).toISOString()).toBe('2026-10-09T16:00:00.000Z')
  })

  it('counts a request overdue past its close deadline while open, and past its dispatch deadline while undispatched', () => {
    const deadline = new Date('2026-11-10T16:00:00Z')
    const after = new Date('2026-11-10T16:00:01Z')
    expect(closeOverdue('processing', deadline, after)).toBe(true)
    expect(closeOverdue('processing', deadline, deadline)).toBe(false)
    expect(closeOverdue('closed', deadline, after)).toBe(false)
    expect(UNDISPATCHED_STATES.map((s) => dispatchOverdue(s, deadline, after))).toEqual([true, true, true])
    expect(dispatchOverdue('dispatched', deadline, after)).toBe(false)
    // The hotline's queue holds what waits for dispatch and replies to review; no state is in both queues.
    expect(DISPATCH_QUEUE_STATES).toEqual(['submitted', 'accepted', 'returned', 'replied'])
    expect(DISPATCH_QUEUE_STATES.filter((s) => DEPARTMENT_QUEUE_STATES.includes(s))).toEqual([])
  })

  it('extends from the end of the current deadline by whole working days', () => {
    expect(extendDeadline(new Date('2026-10-27T16:00:00Z'), 5).toISOString()).toBe('2026-11-03T16:00:00.000Z')
    expect(extendDeadline(new Date('2026-09-30T16:00:00Z'), 1).toISOString()).toBe('2026-10-08T16:00:00.000Z')
  })
})

describe('input and numbers', () => {
  it('counts characters as people do', () => {
    expect(validateRequestInput({ content: '  太吵了  ' })).toEqual({ ok: false, field: 'content', message: '诉求内容至少需要 10 个字，现在是 3 个字' })
    expect(validateRequestInput({ content: '𠮷'.repeat(10) }).ok).toBe(true)
    expect(validateRequestInput({ content: '一二三四五六七八九十', photos: Array(10).fill('x') })).toMatchObject({ ok: false, field: 'photos' })
  })

  it('formats 12345-style numbers', () => {
    expect(formatRequestNumber('GZ', '2026-11-24', 1)).toBe('GZ2026112400001')
  })
})

describe('categories and departments', () => {
  it('suggests a category from the words', () => {
    expect(suggestCategory('楼下烧烤店油烟太大，晚上还很吵')?.code).toBe('environment.air')
    // Two matches of equal weight: both are offered for the resident to pick.
    expect(suggestCategories('小区门口有车乱停，堵住消防通道').map((c) => c.code)).toEqual(['public-safety.fire', 'traffic.parking'])
    expect(suggestCategories('违章建筑占用人行道')[0]).toEqual({ code: 'urban.illegal-building', label: '城市管理/违法建设', score: 4 })
    expect(suggestCategory('你好')).toBeNull()
    expect(categoryLabel('traffic.parking')).toBe('交通出行/违章停车')
    expect(isCategory('traffic')).toBe(true)
    expect(isCategory('traffic.nope')).toBe(false)
    expect(JSON.stringify(REQUEST_CATEGORIES).length).toBeLessThan(4000)
  })

  it('suggests departments by category and district, most specific first, all of them real', () => {
    expect(suggestDepartments('environment.noise', '越秀区').map((m) => m.department)).toEqual(['gz-police', 'gz-ecology-environment'])
    expect(suggestDepartments('environment.noise', '天河区').map((m) => m.department)).toEqual(['gz-ecology-environment'])
    expect(suggestDepartments('urban.vendor', null)).toEqual([{ department: 'gz-urban-management', reason: '按诉求分类' }])
    expect(suggestDepartments(null, '天河区')).toEqual([])
    const codes = new Set(departments.departments.map((d) => d.code))
    for (const r of DEPARTMENT_RULES) {
      expect(codes.has(r.department)).toBe(true)
      expect(isCategory(r.category)).toBe(true)
    }
  })
})
