// Shared setup for the 好差评 suites (ratings*.test.ts): one app on a fresh database with an injectable clock,
// residents, the hall visit's department clerk, another department's clerk, a hall clerk, the hotline and the police,
// checked-in hall visits written straight into the tables, and a 12345 request taken to 办结.
import { randomBytes, randomUUID } from 'node:crypto'
import type { FiledRequest } from '@contract/request'
import { buildApp, type App } from '../../server/app'
import { createDataCrypto } from '../../server/crypto'
import type { Db } from '../../server/db'
import { inject, prepareDatabase, testConfig, type Served, type TestDatabase } from './helpers'
import { makeResident, makeStaff } from './similar-support'

const KEY = Buffer.alloc(32, 7)
export const crypto = createDataCrypto(KEY)
/** Monday 2 November 2026, 10:00 Asia/Shanghai. */
export const START = new Date('2026-11-02T02:00:00Z')
const SESSIONS_FROM = new Date('2026-12-20T00:00:00Z')
export const HALL = 'hall-tianhe'

type Response = { statusCode: number; body: string; json<U>(): U }

export function ratingsSuite(open: TestDatabase['open']) {
  const world = {} as { db: Db; app: App; api: Served; now: Date; serviceCode: string; department: string }
  world.now = START
  const tokens: Record<string, string> = {}
  const ids: Record<string, string> = {}

  beforeAll(async () => {
    world.db = await prepareDatabase(await open())
    world.app = await buildApp({ config: testConfig({ DATA_KEY: KEY.toString('base64') }), db: world.db, clock: () => world.now, logger: false, crypto })
    world.api = await inject(world.app)
    const svc = await world.db.query<{ service_code: string; department_code: string }>(
      `SELECT hs.service_code, s.department_code FROM hall_services hs JOIN services s ON s.code = hs.service_code
        WHERE hs.hall_id = $1 AND s.department_code <> 'gz-police' ORDER BY hs.service_code LIMIT 1`,
      [HALL],
    )
    world.serviceCode = svc.rows[0].service_code
    world.department = svc.rows[0].department_code
    for (const [name, phone] of [['alice', '13800138001'], ['bob', '13900139001']]) {
      const r = await makeResident(world.db, crypto, phone, START, SESSIONS_FROM)
      ids[name] = r.id
      tokens[name] = r.headers.authorization
    }
    const staff: [string, string, string | null][] = [
      ['clerk', 'dept_staff', world.department],
      ['police', 'dept_staff', 'gz-police'],
      ['hotline', 'dispatcher', null],
      ['admin', 'admin', null],
    ]
    for (const [name, role, dept] of staff) {
      const r = await makeStaff(world.db, `r-${name}`, role, dept, START, { sessionFrom: SESSIONS_FROM })
      ids[name] = r.id
      tokens[name] = r.headers.authorization
    }
  }, 120_000)
  afterAll(async () => {
    await world.api?.close()
    await world.db?.close()
  })

  const as = (who: string) => ({ authorization: tokens[who] })
  const get = (who: string | null, url: string) => world.api.request({ url, headers: who ? as(who) : {} })
  const post = (who: string, url: string, payload: object) => world.api.request({ method: 'POST', url, payload, headers: as(who) })
  const ok = async <T>(p: Promise<Response>, status = 200): Promise<T> => {
    const res = await p
    if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`)
    return res.json<T>()
  }

  /** A visit of `who` at HALL whose slot ended at `endsAt`, checked in (or in `status`). */
  async function visit(who: string, endsAt: Date, status = 'checked_in'): Promise<string> {
    const starts = new Date(endsAt.getTime() - 30 * 60_000)
    const slot = await world.db.query<{ id: string }>(
      `INSERT INTO slots (hall_id, service_code, starts_at, ends_at, capacity, booked) VALUES ($1, $2, $3, $4, 5, 1)
       ON CONFLICT (hall_id, service_code, starts_at) DO UPDATE SET booked = slots.booked + 1 RETURNING id`,
      [HALL, world.serviceCode, starts, endsAt],
    )
    const id = randomUUID()
    await world.db.query(
      `INSERT INTO appointments (id, code, user_id, slot_id, hall_id, service_code, starts_at, status, created_at, checked_in_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [id, randomBytes(4).toString('hex').toUpperCase(), ids[who], slot.rows[0].id, HALL, world.serviceCode, starts, status, starts, status === 'checked_in' ? starts : null],
    )
    return id
  }

  let keyN = 0
  /** A complaint of `who` handled by the police and closed by the hotline; answers its id. */
  async function closedRequest(who: string, viaDepartment = true): Promise<string> {
    const body = viaDepartment
      ? { type: 'complaint', content: '天河路 88 号门口长期有车辆乱停，堵住消防通道，请尽快处理。', anonymous: false }
      : { type: 'consult', content: '社保卡补办需要带什么材料？在哪里可以办理？' }
    const filed = await ok<FiledRequest>(world.api.request({ method: 'POST', url: '/api/requests', payload: body, headers: { ...as(who), 'idempotency-key': `ratings-key-${++keyN}-x` } }), 201)
    const act = (staff: string, b: object) => ok(post(staff, `/api/staff/requests/${filed.id}/actions`, b))
    if (viaDepartment) {
      await act('hotline', { action: 'accept' })
      await act('hotline', { action: 'dispatch', departmentCode: 'gz-police' })
      await act('police', { action: 'sign' })
      await act('police', { action: 'reply', note: '已安排交警清理并加装隔离桩。' })
      await act('hotline', { action: 'close' })
    } else {
      await act('hotline', { action: 'answer', note: '带身份证到任一社保服务网点即可办理。' })
    }
    return filed.id
  }

  const rateBody = (level: number, extra: object = {}) => ({
    level,
    comment: level <= 2 ? '等了一个多小时，窗口说材料不对但没有一次性告知' : '很顺利',
    indicators: { overall: level, speed: level, service: level, attitude: level },
    ...extra,
  })

  return { world, ids, as, get, post, ok, visit, closedRequest, rateBody }
}
