// AppointmentsStore with the real ApiClient against the real server (buildApp on PGlite, loopback HTTP): halls nearest
// first, a booking whose answer is lost on the way back is retried with the same Idempotency-Key (one booking, one
// seat), refusals become Chinese problems with their code, cancel, and the hall desk with a staff token.
import type { AddressInfo } from 'node:net'
import { buildApp, type App } from '../../server/app'
import { createSession } from '../../server/auth'
import { hashPassword } from '../../server/crypto/password'
import type { Db } from '../../server/db'
import { openDatabase } from '../../server/db'
import { migrate } from '../../server/db/migrate'
import { seedReference } from '../../server/db/seed'
import { loadConfig } from '../../server/config'
import type { Transport } from '@/api/client'
import { RootStore } from '@/stores/root'
import { memoryStorage } from '@/stores/session'
import { httpTransport } from '../support/http-transport'
import { appointmentsOf } from '@/stores/appointments'
import { hallDeskOf } from '@/stores/hall-desk'

const SERVICE = 'gz-police-idcard-renew'
const NOW = new Date('2026-09-28T01:00:00Z')

let db: Db
let app: App
let baseUrl: string
/** When set, the next POST reaches the server but its answer is dropped (a weak network). */
let loseNextAnswer = false
const sent: { url: string; key?: string }[] = []

const transport: Transport = async (req) => {
  if (req.method === 'POST') sent.push({ url: req.url, key: req.header['Idempotency-Key'] })
  const res = await httpTransport(req)
  if (req.method === 'POST' && loseNextAnswer) {
    loseNextAnswer = false
    throw { errMsg: 'request:fail net::ERR_CONNECTION_RESET' }
  }
  return res
}

async function signedInStore(level: 1 | 2 = 2): Promise<{ store: RootStore; userId: string }> {
  const r = await db.query<{ id: string }>(`INSERT INTO users (level, id_number_hmac, created_at) VALUES ($1, $2, $3) RETURNING id`, [
    level,
    level === 2 ? `hmac-${Math.random()}` : null,
    NOW,
  ])
  const { token } = await createSession(db, { userId: r.rows[0].id, provider: 'sms' }, NOW)
  const storage = memoryStorage()
  storage.set('onestop.session', token)
  return { store: new RootStore({ baseUrl, transport, storage }), userId: r.rows[0].id }
}

