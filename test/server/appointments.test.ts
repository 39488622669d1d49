// 预约办事 API on PGlite and PostgreSQL: halls, slots on the 2026 National Day / 调休 calendar, booking rules,
// idempotency, cancellation cut-off, reschedule atomicity, check-in and queue numbers, no-show block, hall staff,
// and a closure notice delivered exactly once to a fake WeChat server through the outbox.
import { randomBytes } from 'node:crypto'
import type { Appointment, AppointmentList, ClosureResult, HallDay, HallList, SlotList } from '@contract/appointment'
import type { SessionResponse } from '@contract/auth'
import { buildApp, type App } from '../../server/app'
import { createSession } from '../../server/auth'
import { hashPassword } from '../../server/crypto/password'
import type { Db } from '../../server/db'
import { fakeEnv, startFakeWechat, type FakeWechat } from '../support/fakes'
import { databases, inject, prepareDatabase, testConfig, type Served } from './helpers'
import { fullExport } from './export-code'

const IDCARD = 'gz-police-idcard-renew'
const HUKOU = 'gz-police-hukou-birth'
const NOCRIME = 'gz-police-no-crime-certificate'
const NAMECHG = 'gz-police-name-change'

/** Monday 28 September 2026, 09:00 in Guangzhou. */
const MON_0900 = new Date('2026-09-28T01:00:00Z')
const at = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+08:00`)

describe.each(databases())('appointments on $name', ({ open }) => {
  let db: Db
  let app: App
  let api: Served
  let wechat: FakeWechat
  let now = MON_0900
  let tianheStaff: string
  let yuexiuStaff: string

  /** A resident at real-name level 2 (direct inserts, as the identity module would leave them) with a session. */
  async function resident(level: 1 | 2 = 2): Promise<{ id: string; auth: Record<string, string> }> {
    const r = await db.query<{ id: string }>(
      `INSERT INTO users (level, id_number_hmac, realname_name_enc, created_at) VALUES ($1, $2, NULL, $3) RETURNING id`,
      [level, level === 2 ? randomBytes(16).toString('hex') : null, now],
    )
    const s = await createSession(db, { userId: r.rows[0].id, provider: 'sms' }, now)
    return { id: r.rows[0].id, auth: { authorization: `Bearer ${s.token}` } }
  }

  async function staff(username: string, hallId: string): Promise<string> {
    const r = await db.query<{ id: string }>(
      `INSERT INTO staff (username, display_name, password_hash, role, hall_id, created_at, updated_at)
       VALUES ($1, $2, $3, 'hall_staff', $4, $5, $5) RETURNING id`,
      [username, `${hallId} 窗口`, await hashPassword('Test@2026x'), hallId, now],
    )
    return r.rows[0].id
  }
  /** A staff session started at the current test time (they last 8 hours). */
  const staffAuth = async (staffId: string) => ({ authorization: `Bearer ${(await createSession(db, { staffId }, now)).token}` })

  const slots = async (hall: string, service: string, from?: string, to?: string) => {
    const q = new URLSearchParams({ service, ...(from ? { from } : {}), ...(to ? { to } : {}) })
    const res = await api.request(`/api/halls/${hall}/slots?${q}`)
    expect(res.statusCode).toBe(200)
    return res.json<SlotList>()
  }
  const slotAt = async (hall: string, service: string, start: Date) => {
    const d = new Date(start.getTime() + 8 * 3600_000).toISOString().slice(0, 10)
    const found = (await slots(hall, service, d, d)).items.find((s) => s.start === start.toISOString())
    if (!found) throw new Error(`no slot at ${start.toISOString()}`)
    return found
  }
  const book = (auth: Record<string, string>, slotId: number, serviceCode: string, key?: string) =>
    api.request({ method: 'POST', url: '/api/appointments', payload: { slotId, serviceCode }, headers: { ...auth, ...(key ? { 'idempotency-key': key } : {}) } })
  const post = (url: string, auth: Record<string, string>, payload?: unknown) => api.request({ method: 'POST', url, headers: auth, payload: payload ?? {} })

  beforeAll(async () => {
    wechat = await startFakeWechat()
    db = await prepareDatabase(await open())
    app = await buildApp({ config: testConfig(fakeEnv({ wechat })), db, clock: () => now, logger: false })
    api = await inject(app)
    tianheStaff = await staff('hall-tianhe-1', 'hall-tianhe')
    yuexiuStaff = await staff('hall-yuexiu-1', 'hall-yuexiu')
    // Migrations and the catalog seed take a while on a busy machine.
  }, 120_000)
  afterAll(async () => {
    await api?.close()
    await db?.close()
    await wechat?.close()
  })
  beforeEach(() => {
    now = MON_0900
  })

  it('lists at least 10 Guangzhou halls across districts for a bookable service, and only the right ones for passports', async () => {
    const all = (await api.request(`/api/halls?service=${IDCARD}`)).json<HallList>()
    expect(all.items.length).toBeGreaterThanOrEqual(10)
    expect(new Set(all.items.map((h) => h.district)).size).toBeGreaterThanOrEqual(10)
    expect(all.items.find((h) => h.id === 'hall-tianhe')).toMatchObject({ name: '天河区政务服务中心', district: '天河区' })
    for (const h of all.items) {
      expect(h.lat).toBeGreaterThan(22.5)
      expect(h.lat).toBeLessThan(23.9)
      expect(h.address).toMatch(/^广州市/)
    }
    const passport = (await api.request('/api/halls?service=gz-police-passport')).json<HallList>()
    expect(passport.items.map((h) => h.id)).toEqual(['hall-exit-entry'])
    expect((await api.request('/api/halls/hall-tianhe/slots?service=gz-police-passport')).statusCode).toBe(404)
  })

  it('has no slots in the National Day week, opens the 调休 Saturday 10 October, and stops 7 working days ahead', async () => {
    const list = await slots('hall-tianhe', IDCARD, '2026-09-28', '2026-10-31')
    const days = [...new Set(list.items.map((s) => new Date(new Date(s.start).getTime() + 8 * 3600_000).toISOString().slice(0, 10)))]
    expect(days).toEqual(['2026-09-28', '2026-09-29', '2026-09-30', '2026-10-08', '2026-10-09', '2026-10-10', '2026-10-12', '2026-10-13'])
    const makeUp = list.items.filter((s) => s.start >= at('2026-10-10', '00:00').toISOString() && s.start < at('2026-10-11', '00:00').toISOString())
    expect(makeUp).toHaveLength(13)
    // 09:00–12:00 and 14:00–17:30 in 30-minute slots: 13 a day; today's 09:00 has already started.
    const oct8 = list.items.filter((s) => s.start >= at('2026-10-08', '00:00').toISOString() && s.start < at('2026-10-09', '00:00').toISOString())
    expect(oct8).toHaveLength(13)
    expect(oct8[0]).toMatchObject({ start: at('2026-10-08', '09:00').toISOString(), end: at('2026-10-08', '09:30').toISOString(), capacity: 6, remaining: 6 })
    expect(oct8.map((s) => s.start)).not.toContain(at('2026-10-08', '12:00').toISOString())
    expect(list.items[0].start).toBe(at('2026-09-28', '09:30').toISOString())

    // A week earlier: Saturday 19 September is closed, the 调休 Sunday 20 September is open, 中秋 25–27 closed.
    now = at('2026-09-18', '08:00')
    const sept = await slots('hall-yuexiu', IDCARD, '2026-09-18', '2026-09-30')
    const sDays = new Set(sept.items.map((s) => new Date(new Date(s.start).getTime() + 8 * 3600_000).toISOString().slice(0, 10)))
    expect(sDays.has('2026-09-19')).toBe(false)
    expect(sDays.has('2026-09-20')).toBe(true)
    expect(sDays.has('2026-09-25')).toBe(false)
    expect(sDays.has('2026-09-29')).toBe(true)
    expect(sDays.has('2026-09-30')).toBe(false)
  })

  it('books with L2 only, enforces notice, one per service and three active, and replays an Idempotency-Key', async () => {
    const l1 = await resident(1)
    const s = await slotAt('hall-tianhe', IDCARD, at('2026-09-29', '10:00'))
    const refused = await book(l1.auth, s.id, IDCARD)
    expect(refused.statusCode).toBe(403)
    expect(refused.json()).toMatchObject({ code: 'REALNAME_REQUIRED' })

    const r = await resident()
    const first = await book(r.auth, s.id, IDCARD, 'key-first-0001')
    expect(first.statusCode).toBe(201)
    const booked = first.json<Appointment>()
    expect(booked).toMatchObject({ status: 'booked', hall: { id: 'hall-tianhe' }, service: { code: IDCARD, name: expect.stringContaining('身份证') }, slot: { id: s.id } })
    expect(booked.code).toMatch(/^[2-9A-HJKMNP-Z]{8}$/)
    expect((await slotAt('hall-tianhe', IDCARD, at('2026-09-29', '10:00'))).remaining).toBe(s.remaining - 1)

    // The same request retried with the same key: the same booking, no second seat taken.
    const retry = await book(r.auth, s.id, IDCARD, 'key-first-0001')
    expect(retry.statusCode).toBe(201)
    expect(retry.headers['idempotent-replayed']).toBe('true')
    expect(retry.json<Appointment>().id).toBe(booked.id)
    expect((await slotAt('hall-tianhe', IDCARD, at('2026-09-29', '10:00'))).remaining).toBe(s.remaining - 1)
    const reused = await book(r.auth, s.id + 1, IDCARD, 'key-first-0001')
    expect(reused.statusCode).toBe(422)
    expect(reused.json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' })

    const again = await book(r.auth, (await slotAt('hall-yuexiu', IDCARD, at('2026-09-30', '10:00'))).id, IDCARD)
    expect(again.statusCode).toBe(409)
    expect(again.json()).toMatchObject({ code: 'ALREADY_BOOKED', message: expect.stringContaining('已预约') })

    // Less than 2 hours' notice; beyond the 7th working day.
    const soon = await book(r.auth, (await slotAt('hall-tianhe', HUKOU, at('2026-09-28', '10:30'))).id, HUKOU)
    expect(soon.json()).toMatchObject({ code: 'TOO_SOON' })
    expect((await book(r.auth, (await slotAt('hall-tianhe', HUKOU, at('2026-09-28', '11:00'))).id, HUKOU)).statusCode).toBe(201)
    expect((await book(r.auth, (await slotAt('hall-tianhe', NOCRIME, at('2026-10-13', '16:00'))).id, NOCRIME)).statusCode).toBe(201)
    const fourth = await book(r.auth, (await slotAt('hall-tianhe', NAMECHG, at('2026-10-12', '09:00'))).id, NAMECHG)
    expect(fourth.statusCode).toBe(409)
    expect(fourth.json()).toMatchObject({ code: 'LIMIT_REACHED' })

    const mine = (await api.request({ url: '/api/appointments', headers: r.auth })).json<AppointmentList>()
    expect(mine.items.filter((a) => a.status === 'booked')).toHaveLength(3)
    expect(mine.blockedUntil).toBeNull()
    // Someone else's booking answers 404 like a missing one.
    expect((await api.request({ url: `/api/appointments/${booked.id}`, headers: l1.auth })).statusCode).toBe(404)
  })


  it('the database keeps a booking’s hall, service and start equal to its slot’s (one composite key)', async () => {
    const r = await resident()
    const s = await slotAt('hall-tianhe', IDCARD, at('2026-09-29', '14:00'))
    const insert = (hall: string, service: string, start: Date) =>
      db.query(
        `INSERT INTO appointments (id, code, user_id, slot_id, hall_id, service_code, starts_at, created_at)
         VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7)`,
        [randomBytes(4).toString('hex'), r.id, s.id, hall, service, start, now],
      )
    for (const wrong of [
      insert('hall-yuexiu', IDCARD, new Date(s.start)),
      insert('hall-tianhe', HUKOU, new Date(s.start)),
      insert('hall-tianhe', IDCARD, at('2026-09-29', '14:30')),
    ]) {
      await expect(wrong).rejects.toMatchObject({ code: '23503' })
    }
    expect((await db.query('SELECT 1 FROM appointments WHERE user_id = $1', [r.id])).rowCount).toBe(0)
  })
  it('cancels until 2 hours before the start and not after; the seat comes back', async () => {
    const r = await resident()
    const start = at('2026-09-30', '14:00')
    const s = await slotAt('hall-haizhu', IDCARD, start)
    const a = (await book(r.auth, s.id, IDCARD)).json<Appointment>()
    now = new Date(start.getTime() - 119 * 60_000)
    const late = await post(`/api/appointments/${a.id}/cancel`, r.auth)
    expect(late.statusCode).toBe(409)
    expect(late.json()).toMatchObject({ code: 'CANCEL_CLOSED' })
    now = new Date(start.getTime() - 121 * 60_000)
    const ok = await post(`/api/appointments/${a.id}/cancel`, r.auth)
    expect(ok.statusCode).toBe(200)
    expect(ok.json<Appointment>()).toMatchObject({ status: 'cancelled' })
    now = MON_0900
    expect((await slotAt('hall-haizhu', IDCARD, start)).remaining).toBe(s.remaining)
    // The cancellation notice is queued once.
    const q = await db.query('SELECT 1 FROM outbox WHERE dedupe_key = $1', [`appointment-cancelled:${a.id}`])
    expect(q.rowCount).toBe(1)
  })

  it('queues a reminder from 18:00 the evening before, once; a moved booking gets it for its new day, a cancelled one never', async () => {
    const r = await resident()
    const a = (await book(r.auth, (await slotAt('hall-huangpu', IDCARD, at('2026-10-09', '10:00'))).id, IDCARD)).json<Appointment>()
    const reminders = async () =>
      (await db.query<{ dedupe_key: string; status: string; send_after: Date; data: Record<string, string> }>(
        `SELECT dedupe_key, status, send_after, data FROM outbox WHERE template = 'appointment_reminder' AND user_id = $1 ORDER BY id`,
        [r.id],
      )).rows
    const remindAt = async (when: Date) => {
      now = when
      await app.jobs.run('appointments.remind')
      return reminders()
    }
    try {
      // Booking writes no reminder; the job queues it from 18:00 on 8 October (the evening before), and only once.
      expect(await reminders()).toEqual([])
      expect(await remindAt(at('2026-10-08', '17:59'))).toEqual([])
      let rows = await remindAt(at('2026-10-08', '18:00'))
      expect(rows).toHaveLength(1)
      expect(rows[0]).toMatchObject({ status: 'pending', send_after: at('2026-10-08', '18:00'), data: { code: a.code, time: '2026-10-09 10:00' } })
      expect(await remindAt(at('2026-10-08', '18:05'))).toHaveLength(1)

      // Moved to Monday 12 October: the queued reminder is withdrawn, the new one comes on Sunday evening.
      now = at('2026-10-08', '18:30')
      const target = await slotAt('hall-huangpu', IDCARD, at('2026-10-12', '15:00'))
      expect((await post(`/api/appointments/${a.id}/reschedule`, r.auth, { slotId: target.id })).statusCode).toBe(200)
      expect((await reminders()).map((x) => x.status)).toEqual(['skipped'])
      expect(await remindAt(at('2026-10-11', '17:00'))).toHaveLength(1)
      rows = await remindAt(at('2026-10-11', '18:01'))
      expect(rows.map((x) => x.status)).toEqual(['skipped', 'pending'])
      expect(rows[1].data).toMatchObject({ code: a.code, time: '2026-10-12 15:00' })
      now = at('2026-10-11', '20:00')
      expect((await post(`/api/appointments/${a.id}/cancel`, r.auth)).statusCode).toBe(200)
      expect((await reminders()).map((x) => x.status)).toEqual(['skipped', 'skipped'])

      // Booked after the evening before (20:00 for the next morning): no reminder; a booking cancelled before its
      // evening never gets one.
      const late = (await book(r.auth, (await slotAt('hall-huangpu', NOCRIME, at('2026-10-12', '10:00'))).id, NOCRIME)).json<Appointment>()
      expect(late.status).toBe('booked')
      expect(await remindAt(at('2026-10-11', '20:05'))).toHaveLength(2)
      now = at('2026-10-11', '20:10')
      const gone = (await book(r.auth, (await slotAt('hall-huangpu', HUKOU, at('2026-10-13', '10:00'))).id, HUKOU)).json<Appointment>()
      expect((await post(`/api/appointments/${gone.id}/cancel`, r.auth)).statusCode).toBe(200)
      expect((await remindAt(at('2026-10-12', '18:00'))).map((x) => x.dedupe_key)).toHaveLength(2)
    } finally {
      now = MON_0900
    }
  })

  it('erasing the account cancels its open bookings and returns the seats; the export lists bookings', async () => {
    const r = await resident()
    const start = at('2026-10-12', '10:30')
    const s = await slotAt('hall-panyu', IDCARD, start)
    const a = (await book(r.auth, s.id, IDCARD)).json<Appointment>()
    const exported = await fullExport(app, r.auth)
    expect(exported.statusCode).toBe(200)
    expect(JSON.stringify(exported.json())).toContain(a.code)
    expect((await api.request({ method: 'DELETE', url: '/api/me', headers: r.auth })).statusCode).toBeLessThan(300)
    const row = await db.query<{ status: string }>('SELECT status FROM appointments WHERE id = $1', [a.id])
    expect(row.rows[0].status).toBe('cancelled')
    expect((await slotAt('hall-panyu', IDCARD, start)).remaining).toBe(s.remaining)
  })

  it('a reschedule to a full slot fails and leaves the old booking intact; a good one moves both seats together', async () => {
    const r = await resident()
    const oldStart = at('2026-10-08', '09:00')
    const old = await slotAt('hall-liwan', HUKOU, oldStart)
    const a = (await book(r.auth, old.id, HUKOU)).json<Appointment>()
    const full = await slotAt('hall-liwan', HUKOU, at('2026-10-08', '10:00'))
    for (let i = 0; i < full.capacity; i++) expect((await book((await resident()).auth, full.id, HUKOU)).statusCode).toBe(201)

    const failed = await post(`/api/appointments/${a.id}/reschedule`, r.auth, { slotId: full.id })
    expect(failed.statusCode).toBe(409)
    expect(failed.json()).toMatchObject({ code: 'SLOT_FULL' })
    expect((await api.request({ url: `/api/appointments/${a.id}`, headers: r.auth })).json<Appointment>()).toMatchObject({ status: 'booked', slot: { id: old.id } })
    expect((await slotAt('hall-liwan', HUKOU, oldStart)).remaining).toBe(old.remaining - 1)
    expect((await slotAt('hall-liwan', HUKOU, at('2026-10-08', '10:00'))).remaining).toBe(0)

    const target = await slotAt('hall-liwan', HUKOU, at('2026-10-09', '15:00'))
    const moved = await post(`/api/appointments/${a.id}/reschedule`, r.auth, { slotId: target.id })
    expect(moved.statusCode).toBe(200)
    expect(moved.json<Appointment>()).toMatchObject({ id: a.id, code: a.code, status: 'booked', slot: { id: target.id } })
    expect((await slotAt('hall-liwan', HUKOU, oldStart)).remaining).toBe(old.remaining)
    expect((await slotAt('hall-liwan', HUKOU, at('2026-10-09', '15:00'))).remaining).toBe(target.remaining - 1)
  })

  it('checks in from 30 minutes before the start with queue numbers per hall and day; staff check in by code in their own hall only', async () => {
    const start = at('2026-09-29', '09:00')
    const s = await slotAt('hall-tianhe', NAMECHG, start)
    const r1 = await resident()
    const r2 = await resident()
    const a1 = (await book(r1.auth, s.id, NAMECHG)).json<Appointment>()
    const a2 = (await book(r2.auth, s.id, NAMECHG)).json<Appointment>()
    now = at('2026-09-29', '08:29')
    expect((await post(`/api/appointments/${a1.id}/checkin`, r1.auth)).json()).toMatchObject({ code: 'CHECKIN_NOT_OPEN' })
    now = at('2026-09-29', '08:30')
    const c1 = await post(`/api/appointments/${a1.id}/checkin`, r1.auth)
    expect(c1.statusCode).toBe(200)
    const firstNumber = c1.json<Appointment>().queueNumber as string
    expect(firstNumber).toMatch(/^A\d{3}$/)

    const staff = await staffAuth(tianheStaff)
    const other = await staffAuth(yuexiuStaff)
    const wrongHall = await post('/api/staff/halls/hall-tianhe/checkin', other, { code: a2.code })
    expect(wrongHall.statusCode).toBe(404)
    const byCode = await post('/api/staff/halls/hall-tianhe/checkin', staff, { code: a2.code.toLowerCase() })
    expect(byCode.statusCode).toBe(200)
    expect(byCode.json<Appointment>()).toMatchObject({ id: a2.id, status: 'checked_in', queueNumber: `A${String(Number(firstNumber.slice(1)) + 1).padStart(3, '0')}` })
    expect((await post('/api/staff/halls/hall-tianhe/checkin', staff, { code: a2.code })).json()).toMatchObject({ code: 'NOT_ACTIVE' })

    const day = await api.request({ url: '/api/staff/halls/hall-tianhe/day?date=2026-09-29', headers: staff })
    expect(day.statusCode).toBe(200)
    const list = day.json<HallDay>()
    expect(list.items.find((i) => i.id === a2.id)).toMatchObject({ status: 'checked_in', code: a2.code, service: { code: NAMECHG } })
    expect((await api.request({ url: '/api/staff/halls/hall-tianhe/day', headers: other })).statusCode).toBe(404)
    expect((await api.request({ url: '/api/staff/halls/hall-tianhe/day', headers: r1.auth })).statusCode).toBe(403)
  })

  it('turns missed bookings into no-shows after 15 minutes; 3 in 90 days block booking for 30 days, and the answer says until when', async () => {
    const r = await resident()
    const start = at('2026-09-30', '09:00')
    const ids: string[] = []
    for (const svc of [IDCARD, HUKOU, NOCRIME]) {
      ids.push((await book(r.auth, (await slotAt('hall-baiyun', svc, start)).id, svc)).json<Appointment>().id)
    }
    now = at('2026-09-30', '09:14')
    await app.jobs.run('appointments.no-show')
    expect((await api.request({ url: `/api/appointments/${ids[0]}`, headers: r.auth })).json<Appointment>().status).toBe('booked')
    now = at('2026-09-30', '09:15')
    expect(await app.jobs.run('appointments.no-show')).toBeGreaterThanOrEqual(3)
    for (const id of ids) expect((await api.request({ url: `/api/appointments/${id}`, headers: r.auth })).json<Appointment>().status).toBe('no_show')

    const mine = (await api.request({ url: '/api/appointments', headers: r.auth })).json<AppointmentList>()
    expect(mine.blockedUntil).toBe(new Date(now.getTime() + 30 * 86_400_000).toISOString())
    const blocked = await book(r.auth, (await slotAt('hall-baiyun', NAMECHG, at('2026-10-08', '15:00'))).id, NAMECHG)
    expect(blocked.statusCode).toBe(409)
    expect(blocked.json()).toMatchObject({ code: 'BLOCKED_UNTIL', message: expect.stringContaining('2026年10月30日') })

    now = new Date(now.getTime() + 30 * 86_400_000 + 60_000)
    const later = await slots('hall-baiyun', NAMECHG)
    const fresh = { authorization: `Bearer ${(await createSession(db, { userId: r.id, provider: 'sms' }, now)).token}` }
    expect((await book(fresh, later.items[later.items.length - 1].id, NAMECHG)).statusCode).toBe(201)
  })

  it('staff close a day: bookings are cancelled, each resident is notified once, and the fake WeChat gets exactly one message', async () => {
    // Alice signs in with WeChat, declares her real name and accepts the closure notice.
    const alice = (await api.request({ method: 'POST', url: '/api/auth/wechat', payload: { code: 'ok-alice' } })).json<SessionResponse>()
    const auth = { authorization: `Bearer ${alice.token}` }
    expect((await api.request({ method: 'PUT', url: '/api/me/realname', payload: { name: '陈小明', idNumber: '440106199003071231' }, headers: auth })).statusCode).toBe(200)
    expect((await api.request({ method: 'POST', url: '/api/notices/consent', payload: { accepted: ['appointment_closed'] }, headers: auth })).statusCode).toBe(200)
    const start = at('2026-10-09', '14:30')
    const a = (await book(auth, (await slotAt('hall-tianhe', IDCARD, start)).id, IDCARD)).json<Appointment>()
    const bob = await resident()
    await book(bob.auth, (await slotAt('hall-tianhe', HUKOU, at('2026-10-09', '09:00'))).id, HUKOU)

    const staff = await staffAuth(tianheStaff)
    const other = await staffAuth(yuexiuStaff)
    expect((await post('/api/staff/halls/hall-tianhe/closures', other, { date: '2026-10-09', reason: '系统升级' })).statusCode).toBe(404)
    const closed = await post('/api/staff/halls/hall-tianhe/closures', staff, { date: '2026-10-09', reason: '系统升级维护' })
    expect(closed.statusCode).toBe(200)
    expect(closed.json<ClosureResult>()).toEqual({ date: '2026-10-09', cancelled: 2, notified: 2 })
    // Closing again cancels and notifies nobody twice.
    expect((await post('/api/staff/halls/hall-tianhe/closures', staff, { date: '2026-10-09', reason: '系统升级维护' })).json<ClosureResult>()).toMatchObject({ cancelled: 0, notified: 0 })

    expect((await api.request({ url: `/api/appointments/${a.id}`, headers: auth })).json<Appointment>()).toMatchObject({ status: 'closed', reason: expect.stringContaining('系统升级维护') })
    const day = await slots('hall-tianhe', IDCARD, '2026-10-09', '2026-10-09')
    expect(day.items).toHaveLength(0)
    expect(day.closures).toEqual([{ date: '2026-10-09', reason: '系统升级维护' }])
    const rows = await db.query('SELECT 1 FROM outbox WHERE dedupe_key = $1', [`appointment-closed:${a.id}`])
    expect(rows.rowCount).toBe(1)

    const before = wechat.sends.length
    await app.jobs.run('outbox.send')
    await app.jobs.run('outbox.send')
    const mine = wechat.sends.slice(before).filter((s) => s.template_id === 'demo-tmpl-appointment-closed' && s.errcode === 0)
    expect(mine).toHaveLength(1)
    expect(mine[0]).toMatchObject({ touser: 'o-alice', page: `packages/appointment/pages/detail/index?id=${a.id}` })
  })
})
