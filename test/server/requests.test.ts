// 12345 requests end to end through the API, as each role reads it: filing with idempotency, the whole work-order loop
// with real dates across the 2026 National Day holiday (return, extension, send-back, merge, unsatisfied rating and 重办),
// every illegal transition refused with nothing changed, cross-checks of who sees what, and the deadline job on two nodes.
import sharp from 'sharp'
import type { FiledRequest, QueueItem, RequestDetail, RequestList, StaffRequestDetail, StaffRequestPage, DepartmentSuggestion } from '@contract/request'
import type { Upload } from '@contract/upload'
import { buildApp, type App } from '../../server/app'
import { createSession } from '../../server/auth'
import { createDataCrypto } from '../../server/crypto'
import type { Db } from '../../server/db'
import { seedDemo } from '../../server/db/seed/demo'
import { fileRequest } from '../../server/modules/requests/service'
import { databases, inject, prepareDatabase, testConfig, type Served } from './helpers'
import { multipart } from './multipart'

const KEY = Buffer.alloc(32, 6)
const crypto = createDataCrypto(KEY)
/** The walk spans weeks of app time: sessions are opened at its end so they stay valid (staff sessions last 8 hours). */
const SESSIONS_FROM = new Date('2026-11-30T00:00:00Z')

describe.each(databases())('12345 requests on $name', ({ open }) => {
  let db: Db
  let app: App
  let node2: App
  let api: Served
  // 2026-09-30 10:00 Asia/Shanghai: the eve of the National Day holiday (1–7 October, 调休 Saturday 10 October).
  let now = new Date('2026-09-30T02:00:00Z')
  const tokens: Record<string, string> = {}
  const ids: Record<string, string> = {}

  async function resident(name: string, phone: string): Promise<void> {
    const r = await db.query<{ id: string }>(
      `INSERT INTO users (created_at, level, phone_enc, phone_hmac) VALUES ($1, 1, $2, $3) RETURNING id`,
      [now, crypto.seal('users.phone', phone), crypto.lookup('phone', phone)],
    )
    ids[name] = r.rows[0].id
    tokens[name] = (await createSession(db, { userId: r.rows[0].id, provider: 'sms' }, SESSIONS_FROM)).token
  }

  async function staff(name: string, role: string, displayName: string, departmentCode: string | null): Promise<void> {
    const r = await db.query<{ id: string }>(
      `INSERT INTO staff (username, display_name, password_hash, role, department_code, created_at, updated_at)
       VALUES ($1, $2, 'x', $3, $4, $5, $5) RETURNING id`,
      [name, displayName, role, departmentCode, now],
    )
    ids[name] = r.rows[0].id
    tokens[name] = (await createSession(db, { staffId: r.rows[0].id }, SESSIONS_FROM)).token
  }

  beforeAll(async () => {
    db = await prepareDatabase(await open())
    const config = testConfig({ DATA_KEY: KEY.toString('base64') })
    app = await buildApp({ config, db, clock: () => now, logger: false, crypto })
    node2 = await buildApp({ config, db, clock: () => now, logger: false, crypto })
    await node2.ready()
    api = await inject(app)
    await resident('alice', '13800138000')
    await resident('bob', '13900139000')
    await staff('hotline-1', 'dispatcher', '王派单', null)
    await staff('police-1', 'dept_staff', '李警官', 'gz-police')
    await staff('urban-1', 'dept_staff', '赵城管', 'gz-urban-management')
  })
  afterAll(async () => {
    await api?.close()
    await node2?.close()
    await db?.close()
  })

  const as = (who: string) => ({ authorization: `Bearer ${tokens[who]}` })
  let keyN = 0
  const file = (who: string, body: object, key = `key-${++keyN}-abcdef`) =>
    api.request({ method: 'POST', url: '/api/requests', payload: body, headers: { ...as(who), 'idempotency-key': key } })
  const mine = (who: string, id: string) => api.request({ url: `/api/requests/${id}`, headers: as(who) })
  const residentDo = (who: string, id: string, action: string, body: object = {}) =>
    api.request({ method: 'POST', url: `/api/requests/${id}/${action}`, payload: body, headers: as(who) })
  const view = (who: string, id: string) => api.request({ url: `/api/staff/requests/${id}`, headers: as(who) })
  const act = (who: string, id: string, body: object) =>
    api.request({ method: 'POST', url: `/api/staff/requests/${id}/actions`, payload: body, headers: as(who) })
  const queue = (who: string, qs = '') => api.request({ url: `/api/staff/requests${qs}`, headers: as(who) })
  const ok = async <T>(p: Promise<{ statusCode: number; body: string; json<U>(): U }>, status = 200): Promise<T> => {
    const res = await p
    if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`)
    return res.json<T>()
  }
  const upload = async (who: string): Promise<Upload> => {
    const jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#36c' } }).jpeg().toBuffer()
    const m = multipart(jpeg, 'photo.jpg')
    return ok<Upload>(api.request({ method: 'POST', url: '/api/uploads', payload: m.payload, headers: { ...as(who), ...m.headers } }), 201)
  }
  /** Everything a refused step must leave untouched. */
  const snapshot = async (id: string) => ({
    row: (await db.query('SELECT * FROM requests WHERE id = $1', [id])).rows[0],
    updates: (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM request_updates WHERE request_id = $1', [id])).rows[0].n,
    audit: (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log')).rows[0].n,
    outbox: (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox')).rows[0].n,
    photos: (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM uploads WHERE request_id IS NOT NULL')).rows[0].n,
  })

  const complaint = {
    type: 'complaint',
    category: 'traffic.parking',
    content: '天河路 123 号门口长期有车辆乱停，堵住消防通道和小区出入口，请尽快处理。',
    location: { lat: 23.1325, lng: 113.3277, address: '天河区天河路 123 号', district: '天河区', street: '天河南街道' },
    anonymous: false,
  }

  it('answers 401 without a session and explains bad input in Chinese', async () => {
    const none = await api.request({ method: 'POST', url: '/api/requests', payload: complaint, headers: { 'idempotency-key': 'abcdefgh1' } })
    expect(none.statusCode).toBe(401)
    expect((await api.request('/api/requests')).statusCode).toBe(401)
    const short = await file('alice', { ...complaint, content: '太吵了' })
    expect(short.statusCode).toBe(400)
    expect(short.json()).toEqual({ code: 'INVALID_REQUEST', message: '诉求内容至少需要 10 个字，现在是 3 个字' })
    const long = await file('alice', { ...complaint, content: '长'.repeat(2001) })
    expect(long.json<{ message: string }>().message).toBe('诉求内容不能超过 2000 个字，现在是 2001 个字')
    const type = await file('alice', { ...complaint, type: 'praise' })
    expect(type.statusCode).toBe(400)
    expect(type.json<{ code: string; message: string }>()).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('type 应为以下之一：consult') })
    const category = await file('alice', { ...complaint, category: 'nope.nope' })
    expect(category.json()).toEqual({ code: 'INVALID_REQUEST', message: '诉求分类不存在，请重新选择' })
    const noKey = await api.request({ method: 'POST', url: '/api/requests', payload: complaint, headers: as('alice') })
    expect(noKey.statusCode).toBe(400)
    expect(noKey.json<{ code: string }>().code).toBe('IDEMPOTENCY_KEY_REQUIRED')
    expect((await db.query('SELECT 1 FROM requests')).rowCount).toBe(0)
  })

  it('files once per Idempotency-Key, even when the retries race, and numbers requests 12345-style', async () => {
    const photo = await upload('alice')
    const body = { ...complaint, photos: [photo.id] }
    const [a, b, c] = await Promise.all([file('alice', body, 'retry-key-0001'), file('alice', body, 'retry-key-0001'), file('alice', body, 'retry-key-0001')])
    const statuses = [a.statusCode, b.statusCode, c.statusCode].sort()
    expect(statuses).toEqual([200, 200, 201])
    const first = a.json<FiledRequest>()
    expect(b.json()).toEqual(first)
    expect(c.json()).toEqual(first)
    expect(first).toEqual({
      id: expect.any(String),
      number: 'GZ2026093000001',
      status: 'submitted',
      // 15 working days: 8, 9, 10 (调休 Saturday), 12–16, 19–23, 26, 27 October → end of 27 October, Asia/Shanghai.
      deadline: '2026-10-27T16:00:00.000Z',
    })
    const again = await file('alice', body, 'retry-key-0001')
    expect(again.statusCode).toBe(200)
    expect(again.json()).toEqual(first)
    const reused = await file('alice', { ...complaint, content: `${complaint.content}（另一件）` }, 'retry-key-0001')
    expect(reused.statusCode).toBe(422)
    expect(reused.json<{ code: string }>().code).toBe('IDEMPOTENCY_KEY_REUSED')
    expect((await db.query('SELECT 1 FROM requests')).rowCount).toBe(1)
    // The same key from another resident is another request.
    const bobs = await ok<FiledRequest>(file('bob', { ...complaint, type: 'help' }, 'retry-key-0001'), 201)
    expect(bobs.number).toBe('GZ2026093000002')
    expect(bobs.deadline).toBe('2026-10-20T16:00:00.000Z') // 10 working days: … 16, 19, 20 October
    ids.A = first.id
    ids.B = bobs.id
    // The contact phone is sealed at rest.
    const raw = await db.query<{ contact_phone_enc: string }>('SELECT contact_phone_enc FROM requests WHERE id = $1', [first.id])
    expect(raw.rows[0].contact_phone_enc).not.toContain('13800138000')
    expect(crypto.open('requests.contact_phone', raw.rows[0].contact_phone_enc)).toBe('13800138000')
    // A consult filed now is due at the end of 9 October (2 working days after the holiday).
    const consult = await ok<FiledRequest>(file('alice', { type: 'consult', content: '国庆假期后社保卡补办需要带什么材料？' }), 201)
    expect(consult.deadline).toBe('2026-10-09T16:00:00.000Z')
    ids.C = consult.id
  })

  it('shows the resident their list and a detail with the deadline and a resident-only timeline', async () => {
    const list = await ok<RequestList>(api.request({ url: '/api/requests', headers: as('alice') }))
    expect(list.total).toBe(2)
    expect(list.items.map((i) => i.number).sort()).toEqual(['GZ2026093000001', 'GZ2026093000003'])
    const d = await ok<RequestDetail>(mine('alice', ids.A))
    expect(d).toMatchObject({
      number: 'GZ2026093000001',
      typeLabel: '投诉',
      categoryLabel: '交通出行/违章停车',
      status: 'submitted',
      statusLabel: '已提交',
      contactPhone: '138****8000',
      location: complaint.location,
      can: { supplement: true, urge: false, rate: false, reopen: false },
    })
    expect(d.photos).toHaveLength(1)
    expect(d.timeline).toEqual([expect.objectContaining({ action: 'file', toStatus: 'submitted', actor: { kind: 'resident', name: '我' } })])
    // The consult had no category: the server suggested one from the words.
    expect((await ok<RequestDetail>(mine('alice', ids.C))).category).toBe('social.insurance')
  })

  it('keeps residents and departments to their own requests', async () => {
    expect((await mine('bob', ids.A)).statusCode).toBe(404)
    expect((await residentDo('bob', ids.A, 'supplement', { note: '我也看到了' })).statusCode).toBe(404)
    expect((await mine('alice', '00000000-0000-0000-0000-000000000000')).statusCode).toBe(404)
    // A staff token is not a resident session, and a resident token is not staff.
    expect((await mine('hotline-1', ids.A)).statusCode).toBe(401)
    expect((await view('alice', ids.A)).statusCode).toBe(403)
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

  it('lets the resident add information and urge once the deadline has passed', async () => {
    now = new Date('2026-10-21T03:00:00Z')
    const r = await ok<FiledRequest>(file('alice', { type: 'consult', content: '请问新生儿医保怎么办理，需要哪些材料？' }), 201)
    expect(r.deadline).toBe('2026-10-23T16:00:00.000Z')
    const photo = await upload('alice')
    const d = await ok<RequestDetail>(residentDo('alice', r.id, 'supplement', { note: '孩子户口在番禺区', photos: [photo.id] }))
    expect(d.timeline.at(-1)).toMatchObject({ action: 'supplement', note: '孩子户口在番禺区', actor: { name: '我' }, photos: [{ id: photo.id }] })
    const early = await residentDo('alice', r.id, 'urge')
    expect(early.json()).toEqual({ code: 'URGE_NOT_ALLOWED', message: '尚未超过办理时限，超期后才能催办' })
    now = new Date('2026-10-23T16:00:01Z')
    const urged = await ok<RequestDetail>(residentDo('alice', r.id, 'urge', {}))
    expect(urged).toMatchObject({ overdue: true, can: { urge: false } })
    expect((await residentDo('alice', r.id, 'urge')).json<{ message: string }>().message).toBe('已催办，24 小时内不能重复催办')
    const staffView = await ok<StaffRequestDetail>(view('hotline-1', r.id))
    expect(staffView.urgeCount).toBe(1)
  })

  it('warns at 80 % and raises 督办 when overdue, once, with two nodes running the job', async () => {
    now = new Date('2026-11-02T02:00:00Z') // Monday 10:00
    const r = await ok<FiledRequest>(file('alice', { type: 'consult', content: '公积金贷款额度怎么计算，有没有上限？' }), 201)
    expect(r.deadline).toBe('2026-11-04T16:00:00.000Z')
    // Dispatched at once, so only the close deadline runs here (the dispatch deadline has its own test below).
    await ok(act('hotline-1', r.id, { action: 'accept' }))
    await ok(act('hotline-1', r.id, { action: 'dispatch', departmentCode: 'gz-police' }))
    const run = async () => Promise.all([app.jobs.run('requests.deadlines'), node2.jobs.run('requests.deadlines')])
    const count = async (action: string) =>
      (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM request_updates WHERE request_id = $1 AND action = $2`, [r.id, action])).rows[0].n
    await run()
    expect(await count('warn')).toBe(0)
    // 80 % of 2 working days from Monday 10:00 (14 h left of Monday + 24 h of Tuesday + 24 h of Wednesday = 62 h) → 49.6 h in.
    now = new Date('2026-11-04T03:36:00Z')
    await run()
    await run()
    expect(await count('warn')).toBe(1)
    const item = (await ok<StaffRequestPage>(queue('hotline-1', '?queue=all'))).items.find((i) => i.id === r.id)
    expect(item).toMatchObject({ warning: true, supervised: false, overdue: false })
    now = new Date('2026-11-04T16:00:01Z')
    await run()
    await run()
    expect(await count('supervise')).toBe(1)
    const overdue = await ok<StaffRequestPage>(queue('hotline-1', '?queue=all&overdue=true'))
    expect(overdue.items.find((i) => i.id === r.id)).toMatchObject({ supervised: true, overdue: true })
    const d = await ok<RequestDetail>(mine('alice', r.id))
    expect(d.timeline.at(-1)).toMatchObject({ action: 'supervise', actor: { kind: 'system', name: '系统' } })
    expect(d.timeline.map((t) => t.action)).not.toContain('warn')
    // A dispatcher may raise 督办 too.
    expect((await ok<StaffRequestDetail>(act('hotline-1', r.id, { action: 'supervise', note: '请今日内办结' }))).supervised).toBe(true)
  })

  it('files through fileRequest for other modules (Open311) into the same loop', async () => {
    now = new Date('2026-11-05T02:00:00Z')
    const ctx = { db, crypto, clock: () => now }
    const input = { type: 'help' as const, content: '井盖松动，车辆经过时响声很大，存在安全隐患。', contactPhone: '13600136000' }
    const one = await fileRequest(ctx, input, { kind: 'partner', partnerId: 'k1' }, 'open311-req-1')
    const two = await fileRequest(ctx, input, { kind: 'partner', partnerId: 'k1' }, 'open311-req-1')
    expect(two).toEqual({ request: one.request, replayed: true })
    expect(one.request.number).toMatch(/^GZ20261105\d{5}$/)
    const s = await ok<StaffRequestDetail>(view('hotline-1', one.request.id))
    expect(s).toMatchObject({ status: 'submitted', category: 'urban.facility', contact: { phone: '136****6000' } })
    expect(s.timeline[0].actor).toEqual({ kind: 'resident', name: '市民' })
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

  it('puts requests in the data export of their resident and drops the contact on erasure', async () => {
    const exported = await ok<{ records: { requests: { number: string }[] } }>(api.request({ url: '/api/me/export', headers: as('alice') }))
    expect(exported.records.requests.map((r) => r.number)).toContain('GZ2026093000001')
    expect((await api.request({ method: 'DELETE', url: '/api/me', headers: as('bob') })).statusCode).toBe(204)
    const left = await db.query<{ contact_phone_enc: string | null }>('SELECT contact_phone_enc FROM requests WHERE user_id = $1', [ids.bob])
    expect(left.rows.length).toBeGreaterThan(0)
    expect(left.rows.every((r) => r.contact_phone_enc === null)).toBe(true)
  })

  it('warns at 80 % of the 1-working-day dispatch time and raises 督办 when not dispatched in time, once on two nodes', async () => {
    now = new Date('2026-11-09T02:00:00Z') // Monday 10:00
    const r = await ok<FiledRequest>(file('alice', { type: 'help', content: '小区二期 3 栋电梯经常停运，老人上下楼很困难。' }), 201)
    const run = async () => Promise.all([app.jobs.run('requests.deadlines'), node2.jobs.run('requests.deadlines')])
    const count = async (action: string) =>
      (
        await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM request_updates WHERE request_id = $1 AND action = $2 AND data->>'stage' = 'dispatch'`,
          [r.id, action],
        )
      ).rows[0].n
    const item = async (qs = '') => (await ok<StaffRequestPage>(queue('hotline-1', `${qs || '?'}&pageSize=100`))).items.find((i) => i.id === r.id)
    // To dispatch by the end of the next working day (Tuesday): 14 h of Monday + 24 h of Tuesday = 38 h; 80 % = 30.4 h.
    expect(await item()).toMatchObject({ dispatchDeadline: '2026-11-10T16:00:00.000Z', warning: false, overdue: false })
    now = new Date('2026-11-10T08:23:59Z')
    await run()
    expect(await count('warn')).toBe(0)
    expect(await item()).toMatchObject({ warning: false })
    now = new Date('2026-11-10T08:24:00Z') // Tuesday 16:24
    await run()
    await run()
    expect(await count('warn')).toBe(1)
    expect(await item()).toMatchObject({ warning: true, overdue: false, supervised: false })
    let s = await ok<StaffRequestDetail>(view('hotline-1', r.id))
    expect(s.timeline.at(-1)).toMatchObject({
      action: 'warn',
      actionLabel: '临期预警',
      note: '已用去 80% 的派单时限，请尽快受理派单',
      actor: { kind: 'system', name: '系统' },
      visibleToResident: false,
    })
    expect((await ok<RequestDetail>(mine('alice', r.id))).timeline.map((t) => t.action)).toEqual(['file'])

    // Accepted is not dispatched: the clock keeps running.
    now = new Date('2026-11-10T10:00:00Z')
    await ok(act('hotline-1', r.id, { action: 'accept' }))
    expect((await ok<StaffRequestPage>(queue('hotline-1', '?overdue=true'))).items.map((i) => i.id)).not.toContain(r.id)
    now = new Date('2026-11-10T16:00:01Z')
    await run()
    await run()
    expect(await count('supervise')).toBe(1)
    expect(await count('warn')).toBe(1)
    expect(await item('?overdue=true')).toMatchObject({ status: 'accepted', overdue: true, supervised: true })
    expect(await item('?overdue=false')).toBeUndefined()
    s = await ok<StaffRequestDetail>(view('hotline-1', r.id))
    expect(s.timeline.at(-1)).toMatchObject({ action: 'supervise', note: '超过派单时限仍未派单，系统自动督办', actor: { kind: 'system' }, visibleToResident: true })
    const d = await ok<RequestDetail>(mine('alice', r.id))
    expect(d.overdue).toBe(false) // 10 working days to close are far from over
    expect(d.timeline.at(-1)).toMatchObject({ action: 'supervise', actor: { kind: 'system', name: '系统' } })

    // Dispatched: no longer overdue, nothing more raised.
    now = new Date('2026-11-11T01:00:00Z')
    await ok(act('hotline-1', r.id, { action: 'dispatch', departmentCode: 'gz-urban-management' }))
    await run()
    expect(await count('supervise')).toBe(1)
    expect((await ok<StaffRequestPage>(queue('hotline-1', '?queue=all&overdue=true'))).items.map((i) => i.id)).not.toContain(r.id)
    expect(await item('?queue=all')).toMatchObject({ status: 'dispatched', overdue: false, warning: false })

    // 退单 gives the hotline a new dispatch clock from the return, warned about and supervised again.
    now = new Date('2026-11-11T02:00:00Z') // Wednesday 10:00
    s = await ok(act('urban-1', r.id, { action: 'return', note: '电梯属市场监管部门职责' }))
    s = await ok(view('hotline-1', r.id))
    expect(s).toMatchObject({ status: 'returned', dispatchDeadline: '2026-11-12T16:00:00.000Z', overdue: false, warning: false })
    await run()
    expect(await count('warn')).toBe(1)
    now = new Date('2026-11-12T08:24:00Z')
    await run()
    await run()
    expect(await count('warn')).toBe(2)
    now = new Date('2026-11-12T16:00:01Z')
    await run()
    await run()
    expect(await count('supervise')).toBe(2)
    expect(await item('?status=returned&overdue=true')).toMatchObject({ overdue: true, supervised: true })
  })

  it('lets a merged request follow a chain of merges to its root, refuses merging into a merged request or a cycle', async () => {
    now = new Date('2026-11-13T02:00:00Z')
    await resident('carol', '13700137000')
    const content = '东风路口信号灯坏了好几天，早晚高峰堵得很厉害，请尽快修复。'
    const P = (await ok<FiledRequest>(file('carol', { type: 'help', content }), 201))
    const Q = (await ok<FiledRequest>(file('alice', { type: 'help', content: `${content}（二）` }), 201))
    const R = (await ok<FiledRequest>(file('alice', { type: 'complaint', content: `${content}（三）` }), 201))
    const tick = (minutes: number) => (now = new Date(now.getTime() + minutes * 60_000))

    tick(1)
    await ok(act('hotline-1', P.id, { action: 'accept' }))
    tick(1)
    await ok(act('hotline-1', P.id, { action: 'merge', targetId: Q.id }))
    // Not into a merged request: the refusal names the request to merge into instead, and changes nothing.
    const before = await snapshot(R.id)
    const into = await act('hotline-1', R.id, { action: 'merge', targetId: P.id })
    expect(into.statusCode).toBe(409)
    expect(into.json()).toEqual({ code: 'MERGE_TARGET_INVALID', message: `${P.number} 已并入 ${Q.number}，不能再作为并案对象，请直接并入 ${Q.number}` })
    expect(await snapshot(R.id)).toEqual(before)

    tick(1)
    await ok(act('hotline-1', Q.id, { action: 'accept' }))
    tick(1)
    // Q (with P following it) is merged into R: P now follows R.
    const q = await ok<StaffRequestDetail>(act('hotline-1', Q.id, { action: 'merge', targetId: R.id }))
    expect(q).toMatchObject({ status: 'merged', mergedInto: { id: R.id, number: R.number } })
    tick(1)
    await ok(act('hotline-1', R.id, { action: 'accept' }))
    // A cycle (R is still mergeable): R into Q (which is merged into R) is refused.
    const cycle = await act('hotline-1', R.id, { action: 'merge', targetId: Q.id })
    expect(cycle.statusCode).toBe(409)
    expect(cycle.json<{ message: string }>().message).toBe(`${Q.number} 已并入 ${R.number}，不能再作为并案对象`)

    tick(1)
    await ok(act('hotline-1', R.id, { action: 'dispatch', departmentCode: 'gz-police' }))

    // Carol's request shows R's status, and the steps of Q and then R since each merge.
    const p = await ok<RequestDetail>(mine('carol', P.id))
    expect(p).toMatchObject({ status: 'merged', mergedInto: { number: R.number, status: 'dispatched', statusLabel: '已派单' }, can: { supplement: false, urge: false } })
    expect(p.timeline.map((t) => [t.action, t.viaNumber ?? null])).toEqual([
      ['file', null],
      ['accept', null],
      ['merge', null],
      ['accept', Q.number],
      ['merge', Q.number],
      ['accept', R.number],
      ['dispatch', R.number],
    ])
    expect(p.timeline[4]).toMatchObject({ relatedNumber: R.number, actor: { kind: 'hotline' } })
    expect(p.timeline[6]).toMatchObject({ departmentName: '市公安局' })
    // Carol heard about R's dispatch too.
    const notices = await db.query<{ data: { number: string; status: string; note?: string } }>(
      `SELECT data FROM outbox WHERE template = 'request_status' AND user_id = $1 ORDER BY id`,
      [ids.carol],
    )
    expect(notices.rows.at(-1)?.data).toMatchObject({ number: P.number, status: '已派单', note: `已并入 ${R.number} 办理` })

    // R's handlers see everyone following it; nobody can act on P any more.
    expect((await ok<StaffRequestDetail>(view('hotline-1', R.id))).merged.map((m) => m.number)).toEqual([P.number, Q.number])
    const staffP = await ok<StaffRequestDetail>(view('hotline-1', P.id))
    expect(staffP.actions).toEqual([])
    for (const body of [{ action: 'accept' }, { action: 'dispatch', departmentCode: 'gz-police' }, { action: 'supervise' }, { action: 'merge', targetId: R.id }]) {
      const res = await act('hotline-1', P.id, body)
      expect(res.statusCode).toBe(409)
    }
    expect((await residentDo('carol', P.id, 'supplement', { note: '早上八点最堵' })).statusCode).toBe(409)

    // Two dispatchers merging two requests into each other at once: one wins, the other is refused, no cycle.
    const S = await ok<FiledRequest>(file('alice', { type: 'help', content: `${content}（四）` }), 201)
    const T = await ok<FiledRequest>(file('alice', { type: 'help', content: `${content}（五）` }), 201)
    await staff('hotline-3', 'dispatcher', '周派单', null)
    const [a, b] = await Promise.all([act('hotline-1', S.id, { action: 'merge', targetId: T.id }), act('hotline-3', T.id, { action: 'merge', targetId: S.id })])
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409])
    const rows = await db.query<{ status: string; merged_into: string | null }>('SELECT status, merged_into FROM requests WHERE id = ANY($1::uuid[])', [[S.id, T.id]])
    expect(rows.rows.filter((x) => x.status === 'merged')).toHaveLength(1)
    expect(rows.rows.filter((x) => x.merged_into === null)).toHaveLength(1)
  })

  it('seeds demo requests into every workbench queue, once', async () => {
    await seedDemo(db)
    await seedDemo(db)
    const r = await db.query<{ status: string; extension_days: number | null; department_code: string | null; source: string }>(
      `SELECT status, extension_days, department_code, source FROM requests WHERE idempotency_scope = 'hotline:demo' ORDER BY filed_at DESC`,
    )
    expect(r.rows.map((x) => x.status)).toEqual(['submitted', 'accepted', 'dispatched', 'replied', 'signed'])
    expect(r.rows[4]).toMatchObject({ extension_days: 3, department_code: 'gz-police', source: 'hotline' })
  })
})
