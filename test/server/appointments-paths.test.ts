// 预约办事, both booking paths side by side: book_appointment() first ('fast', the default) and the transaction alone
// ('transaction') give every refusal of POST /api/appointments the same status, code and message, and a booking the
// same answer. Each path is the whole app (buildApp with that bookingPath: the L2 guard, the service, the hall desk)
// over one prepared database; every case runs on each path with fresh residents, and the
// database the routes see notes what book_appointment() answered, so each case shows which path gave the answer.
import { randomBytes } from 'node:crypto'
import type { Appointment, BookingRulesDto, Slot, SlotList } from '@contract/appointment'
import { BOOKING_REFUSALS, type BookingRefusal } from '@domain/appointment'
import { buildApp } from '../../server/app'
import { createSession } from '../../server/auth'
import { hashPassword } from '../../server/crypto/password'
import type { Db } from '../../server/db'
import type { Jobs } from '../../server/jobs'
import type { BookingPath } from '../../server/modules/appointments/service'
import { databases, inject, prepareDatabase, testConfig, type Served } from './helpers'

const IDCARD = 'gz-police-idcard-renew'
const HUKOU = 'gz-police-hukou-birth'
const NOCRIME = 'gz-police-no-crime-certificate'
const NAMECHG = 'gz-police-name-change'
/** Four services every district hall offers: enough to reach maxActive and noShowLimit with one to spare. */
const SERVICES = [IDCARD, HUKOU, NOCRIME, NAMECHG]

