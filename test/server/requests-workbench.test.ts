// The work-order loop through the staff workbench with real dates across the 2026 National Day holiday (dispatch,
// return, re-dispatch, extension, send-back, merge, close, an unsatisfied rating and 重办), refusing and answering
// directly, every illegal transition refused with nothing changed, anonymous reporters and audited reveals, and two
// clerks acting at once.
import type { FiledRequest, QueueItem, RequestDetail, StaffRequestDetail, StaffRequestPage, DepartmentSuggestion } from '@contract/request'
import type { Db } from '../../server/db'
import { databases, type Served } from './helpers'
import { requestsSuite, START } from './requests-support'

describe.each(databases())('12345 requests: the workbench on $name', ({ open }) => {
  let now = START
  const { world, ids, staff, as, file, mine, residentDo, view, act, queue, ok, upload, snapshot, fileFirstThree } = requestsSuite(open, () => now)
  let db: Db
  let api: Served
  beforeAll(async () => {
    db = world.db
    api = world.api
    await fileFirstThree()
  })

  it('walks a complaint through dispatch, return, re-dispatch, extension, send-back, close, an unsatisfied rating and 重办', async () => {
    const A = ids.A
    const q = await ok<StaffRequestPage>(queue('hotline-1'))
    expect(q.items.map((i) => i.number)).toEqual(['GZ2026093000003', 'GZ2026093000002', 'GZ2026093000001']) // by deadline
    expect(q.items[2]).toMatchObject<Partial<QueueItem>>({ status: 'submitted', dispatchDeadline: '2026-10-08T16:00:00.000Z', district: '天河区' })

    now = new Date('2026-09-30T03:00:00Z')
    let s = await ok<StaffRequestDetail>(act('hotline-1', A, { action: 'accept' }))
    expect(s.status).toBe('accepted')
    expect(s.actions).toEqual(expect.arrayContaining(['dispatch', 'refuse', 'answer', 'merge', 'supervise']))
    const sug = await ok<DepartmentSuggestion>(api.request({ url: `/api/staff/requests/${A}/suggest-department`, headers: as('hotline-1') }))
    expect(sug.items[0]).toEqual({ code: 'gz-police', name: '市公安局', reason: '按诉求分类' })

    s = await ok(act('hotline-1', A, { action: 'dispatch', departmentCode: 'gz-police', note: '请核查处理' }))
    expect(s).toMatchObject({ status: 'dispatched', departmentCode: 'gz-police', departmentName: '市公安局' })
    // Only the police see it among the departments.
    expect((await ok<StaffRequestPage>(queue('police-1'))).items.map((i) => i.id)).toEqual([A])
    expect((await ok<StaffRequestPage>(queue('urban-1'))).items).toEqual([])
    expect((await view('urban-1', A)).statusCode).toBe(404)
    expect((await act('urban-1', A, { action: 'sign' })).statusCode).toBe(404)

    // 退单 by the department: it leaves their queue and returns to the hotline's; the resident does not see it.
    now = new Date('2026-10-08T01:30:00Z')
    s = await ok(act('police-1', A, { action: 'return', note: '该路段属城管管辖' }))
    expect(s.status).toBe('returned')
    expect((await view('police-1', A)).statusCode).toBe(404)
    expect((await ok<StaffRequestPage>(queue('hotline-1', '?status=returned'))).items.map((i) => i.id)).toEqual([A])
    s = await ok(act('hotline-1', A, { action: 'dispatch', departmentCode: 'gz-police', note: '经核实属交警职责，请签收' }))
    expect(s.status).toBe('dispatched')
    s = await ok(act('police-1', A, { action: 'sign' }))
    expect(s.status).toBe('signed')
    expect(s.actions).toEqual(['reply', 'return', 'request-extension'])

    // 延期: 5 working days on top of the end of 27 October → 28, 29, 30 October, 2, 3 November.
    s = await ok(act('police-1', A, { action: 'request-extension', days: 5, note: '需协调物业调取监控' }))
    expect(s).toMatchObject({ status: 'signed', extensionDays: 5 })
    expect((await ok<StaffRequestPage>(queue('hotline-1'))).items.find((i) => i.id === A)?.extensionDays).toBe(5)
    expect((await act('police-1', A, { action: 'request-extension', days: 2, note: '再延' })).statusCode).toBe(409)
    s = await ok(act('hotline-1', A, { action: 'approve-extension' }))
    expect(s).toMatchObject({ extensionDays: null, deadline: '2026-11-03T16:00:00.000Z' })
    s = await ok(act('police-1', A, { action: 'request-extension', days: 3, note: '还需时间' }))
    s = await ok(act('hotline-1', A, { action: 'deny-extension', note: '时限充足，请按期办结' }))
    expect(s).toMatchObject({ extensionDays: null, deadline: '2026-11-03T16:00:00.000Z' })

    // Bob's help request about the same car is merged into A: it follows A from now on.
    s = await ok(act('hotline-1', ids.B, { action: 'accept' }))
    s = await ok(act('hotline-1', ids.B, { action: 'merge', targetId: A }))
    expect(s).toMatchObject({ status: 'merged', mergedInto: { id: A, number: 'GZ2026093000001' } })
    expect((await ok<StaffRequestDetail>(view('hotline-1', A))).merged).toEqual([{ id: ids.B, number: 'GZ2026093000002' }])
    expect((await mine('bob', A)).statusCode).toBe(404)

    // Reply with a photo, sent back once by the hotline, replied again, closed.
    now = new Date('2026-10-09T02:00:00Z')
    const photo = await upload('police-1')
    s = await ok(act('police-1', A, { action: 'reply', note: '已对违停车辆贴单并拖移，已设置隔离桩。', photos: [photo.id] }))
    expect(s.status).toBe('replied')
    s = await ok(act('hotline-1', A, { action: 'send-back', note: '请补充隔离桩设置位置' }))
    expect(s.status).toBe('processing')
    s = await ok(act('police-1', A, { action: 'reply', note: '已对违停车辆贴单并拖移，并在小区出入口两侧设置隔离桩 6 根。' }))
    now = new Date('2026-10-09T06:00:00Z')
    s = await ok(act('hotline-1', A, { action: 'close' }))
    expect(s).toMatchObject({ status: 'closed', closedAt: '2026-10-09T06:00:00.000Z' })

    // Bob sees where the request he filed went, through A.
    const bob = await ok<RequestDetail>(mine('bob', ids.B))
    expect(bob).toMatchObject({ status: 'merged', statusLabel: '已并案', mergedInto: { number: 'GZ2026093000001', status: 'closed', statusLabel: '已办结' } })
    expect(bob.timeline.map((t) => t.action)).toEqual(['file', 'accept', 'merge', 'reply', 'reply', 'close'])
    expect(bob.timeline.at(-1)).toMatchObject({ viaNumber: 'GZ2026093000001', actor: { kind: 'hotline', name: '12345热线' } })

    // The resident's timeline: every visible step, departments by name, never a clerk.
    let d = await ok<RequestDetail>(mine('alice', A))
    expect(d.timeline.map((t) => [t.action, t.toStatus, t.actor.name])).toEqual([
      ['file', 'submitted', '我'],
      ['accept', 'accepted', '12345热线'],
      ['dispatch', 'dispatched', '12345热线'],
      ['dispatch', 'dispatched', '12345热线'],
      ['sign', 'signed', '市公安局'],
      ['approve-extension', 'signed', '12345热线'],
      ['reply', 'replied', '市公安局'],
      ['reply', 'replied', '市公安局'],
      ['close', 'closed', '12345热线'],
    ])
    expect(d.timeline[2]).toMatchObject({ departmentName: '市公安局', at: '2026-09-30T03:00:00.000Z' })
    expect(d.timeline[5]).toMatchObject({ days: 5 })
    expect(d.timeline[6].photos).toHaveLength(1)
    const raw = JSON.stringify(d)
    for (const secret of ['李警官', '王派单', '该路段属城管管辖', '请补充隔离桩设置位置', '需协调物业调取监控']) expect(raw).not.toContain(secret)
    expect(d).toMatchObject({ deadline: '2026-11-03T16:00:00.000Z', rateUntil: '2026-10-16T06:00:00.000Z', can: { rate: true, reopen: false, urge: false } })

    // 不满意 → 重办 once → back to the police, with a new clock from today.
    now = new Date('2026-10-10T02:00:00Z')
    expect((await residentDo('alice', A, 'reopen', { note: '还是有车乱停' })).statusCode).toBe(409)
    d = await ok(residentDo('alice', A, 'rate', { level: 2, comment: '第二天又有车停在门口' }))
    expect(d).toMatchObject({ status: 'rated', rating: { level: 2, comment: '第二天又有车停在门口' }, can: { reopen: true, rate: false } })
    d = await ok(residentDo('alice', A, 'reopen', { note: '第二天又有车停在门口，希望加强巡查' }))
    // 15 working days from Saturday 10 October (a 调休 working day): 12–16, 19–23, 26–30 October → end of 30 October.
    expect(d).toMatchObject({ status: 'processing', reopened: true, deadline: '2026-10-30T16:00:00.000Z', can: { reopen: false, rate: false } })
    expect((await ok<StaffRequestPage>(queue('police-1'))).items.map((i) => i.id)).toEqual([A])
    await ok(act('police-1', A, { action: 'reply', note: '已安排每日两次巡查。' }))
    await ok(act('hotline-1', A, { action: 'close' }))
    d = await ok(residentDo('alice', A, 'rate', { level: 1 }))
    expect(d.can.reopen).toBe(false)
    const again = await residentDo('alice', A, 'reopen', { note: '再来一次' })
    expect(again.statusCode).toBe(409)
    expect(again.json()).toEqual({ code: 'REOPEN_NOT_ALLOWED', message: '每件诉求只能申请一次重办' })

    // Every status change the resident sees queued a notice, once per update row.
    const notices = await db.query<{ data: { number: string; status: string }; dedupe_key: string; user_id: string }>(
      `SELECT data, dedupe_key, user_id FROM outbox WHERE template = 'request_status' ORDER BY id`,
    )
    const alices = notices.rows.filter((n) => n.user_id === ids.alice).map((n) => n.data.status)
    // Internal steps (退单, 退回重办) and the resident's own steps (评价, 重办) send nothing.
    expect(alices).toEqual(['已受理', '已派单', '已派单', '已签收', '已答复', '已答复', '已办结', '已答复', '已办结'])
    expect(notices.rows.filter((n) => n.user_id === ids.bob).map((n) => n.data.number)).toContain('GZ2026093000002')
    expect(new Set(notices.rows.map((n) => n.dedupe_key)).size).toBe(notices.rows.length)

    // Every staff step is audited.
    const audit = await db.query<{ action: string }>(`SELECT action FROM audit_log WHERE target = 'request:GZ2026093000001' ORDER BY id`)
    expect(audit.rows.map((r) => r.action)).toEqual(expect.arrayContaining(['request.accept', 'request.dispatch', 'request.return', 'request.approve-extension', 'request.close']))
  })

  it('refuses (不予受理) and answers directly (直接答复), rating only within 7 days', async () => {
    now = new Date('2026-10-12T02:00:00Z')
    const r1 = await ok<FiledRequest>(file('alice', { type: 'suggestion', content: '建议在天河公园增设一些休息座椅，方便老人。' }), 201)
    const refused = await ok<StaffRequestDetail>(act('hotline-1', r1.id, { action: 'refuse', note: '属公园管理处日常事务，已转告' }))
    expect(refused.status).toBe('rejected')
    expect((await act('hotline-1', r1.id, { action: 'accept' })).statusCode).toBe(409)
    expect((await ok<RequestDetail>(mine('alice', r1.id))).timeline.at(-1)).toMatchObject({ action: 'refuse', note: '属公园管理处日常事务，已转告' })

    const answered = await ok<StaffRequestDetail>(act('hotline-1', ids.C, { action: 'answer', note: '携带身份证到任一社保网点即可补办。' }))
    expect(answered.status).toBe('closed')
    now = new Date('2026-10-19T02:00:01Z')
    const late = await residentDo('alice', ids.C, 'rate', { level: 5 })
    expect(late.statusCode).toBe(409)
    expect(late.json<{ code: string }>().code).toBe('RATE_NOT_ALLOWED')
    // 回访: the hotline calls back and records the rating given on the phone (已评价 / 已回访).
    expect((await act('hotline-1', ids.C, { action: 'revisit' })).json<{ code: string }>().code).toBe('ACTION_INCOMPLETE')
    const visited = await ok<StaffRequestDetail>(act('hotline-1', ids.C, { action: 'revisit', level: 4, note: '电话回访：已按答复补办' }))
    expect(visited).toMatchObject({ status: 'rated', rating: { level: 4, comment: '电话回访：已按答复补办' } })
    const d = await ok<RequestDetail>(mine('alice', ids.C))
    expect(d.timeline.at(-1)).toMatchObject({ action: 'revisit', actionLabel: '回访', level: 4, actor: { kind: 'hotline', name: '12345热线' } })
  })

  it('refuses every illegal transition with 409 and changes nothing', async () => {
    now = new Date('2026-10-20T02:00:00Z')
    const fresh = await ok<FiledRequest>(file('alice', { type: 'report', content: '某小区地下室有人违规给电动车充电，存在火灾隐患。' }), 201)
    const dispatched = await ok<FiledRequest>(file('alice', { type: 'help', content: '小区门口路灯坏了一个星期，晚上很黑。' }), 201)
    await ok(act('hotline-1', dispatched.id, { action: 'accept' }))
    await ok(act('hotline-1', dispatched.id, { action: 'dispatch', departmentCode: 'gz-police' }))
    const closed = ids.C // answered, closed, then rated by phone (回访, level 4)
    const full = { note: '说明', days: 3, departmentCode: 'gz-police', targetId: ids.A }
    const cases: [string, string, object][] = [
      // [who, request, body]
      ['hotline-1', fresh.id, { action: 'dispatch', departmentCode: 'gz-police' }],
      ['hotline-1', fresh.id, { action: 'close' }],
      ['hotline-1', fresh.id, { action: 'send-back', note: '说明' }],
      ['hotline-1', fresh.id, { action: 'approve-extension' }],
      ['hotline-1', fresh.id, { action: 'deny-extension', note: '说明' }],
      ['hotline-1', fresh.id, { action: 'sign' }],
      ['hotline-1', fresh.id, { action: 'reply', note: '说明' }],
      ['hotline-1', fresh.id, { action: 'return', note: '说明' }],
      ['hotline-1', fresh.id, { action: 'request-extension', days: 3, note: '说明' }],
      ['hotline-1', fresh.id, { action: 'revisit', level: 5 }],
      ['hotline-1', dispatched.id, { action: 'accept' }],
      ['hotline-1', dispatched.id, { action: 'merge', targetId: fresh.id }],
      ['hotline-1', dispatched.id, { action: 'refuse', note: '说明' }],
      ['hotline-1', dispatched.id, { action: 'answer', note: '说明' }],
      ['police-1', dispatched.id, { action: 'reply', note: '说明' }],
      ['police-1', dispatched.id, { action: 'request-extension', days: 3, note: '说明' }],
      ['police-1', dispatched.id, { action: 'close' }],
      ['police-1', dispatched.id, { action: 'supervise' }],
      ['police-1', dispatched.id, { action: 'dispatch', departmentCode: 'gz-tax' }],
      ['hotline-1', closed, { action: 'supervise' }],
      ['hotline-1', closed, { action: 'refuse', note: '说明' }],
      ['hotline-1', closed, { action: 'close' }],
      ['hotline-1', closed, { action: 'merge', ...full }],
      ['hotline-1', ids.B, { action: 'dispatch', departmentCode: 'gz-police' }],
    ]
    for (const [who, id, body] of cases) {
      const before = await snapshot(id)
      const res = await act(who, id, body)
      expect([res.statusCode, (body as { action: string }).action, res.json<{ code: string }>().code]).toEqual([409, (body as { action: string }).action, 'ILLEGAL_TRANSITION'])
      expect(res.json<{ message: string }>().message).toMatch(/不能执行“.+”/)
      expect(await snapshot(id)).toEqual(before)
    }
    const residentCases: [string, string, object, string][] = [
      [fresh.id, 'urge', {}, 'URGE_NOT_ALLOWED'],
      [fresh.id, 'rate', { level: 5 }, 'ILLEGAL_TRANSITION'],
      [fresh.id, 'reopen', { note: '重办' }, 'ILLEGAL_TRANSITION'],
      [closed, 'supplement', { note: '补充一点' }, 'ILLEGAL_TRANSITION'],
      [closed, 'urge', {}, 'ILLEGAL_TRANSITION'],
      [closed, 'reopen', { note: '重办' }, 'REOPEN_NOT_ALLOWED'],
      [closed, 'rate', { level: 1 }, 'ILLEGAL_TRANSITION'],
    ]
    for (const [id, action, body, code] of residentCases) {
      const before = await snapshot(id)
      const res = await residentDo('alice', id, action, body)
      expect([action, res.statusCode, res.json<{ code: string }>().code]).toEqual([action, 409, code])
      expect(await snapshot(id)).toEqual(before)
    }
    // A refused step with photos does not keep them attached, and a missing note is a 400 that changes nothing.
    const photo = await upload('police-1')
    const before = await snapshot(dispatched.id)
    expect((await act('police-1', dispatched.id, { action: 'return' })).json<{ code: string }>().code).toBe('ACTION_INCOMPLETE')
    expect((await act('hotline-1', fresh.id, { action: 'accept', photos: ['00000000-0000-4000-8000-000000000000'] })).json<{ code: string }>().code).toBe('PHOTO_INVALID')
    expect((await act('police-1', dispatched.id, { action: 'sign', photos: [photo.id, '00000000-0000-4000-8000-000000000000'] })).statusCode).toBe(400)
    expect(await snapshot(dispatched.id)).toEqual(before)
    expect((await db.query<{ request_id: string | null }>('SELECT request_id FROM uploads WHERE id = $1', [photo.id])).rows[0].request_id).toBeNull()
  })

  it('hides an anonymous reporter from the department, masks contacts, and audits a reveal', async () => {
    now = new Date('2026-10-21T02:00:00Z')
    const anon = await ok<FiledRequest>(
      file('bob', { type: 'report', content: '某餐馆后厨卫生很差，使用过期食材，请查处。', anonymous: true, contactPhone: '13700137000', contactName: '匿名市民' }),
      201,
    )
    await ok(act('hotline-1', anon.id, { action: 'accept' }))
    const hotline = await ok<StaffRequestDetail>(view('hotline-1', anon.id))
    expect(hotline.contact).toEqual({ anonymous: true, name: '匿**民', phone: '137****7000', revealable: true })
    await ok(act('hotline-1', anon.id, { action: 'dispatch', departmentCode: 'gz-police' }))
    const dept = await view('police-1', anon.id)
    expect(dept.json<StaffRequestDetail>().contact).toEqual({ anonymous: true, name: null, phone: null, revealable: false })
    expect(dept.body).not.toContain('7000')
    expect(dept.body).not.toContain(ids.bob)
    const reveal = await api.request({ method: 'POST', url: `/api/staff/requests/${anon.id}/contact`, headers: as('police-1') })
    expect(reveal.statusCode).toBe(403)
    expect(reveal.json<{ code: string }>().code).toBe('ANONYMOUS_CONTACT_HIDDEN')
    // A named request: masked until opened, and the opening is audited.
    const named = await ok<StaffRequestDetail>(view('police-1', ids.A))
    expect(named.contact).toEqual({ anonymous: false, name: null, phone: '138****8000', revealable: true })
    const opened = await ok<{ phone: string }>(api.request({ method: 'POST', url: `/api/staff/requests/${ids.A}/contact`, headers: as('police-1') }))
    expect(opened.phone).toBe('13800138000')
    const audit = await db.query(`SELECT 1 FROM audit_log WHERE action = 'request.reveal_contact' AND actor_id = $1 AND target = 'request:GZ2026093000001'`, [ids['police-1']])
    expect(audit.rowCount).toBe(1)
  })

  it('serializes two clerks acting on one request at once: one wins, the other gets 409', async () => {
    now = new Date('2026-11-06T02:00:00Z')
    const r = await ok<FiledRequest>(file('alice', { type: 'help', content: '楼道的灯坏了很久，老人晚上上下楼很危险。' }), 201)
    await staff('hotline-2', 'dispatcher', '陈派单', null)
    const [a, b] = await Promise.all([act('hotline-1', r.id, { action: 'accept' }), act('hotline-2', r.id, { action: 'accept' })])
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409])
    const n = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM request_updates WHERE request_id = $1 AND action = 'accept'`, [r.id])
    expect(n.rows[0].n).toBe(1)
  })
})