beforeAll(async () => {
  db = await openDatabase({})
  await migrate(db)
  await seedReference(db)
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', H5_DIR: '/nonexistent', DATA_KEY: Buffer.alloc(32, 7).toString('base64') })
  app = await buildApp({ config, db, clock: () => NOW, logger: false })
  await app.listen({ port: 0, host: '127.0.0.1' })
  baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/api`
}, 120_000)
afterAll(async () => {
  await app?.close()
  await db?.close()
})

test('halls come nearest first once the position is known, in district order before', async () => {
  const { store } = await signedInStore()
  await appointmentsOf(store).loadHalls(SERVICE)
  expect(appointmentsOf(store).hallsStatus).toBe('ready')
  expect(appointmentsOf(store).hallChoices[0].id).toBe('hall-tianhe')
  // Standing in 番禺 (市桥).
  appointmentsOf(store).setPosition({ lat: 22.94, lng: 113.38 })
  expect(appointmentsOf(store).hallChoices[0]).toMatchObject({ id: 'hall-panyu' })
  expect(appointmentsOf(store).hallChoices[0].distance).toBeLessThan(2000)
})

test('a booking whose answer was lost is retried with the same Idempotency-Key: one booking, one seat', async () => {
  const { store, userId } = await signedInStore()
  const a = appointmentsOf(store)
  await a.loadSlots('hall-yuexiu', SERVICE)
  const slot = a.slots.get(`hall-yuexiu|${SERVICE}`)!.items.find((s) => s.start === '2026-09-29T02:00:00.000Z')!
  loseNextAnswer = true
  expect(await a.book(slot.id, SERVICE)).toBeNull()
  expect(a.problem).toMatchObject({ code: 'NETWORK', message: expect.stringContaining('网络') })
  const retried = await a.book(slot.id, SERVICE)
  expect(retried).toMatchObject({ status: 'booked', slot: { id: slot.id } })
  const posts = sent.filter((s) => s.url.endsWith('/appointments'))
  expect(posts.at(-1)!.key).toBe(posts.at(-2)!.key)
  const rows = await db.query<{ n: number; booked: number }>(
    `SELECT (SELECT count(*)::int FROM appointments WHERE user_id = $1) AS n, (SELECT booked FROM slots WHERE id = $2) AS booked`,
    [userId, slot.id],
  )
  expect(rows.rows[0]).toEqual({ n: 1, booked: 1 })

  // A refusal is a Chinese problem with its code; the next attempt is a new key.
  expect(await a.book(slot.id, SERVICE)).toBeNull()
  expect(a.problem).toMatchObject({ code: 'ALREADY_BOOKED', message: expect.stringContaining('已预约') })
  expect(sent.at(-1)!.key).not.toBe(posts.at(-1)!.key)

  await a.loadMine()
  expect(a.upcoming.map((x) => x.id)).toEqual([retried!.id])
  expect(await a.cancel(retried!.id)).toMatchObject({ status: 'cancelled' })
  expect(a.upcoming).toEqual([])
  expect(a.past.map((x) => x.status)).toEqual(['cancelled'])
})

test('without a real name the refusal is REALNAME_REQUIRED', async () => {
  const { store } = await signedInStore(1)
  await appointmentsOf(store).loadSlots('hall-haizhu', SERVICE)
  const slot = appointmentsOf(store).slots.get(`hall-haizhu|${SERVICE}`)!.items[10]
  expect(await appointmentsOf(store).book(slot.id, SERVICE)).toBeNull()
  expect(appointmentsOf(store).problem).toMatchObject({ code: 'REALNAME_REQUIRED', message: '请先完成实名认证' })
})

test('the hall desk uses the staff session: day list, check-in refusal in Chinese, closure', async () => {
  const { store: resident } = await signedInStore()
  await appointmentsOf(resident).loadSlots('hall-tianhe', SERVICE)
  const slot = appointmentsOf(resident).slots.get(`hall-tianhe|${SERVICE}`)!.items.find((s) => s.start.startsWith('2026-09-30'))!
  const booking = (await appointmentsOf(resident).book(slot.id, SERVICE))!

  const staffRow = await db.query<{ id: string }>(
    `INSERT INTO staff (username, display_name, password_hash, role, hall_id, created_at, updated_at)
     VALUES ('desk-tianhe', '天河窗口', $1, 'hall_staff', 'hall-tianhe', $2, $2) RETURNING id`,
    [await hashPassword('Desk@2026x'), NOW],
  )
  const staffToken = (await createSession(db, { staffId: staffRow.rows[0].id }, NOW)).token
  const storage = memoryStorage()
  storage.set('onestop.staff-session', staffToken)
  const desk = hallDeskOf(new RootStore({ baseUrl, transport, storage }))
  await desk.load('hall-tianhe', '2026-09-30')
  expect(desk.day?.items.map((i) => i.code)).toContain(booking.code)
  expect(await desk.checkin('hall-tianhe', booking.code)).toBe(false)
  expect(desk.problem).toContain('签到在开始前 30 分钟开放')
  expect(await desk.close('hall-tianhe', '2026-09-30', '线路检修')).toBe(true)
  expect(desk.message).toContain('取消预约 1 个')
  await appointmentsOf(resident).load(booking.id)
  expect(appointmentsOf(resident).byId.get(booking.id)).toMatchObject({ status: 'closed', reason: '大厅停办：线路检修' })
})
