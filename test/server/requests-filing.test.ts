// 12345 requests filed through the API and by other modules: 401 and bad input explained in Chinese, one request per
// Idempotency-Key even when retries race, 12345-style numbers and deadlines, the resident's list and detail, who sees
// what, filing for Open311 through fileRequest, the data export and erasure, and the demo requests.
import type { FiledRequest, RequestDetail, RequestList, StaffRequestDetail } from '@contract/request'
import type { Db } from '../../server/db'
import { seedDemo } from '../../server/db/seed/demo'
import { fileRequest } from '../../server/modules/requests/service'
import { databases, type Served } from './helpers'
import { complaint, crypto, requestsSuite, START } from './requests-support'
import { fullExport } from './export-code'

describe.each(databases())('12345 requests: filing on $name', ({ open }) => {
  let now = START
  const { world, ids, as, file, mine, residentDo, view, ok, upload } = requestsSuite(open, () => now)
  let db: Db
  let api: Served
  beforeAll(async () => {
    db = world.db
    api = world.api
  })

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

  it('puts requests in the data export of their resident and drops the contact on erasure', async () => {
    const exported = await ok<{ records: { requests: { number: string }[] } }>(fullExport(world.app, as('alice')))
    expect(exported.records.requests.map((r) => r.number)).toContain('GZ2026093000001')
    expect((await api.request({ method: 'DELETE', url: '/api/me', headers: as('bob') })).statusCode).toBe(204)
    const left = await db.query<{ contact_phone_enc: string | null }>('SELECT contact_phone_enc FROM requests WHERE user_id = $1', [ids.bob])
    expect(left.rows.length).toBeGreaterThan(0)
    expect(left.rows.every((r) => r.contact_phone_enc === null)).toBe(true)
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
