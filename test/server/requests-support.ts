// Shared setup for the 12345 request suites (requests-*.test.ts): one app (and a second node for the jobs) on a fresh
// database, residents alice and bob, the hotline and two departments, and the calls each suite makes as a role.
import sharp from 'sharp'
import type { FiledRequest } from '@contract/request'
import type { Upload } from '@contract/upload'
import { buildApp, type App } from '../../server/app'
import { createDataCrypto } from '../../server/crypto'
import type { Db } from '../../server/db'
import { inject, prepareDatabase, testConfig, type Served, type TestDatabase } from './helpers'
import { multipart } from './multipart'
import { makeResident, makeStaff } from './similar-support'

const KEY = Buffer.alloc(32, 6)
export const crypto = createDataCrypto(KEY)
/** The walk spans weeks of app time: sessions are opened at its end so they stay valid (staff sessions last 8 hours). */
const SESSIONS_FROM = new Date('2026-11-30T00:00:00Z')

/** 2026-09-30 10:00 Asia/Shanghai: the eve of the National Day holiday (1–7 October, 调休 Saturday 10 October). */
export const START = new Date('2026-09-30T02:00:00Z')

export const complaint = {
  type: 'complaint',
  category: 'traffic.parking',
  content: '天河路 123 号门口长期有车辆乱停，堵住消防通道和小区出入口，请尽快处理。',
  location: { lat: 23.1325, lng: 113.3277, address: '天河区天河路 123 号', district: '天河区', street: '天河南街道' },
  anonymous: false,
}

type Response = { statusCode: number; body: string; json<U>(): U }

/** Registers the suite's beforeAll/afterAll (call it inside describe) and answers its world and calls. */
export function requestsSuite(open: TestDatabase['open'], clock: () => Date) {
  const world = {} as { db: Db; app: App; node2: App; api: Served }
  const tokens: Record<string, string> = {}
  const ids: Record<string, string> = {}

  async function resident(name: string, phone: string): Promise<void> {
    const r = await makeResident(world.db, crypto, phone, clock(), SESSIONS_FROM)
    ids[name] = r.id
    tokens[name] = r.headers.authorization.slice('Bearer '.length)
  }

  async function staff(name: string, role: string, displayName: string, departmentCode: string | null): Promise<void> {
    const r = await makeStaff(world.db, name, role, departmentCode, clock(), { displayName, sessionFrom: SESSIONS_FROM })
    ids[name] = r.id
    tokens[name] = r.headers.authorization.slice('Bearer '.length)
  }

  beforeAll(async () => {
    world.db = await prepareDatabase(await open())
    const config = testConfig({ DATA_KEY: KEY.toString('base64') })
    world.app = await buildApp({ config, db: world.db, clock, logger: false, crypto })
    world.node2 = await buildApp({ config, db: world.db, clock, logger: false, crypto })
    await world.node2.ready()
    world.api = await inject(world.app)
    await resident('alice', '13800138000')
    await resident('bob', '13900139000')
    await staff('hotline-1', 'dispatcher', '王派单', null)
    await staff('police-1', 'dept_staff', '李警官', 'gz-police')
    await staff('urban-1', 'dept_staff', '赵城管', 'gz-urban-management')
  })
  afterAll(async () => {
    await world.api?.close()
    await world.node2?.close()
    await world.db?.close()
  })

  const as = (who: string) => ({ authorization: `Bearer ${tokens[who]}` })
  let keyN = 0
  const file = (who: string, body: object, key = `key-${++keyN}-abcdef`) =>
    world.api.request({ method: 'POST', url: '/api/requests', payload: body, headers: { ...as(who), 'idempotency-key': key } })
  const mine = (who: string, id: string) => world.api.request({ url: `/api/requests/${id}`, headers: as(who) })
  const residentDo = (who: string, id: string, action: string, body: object = {}) =>
    world.api.request({ method: 'POST', url: `/api/requests/${id}/${action}`, payload: body, headers: as(who) })
  const view = (who: string, id: string) => world.api.request({ url: `/api/staff/requests/${id}`, headers: as(who) })
  const act = (who: string, id: string, body: object) =>
    world.api.request({ method: 'POST', url: `/api/staff/requests/${id}/actions`, payload: body, headers: as(who) })
  const queue = (who: string, qs = '') => world.api.request({ url: `/api/staff/requests${qs}`, headers: as(who) })
  const ok = async <T>(p: Promise<Response>, status = 200): Promise<T> => {
    const res = await p
    if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`)
    return res.json<T>()
  }
  const upload = async (who: string): Promise<Upload> => {
    const jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#36c' } }).jpeg().toBuffer()
    const m = multipart(jpeg, 'photo.jpg')
    return ok<Upload>(world.api.request({ method: 'POST', url: '/api/uploads', payload: m.payload, headers: { ...as(who), ...m.headers } }), 201)
  }
  /** Everything a refused step must leave untouched. */
  const snapshot = async (id: string) => ({
    row: (await world.db.query('SELECT * FROM requests WHERE id = $1', [id])).rows[0],
    updates: (await world.db.query<{ n: number }>('SELECT count(*)::int AS n FROM request_updates WHERE request_id = $1', [id])).rows[0].n,
    audit: (await world.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log')).rows[0].n,
    outbox: (await world.db.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox')).rows[0].n,
    photos: (await world.db.query<{ n: number }>('SELECT count(*)::int AS n FROM uploads WHERE request_id IS NOT NULL')).rows[0].n,
  })

  /**
   * The three requests requests-filing's idempotency test files first, at START: A (alice's complaint with a photo,
   * GZ2026093000001), B (bob's help about the same car) and C (alice's consult) — the work-order walk starts from them.
   */
  async function fileFirstThree(): Promise<void> {
    const photo = await upload('alice')
    ids.A = (await ok<FiledRequest>(file('alice', { ...complaint, photos: [photo.id] }, 'retry-key-0001'), 201)).id
    ids.B = (await ok<FiledRequest>(file('bob', { ...complaint, type: 'help' }, 'retry-key-0001'), 201)).id
    ids.C = (await ok<FiledRequest>(file('alice', { type: 'consult', content: '国庆假期后社保卡补办需要带什么材料？' }), 201)).id
  }

  return { world, tokens, ids, resident, staff, as, file, mine, residentDo, view, act, queue, ok, upload, snapshot, fileFirstThree }
}
