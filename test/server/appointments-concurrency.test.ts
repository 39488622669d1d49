// Booking under concurrency: 500 residents racing for one slot of capacity 20 end with exactly 20 bookings and 480
// SLOT_FULL (no 5xx); one resident firing 20 parallel requests gets one booking; parallel retries of one
// Idempotency-Key give one booking. On PostgreSQL the requests go over real HTTP to a server with a 40-connection
// pool (the CI server allows 100). On PGlite (one connection) the same 500 requests run through inject and are
// serialised by the driver: the test still checks the counts, it just cannot show real parallelism.
import type { Appointment, SlotList } from '@contract/appointment'
import { buildApp, type App } from '../../server/app'
import { openDatabase, type Db } from '../../server/db'
import { scratchDatabase } from '../../bench/lib'
import { bulkResidents, inject, prepareDatabase, serve, testConfig, type Served } from './helpers'

const SERVICE = 'gz-police-idcard-renew'
const NOW = new Date('2026-09-28T01:00:00Z')
const SLOT_START = new Date('2026-10-08T10:00:00+08:00')

interface Target {
  name: 'pglite' | 'postgres'
  open(): Promise<Db>
}

/** Like helpers.databases(), but PostgreSQL gets a pool wide enough for the race (well under max_connections=100). */
function targets(): Target[] {
  const list: Target[] = [{ name: 'pglite', open: () => openDatabase({}) }]
  const adminUrl = process.env.DATABASE_URL
  if (adminUrl) {
    list.push({
      name: 'postgres',
      async open() {
        const { db, drop } = await scratchDatabase(adminUrl, { prefix: 'onestop_test', poolSize: 40, idBytes: 6 })
        return { ...db, kind: db.kind, close: drop }
      },
    })
  }
  return list
}

describe.each(targets())('booking under concurrency on $name', ({ name, open }) => {
  let db: Db
  let app: App
  let api: Served

  beforeAll(async () => {
    db = await prepareDatabase(await open())
    app = await buildApp({ config: testConfig(), db, clock: () => NOW, logger: false })
    api = name === 'postgres' ? await serve(app) : await inject(app)
  }, 120_000)
  afterAll(async () => {
    await api?.close()
    await db?.close()
  })

  const slotsOf = async (hall: string) =>
    (await api.request(`/api/halls/${hall}/slots?service=${SERVICE}&from=2026-10-08&to=2026-10-08`)).json<SlotList>().items
  const book = (token: string, slotId: number, key?: string) =>
    api.request({
      method: 'POST',
      url: '/api/appointments',
      payload: { slotId, serviceCode: SERVICE },
      headers: { authorization: `Bearer ${token}`, ...(key ? { 'idempotency-key': key } : {}) },
    })

  it('500 residents on one slot of capacity 20: exactly 20 bookings, 480 SLOT_FULL, no 5xx', async () => {
    const slot = (await slotsOf('hall-tianhe')).find((s) => s.start === SLOT_START.toISOString())!
    await db.query('UPDATE slots SET capacity = 20 WHERE id = $1', [slot.id])
    const people = await bulkResidents(db, 500, NOW)
    const started = Date.now()
    const answers = await Promise.all(people.map((p) => book(p.token, slot.id)))
    const ms = Date.now() - started
    const byStatus: Record<number, number> = {}
    for (const a of answers) byStatus[a.statusCode] = (byStatus[a.statusCode] ?? 0) + 1
    const codes = answers.filter((a) => a.statusCode === 409).map((a) => a.json<{ code: string }>().code)
    console.log(JSON.stringify({ db: name, attempts: 500, ms, byStatus }))
    expect(byStatus).toEqual({ 201: 20, 409: 480 })
    expect(new Set(codes)).toEqual(new Set(['SLOT_FULL']))
    const row = await db.query<{ booked: number; n: number }>(
      `SELECT s.booked, (SELECT count(*) FROM appointments a WHERE a.slot_id = s.id AND a.status = 'booked') AS n FROM slots s WHERE s.id = $1`,
      [slot.id],
    )
    expect(row.rows[0]).toEqual({ booked: 20, n: 20 })
    expect((await slotsOf('hall-tianhe')).find((s) => s.id === slot.id)?.remaining).toBe(0)
  }, 120_000)

  it('one resident firing 20 parallel requests for one service (20 different slots) gets one booking', async () => {
    const [me] = await bulkResidents(db, 1, NOW)
    const choices = [...(await slotsOf('hall-yuexiu')), ...(await slotsOf('hall-haizhu'))].slice(0, 20)
    expect(choices).toHaveLength(20)
    const answers = await Promise.all(choices.map((s) => book(me.token, s.id)))
    expect(answers.filter((a) => a.statusCode === 201)).toHaveLength(1)
    expect(answers.filter((a) => a.statusCode === 409).map((a) => a.json<{ code: string }>().code)).toEqual(Array(19).fill('ALREADY_BOOKED'))
    const held = await db.query(`SELECT 1 FROM appointments WHERE user_id = $1 AND status = 'booked'`, [me.id])
    expect(held.rowCount).toBe(1)
    const seats = await db.query<{ sum: number }>(`SELECT sum(booked)::int AS sum FROM slots WHERE id = ANY($1::bigint[])`, [choices.map((c) => c.id)])
    expect(seats.rows[0].sum).toBe(1)
  }, 60_000)

  it('the same Idempotency-Key retried 10 times in parallel answers one booking', async () => {
    const [me] = await bulkResidents(db, 1, NOW)
    const slot = (await slotsOf('hall-liwan'))[3]
    const answers = await Promise.all(Array.from({ length: 10 }, () => book(me.token, slot.id, 'retry-key-000001')))
    expect(answers.map((a) => a.statusCode)).toEqual(Array(10).fill(201))
    expect(new Set(answers.map((a) => a.json<Appointment>().id)).size).toBe(1)
    expect((await slotsOf('hall-liwan')).find((s) => s.id === slot.id)?.remaining).toBe(slot.remaining - 1)
  }, 60_000)
})