/** Monday 28 September 2026, 09:00 in Guangzhou: the last bookable day is Tuesday 13 October (after National Day). */
const MON_0900 = new Date('2026-09-28T01:00:00Z')
const at = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+08:00`)

/** Refusals of the other resident endpoints (cancel, reschedule, check-in), which booking never gives. */
const NOT_FROM_BOOKING: BookingRefusal[] = ['CANCEL_CLOSED', 'CHECKIN_NOT_OPEN', 'CHECKIN_CLOSED', 'NOT_ACTIVE']

/** What book_appointment() answered ('booked', 'stored', 'slow'), or 'raised' when the statement failed. */
type FastAnswer = 'booked' | 'stored' | 'slow' | 'raised'

/** One path under test: its app, its jobs, and what book_appointment() answered for its requests. */
interface Lane {
  path: BookingPath
  index: 0 | 1
  api: Served
  jobs: Jobs
  fastAnswers: FastAnswer[]
}

/** The database as one lane's routes see it: the same database, noting each book_appointment() answer. */
function watched(db: Db, fastAnswers: FastAnswer[]): Db {
  return {
    kind: db.kind,
    exec: (sql) => db.exec(sql),
    transaction: (fn) => db.transaction(fn),
    // The suite closes the shared database itself.
    close: async () => undefined,
    async query<T>(sql: string, params?: readonly unknown[], options?: Parameters<Db['query']>[2]) {
      if (!sql.includes('book_appointment(')) return db.query<T>(sql, params, options)
      try {
        const r = await db.query<T>(sql, params, options)
        fastAnswers.push((r.rows[0] as { outcome: FastAnswer }).outcome)
        return r
      } catch (err) {
        fastAnswers.push('raised')
        throw err
      }
    },
  }
}

/** The whole app as main.ts builds it, over the watched database, booking on `path`. */
async function laneApp(db: Db, path: BookingPath, index: 0 | 1, clock: () => Date): Promise<Lane> {
  const fastAnswers: FastAnswer[] = []
  const app = await buildApp({ config: testConfig(), db: watched(db, fastAnswers), clock, logger: false, bookingPath: path })
  return { path, index, api: await inject(app), jobs: app.jobs, fastAnswers }
}

/** The booking a case tries once its scene is set. */
interface Attempt {
  auth: Record<string, string>
  slotId: number
  service: string
  key?: string
  /** A replayed answer: the booking it must repeat. */
  sameAs?: Appointment
}

/** The tools a case sets its scene with, on one lane. */
interface Scene {
  lane: Lane
  rules: BookingRulesDto
  setNow(d: Date): void
  resident(level?: 1 | 2): Promise<Record<string, string>>
  slotAt(hall: string, service: string, start: Date): Promise<Slot>
  /** Books on this lane and expects 201. */
  booked(auth: Record<string, string>, slot: Slot, service: string, key?: string): Promise<Appointment>
  staff(): Promise<Record<string, string>>
}

interface Case {
  name: string
  status: number
  /** The refusal both paths give; NOT_FOUND for a slot that is not the service's; null for a booking. */
  code: BookingRefusal | 'NOT_FOUND' | null
  /** What book_appointment() answers on the fast path: 'slow' means it declined and the transaction said why; null
   * means it is never reached (the L2 guard, or a slot the fast path does not know for the service). */
  fast: FastAnswer | null
  replayed?: boolean
  arrange(s: Scene): Promise<Attempt>
}

const CASES: Case[] = [
  {
    name: 'a level-1 resident',
    status: 403,
    code: 'REALNAME_REQUIRED',
    fast: null,
    arrange: async (s) => ({ auth: await s.resident(1), slotId: (await s.slotAt('hall-tianhe', IDCARD, at('2026-09-29', '10:00'))).id, service: IDCARD }),
  },
  {
    name: 'less than the minimum notice',
    status: 409,
    code: 'TOO_SOON',
    fast: 'slow',
    arrange: async (s) => ({ auth: await s.resident(), slotId: (await s.slotAt('hall-tianhe', HUKOU, at('2026-09-28', '10:30'))).id, service: HUKOU }),
  },
  {
    name: 'beyond the booking window (a slot listed a week later)',
    status: 409,
    code: 'TOO_FAR',
    fast: 'slow',
    async arrange(s) {
      s.setNow(at('2026-10-08', '08:00'))
      const slot = await s.slotAt('hall-yuexiu', IDCARD, at('2026-10-14', '10:00'))
      s.setNow(MON_0900)
      return { auth: await s.resident(), slotId: slot.id, service: IDCARD }
    },
  },
  {
    name: 'a slot that has already started (listed days before)',
    status: 409,
    code: 'PAST',
    fast: 'slow',
    async arrange(s) {
      s.setNow(at('2026-09-24', '08:00'))
      const slot = await s.slotAt('hall-haizhu', IDCARD, at('2026-09-24', '10:00'))
      s.setNow(MON_0900)
      return { auth: await s.resident(), slotId: slot.id, service: IDCARD }
    },
  },
  {
    name: 'a slot whose capacity is taken',
    status: 409,
    code: 'SLOT_FULL',
    fast: 'slow',
    async arrange(s) {
      const slot = await s.slotAt('hall-liwan', HUKOU, at('2026-10-09', s.lane.index ? '10:30' : '10:00'))
      expect(slot.remaining).toBe(slot.capacity)
      for (let i = 0; i < slot.capacity; i++) await s.booked(await s.resident(), slot, HUKOU)
      expect((await s.slotAt('hall-liwan', HUKOU, new Date(slot.start))).remaining).toBe(0)
      return { auth: await s.resident(), slotId: slot.id, service: HUKOU }
    },
  },
  {
    name: 'a day the hall has closed (停办)',
    status: 409,
    code: 'SLOT_CLOSED',
    fast: 'slow',
    async arrange(s) {
      const date = s.lane.index ? '2026-10-13' : '2026-10-12'
      const slot = await s.slotAt('hall-conghua', IDCARD, at(date, '10:00'))
      const closed = await s.lane.api.request({ method: 'POST', url: '/api/staff/halls/hall-conghua/closures', headers: await s.staff(), payload: { date, reason: '设备检修' } })
      expect(closed.statusCode).toBe(200)
      return { auth: await s.resident(), slotId: slot.id, service: IDCARD }
    },
  },
  {
    name: 'the same service booked twice',
    status: 409,
    code: 'ALREADY_BOOKED',
    fast: 'slow',
    async arrange(s) {
      const auth = await s.resident()
      await s.booked(auth, await s.slotAt('hall-huangpu', IDCARD, at('2026-09-29', '10:00')), IDCARD)
      return { auth, slotId: (await s.slotAt('hall-huangpu', IDCARD, at('2026-09-30', '10:00'))).id, service: IDCARD }
    },
  },
  {
    name: 'maxActive bookings already held',
    status: 409,
    code: 'LIMIT_REACHED',
    fast: 'slow',
    async arrange(s) {
      const auth = await s.resident()
      const held = SERVICES.slice(0, s.rules.maxActive)
      for (const svc of held) await s.booked(auth, await s.slotAt('hall-panyu', svc, at('2026-09-30', '14:00')), svc)
      const next = SERVICES[held.length]
      return { auth, slotId: (await s.slotAt('hall-panyu', next, at('2026-09-30', '15:00'))).id, service: next }
    },
  },
  {
    name: 'noShowLimit no-shows inside the window',
    status: 409,
    code: 'BLOCKED_UNTIL',
    fast: 'slow',
    async arrange(s) {
      const auth = await s.resident()
      const missed = SERVICES.slice(0, s.rules.noShowLimit)
      for (const svc of missed) await s.booked(auth, await s.slotAt('hall-huadu', svc, at('2026-09-28', '11:00')), svc)
      // The no-show job marks them 15 minutes after the start (nothing else in this suite starts that early).
      s.setNow(at('2026-09-28', '11:15'))
      expect(await s.lane.jobs.run('appointments.no-show')).toBeGreaterThanOrEqual(missed.length)
      const next = SERVICES[missed.length]
      return { auth, slotId: (await s.slotAt('hall-huadu', next, at('2026-09-29', '10:00'))).id, service: next }
    },
  },
  {
    name: 'an Idempotency-Key reused for another slot',
    status: 422,
    code: 'IDEMPOTENCY_KEY_REUSED',
    // The fast path answers this one itself: book_appointment() returns the stored answer, whose hash differs.
    fast: 'stored',
    async arrange(s) {
      const auth = await s.resident()
      await s.booked(auth, await s.slotAt('hall-nansha', IDCARD, at('2026-09-29', '10:00')), IDCARD, 'paths-key-0001')
      return { auth, slotId: (await s.slotAt('hall-nansha', IDCARD, at('2026-09-29', '10:30'))).id, service: IDCARD, key: 'paths-key-0001' }
    },
  },
  {
    name: 'a slot of another service',
    status: 404,
    code: 'NOT_FOUND',
    fast: null,
    arrange: async (s) => ({ auth: await s.resident(), slotId: (await s.slotAt('hall-nansha', NOCRIME, at('2026-09-30', '10:00'))).id, service: IDCARD }),
  },
  {
    name: 'a booking',
    status: 201,
    code: null,
    fast: 'booked',
    arrange: async (s) => ({ auth: await s.resident(), slotId: (await s.slotAt('hall-zengcheng', IDCARD, at('2026-09-29', '10:00'))).id, service: IDCARD, key: 'paths-key-0002' }),
  },
  {
    name: 'a booking retried with its Idempotency-Key',
    status: 201,
    code: null,
    fast: 'stored',
    replayed: true,
    async arrange(s) {
      const auth = await s.resident()
      const slot = await s.slotAt('hall-zengcheng', HUKOU, at('2026-09-30', '10:00'))
      const first = await s.booked(auth, slot, HUKOU, 'paths-key-0003')
      return { auth, slotId: slot.id, service: HUKOU, key: 'paths-key-0003', sameAs: first }
    },
  },
]

/** A booking answer without what differs between any two bookings: its id and code. */
const shape = (a: Appointment) => ({ ...a, id: '(id)', code: '(code)' })

describe.each(databases())('both booking paths on $name', ({ open }) => {
  let db: Db
  let now = MON_0900
  let lanes: Lane[] = []
  let rules: BookingRulesDto
  let conghuaStaff: string

  function scene(lane: Lane): Scene {
    const slotAt = async (hall: string, service: string, start: Date): Promise<Slot> => {
      const d = new Date(start.getTime() + 8 * 3600_000).toISOString().slice(0, 10)
      const res = await lane.api.request(`/api/halls/${hall}/slots?${new URLSearchParams({ service, from: d, to: d })}`)
      expect(res.statusCode).toBe(200)
      const found = res.json<SlotList>().items.find((s) => s.start === start.toISOString())
      if (!found) throw new Error(`no slot at ${hall} for ${service} at ${start.toISOString()}`)
      return found
    }
    return {
      lane,
      rules,
      setNow: (d) => (now = d),
      async resident(level = 2) {
        const r = await db.query<{ id: string }>(
          `INSERT INTO users (level, id_number_hmac, realname_name_enc, created_at) VALUES ($1, $2, NULL, $3) RETURNING id`,
          [level, level === 2 ? randomBytes(16).toString('hex') : null, now],
        )
        return { authorization: `Bearer ${(await createSession(db, { userId: r.rows[0].id, provider: 'sms' }, now)).token}` }
      },
      slotAt,
      async booked(auth, slot, service, key) {
        const res = await book(lane, { auth, slotId: slot.id, service, key })
        expect(res.statusCode).toBe(201)
        return res.json<Appointment>()
      },
      staff: async () => ({ authorization: `Bearer ${(await createSession(db, { staffId: conghuaStaff }, now)).token}` }),
    }
  }

  const book = (lane: Lane, a: Attempt) =>
    lane.api.request({
      method: 'POST',
      url: '/api/appointments',
      payload: { slotId: a.slotId, serviceCode: a.service },
      headers: { ...a.auth, ...(a.key ? { 'idempotency-key': a.key } : {}) },
    })

  beforeAll(async () => {
    db = await prepareDatabase(await open())
    const clock = () => now
    lanes = [await laneApp(db, 'fast', 0, clock), await laneApp(db, 'transaction', 1, clock)]
    rules = (await lanes[0].api.request('/api/appointments/rules')).json<BookingRulesDto>()
    // The cases need one service more than the limits they reach.
    expect(Math.max(rules.maxActive, rules.noShowLimit)).toBeLessThan(SERVICES.length)
    expect(rules.noShowLimit).toBeLessThanOrEqual(rules.maxActive)
    const staff = await db.query<{ id: string }>(
      `INSERT INTO staff (username, display_name, password_hash, role, hall_id, created_at, updated_at)
       VALUES ('hall-conghua-paths', '从化窗口', $1, 'hall_staff', 'hall-conghua', $2, $2) RETURNING id`,
      [await hashPassword('Test@2026x'), now],
    )
    conghuaStaff = staff.rows[0].id
    // Migrations and the catalog seed take a while on a busy machine.
  }, 120_000)
  afterAll(async () => {
    for (const lane of lanes) await lane.api.close()
    await db?.close()
  })

  it('covers every refusal POST /api/appointments can give', () => {
    const covered = new Set(CASES.map((c) => c.code))
    expect(BOOKING_REFUSALS.filter((code) => !NOT_FROM_BOOKING.includes(code) && !covered.has(code))).toEqual([])
  })

  it.each(CASES.map((c) => ({ ...c, answer: c.code ?? (c.replayed ? 'the first answer again' : 'booked') })))('$name: $status $answer on both paths', async (c) => {
    const answers = []
    for (const lane of lanes) {
      now = MON_0900
      const attempt = await c.arrange(scene(lane))
      lane.fastAnswers.length = 0
      const res = await book(lane, attempt)
      answers.push({ status: res.statusCode, body: res.json<Record<string, unknown>>(), replayed: res.headers['idempotent-replayed'] === 'true', fastAnswers: [...lane.fastAnswers], attempt })
    }
    const [fast, tx] = answers
    for (const a of answers) {
      expect(a.status).toBe(c.status)
      expect(a.replayed).toBe(c.replayed ?? false)
    }
    if (c.code) {
      expect(fast.body).toEqual({ code: c.code, message: expect.any(String) })
      // The same words too: both are worded from the rules in force (BLOCKED_UNTIL names the same date).
      expect(tx.body).toEqual(fast.body)
    } else {
      const [a, b] = [fast.body as unknown as Appointment, tx.body as unknown as Appointment]
      for (const [booked, { attempt }] of [[a, fast], [b, tx]] as const) {
        expect(booked).toMatchObject({ status: 'booked', slot: { id: attempt.slotId }, service: { code: attempt.service } })
        expect(booked.code).toMatch(/^[2-9A-HJKMNP-Z]{8}$/)
        if (attempt.sameAs) expect(booked).toEqual(attempt.sameAs)
      }
      expect(a.id).not.toBe(b.id)
      expect(shape(b)).toEqual(shape(a))
    }
    // Which path answered: on 'fast', book_appointment() ran and booked, replayed or declined ('slow': the
    // transaction gave the refusal); on 'transaction' it never ran.
    expect(fast.fastAnswers).toEqual(c.fast ? [c.fast] : [])
    expect(tx.fastAnswers).toEqual([])
  })
})
