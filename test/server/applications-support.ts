// Shared setup for the applications and licences suites: one app on a fresh database with the real forms, 实名
// residents (alice, bob) and one without 实名 (carol), clerks of the departments the walks use, and answers generated
// from a form the way a careful resident fills it in.
import sharp from 'sharp'
import type { MaterialInput } from '@contract/applications'
import type { FormField, GroupItemField, ServiceForm } from '@contract/forms'
import type { Upload } from '@contract/upload'
import { buildApp, type App } from '../../server/app'
import { createSession } from '../../server/auth'
import { createDataCrypto } from '../../server/crypto'
import type { Db } from '../../server/db'
import { loadForms } from '../../server/modules/forms'
import { inject, prepareDatabase, testConfig, type Served, type TestDatabase } from './helpers'
import { multipart } from './multipart'
import { makeStaff } from './similar-support'

const KEY = Buffer.alloc(32, 14)
export const crypto = createDataCrypto(KEY)
/** Sessions open at the walk's end so they stay valid however far the clock moves. */
const SESSIONS_FROM = new Date('2026-12-01T00:00:00Z')
/** 2026-09-30 10:00 Asia/Shanghai, the eve of the National Day holiday. */
export const START = new Date('2026-09-30T02:00:00Z')

type Response = { statusCode: number; body: string; json<U>(): U; headers: Record<string, unknown> }

export const RESIDENTS = {
  alice: { name: '张晓明', idNumber: '44010619900307001X', phone: '13800138000' },
  bob: { name: '李四海', idNumber: '440106198505050030', phone: '13900139000' },
} as const

function valueFor(f: FormField | GroupItemField): unknown {
  switch (f.kind) {
    case 'text':
      return '测试填写内容'
    case 'textarea':
      return '这是为测试填写的情况说明，内容完整。'
    case 'number':
      return f.min ?? 1
    case 'date':
      return f.minDate === 'today' ? '2026-12-30' : '2020-05-20'
    case 'choice':
      return f.options?.[0].value
    case 'multi':
      return f.options?.slice(0, Math.max(1, f.min ?? 1)).map((o) => o.value)
    case 'phone':
      return '13700137000'
    case 'idcard':
      return '110101199003074397'
    case 'address':
      return { district: '天河区', street: '天河南街道', detail: '天河路 100 号 1 栋 101 房' }
    case 'bank':
      return { bank: '中国工商银行', account: '6222021234567890123' }
    case 'boolean':
      return true
    default:
      return undefined
  }
}

/** Answers to every field the resident types (prefill left to the server), valid for the form. */
export function answersFor(form: ServiceForm): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const f of form.fields) {
    if (f.prefill) continue
    if (f.kind === 'group') {
      const n = Math.max(1, f.minItems ?? 0)
      out[f.key] = Array.from({ length: n }, () => Object.fromEntries((f.fields ?? []).map((g) => [g.key, valueFor(g)])))
    } else out[f.key] = valueFor(f)
  }
  return out
}

export function applicationsSuite(open: TestDatabase['open'], clock: () => Date) {
  const world = {} as { db: Db; app: App; api: Served; forms: Awaited<ReturnType<typeof loadForms>> }
  const tokens: Record<string, string> = {}
  const ids: Record<string, string> = {}

  async function resident(name: string, level: 1 | 2): Promise<void> {
    const p = name in RESIDENTS ? RESIDENTS[name as keyof typeof RESIDENTS] : { name: '王五', idNumber: '', phone: '13600136000' }
    const r = await world.db.query<{ id: string }>(
      `INSERT INTO users (created_at, level, phone_enc, phone_hmac, realname_name_enc, id_number_enc, id_number_hmac, realname_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        clock(),
        level,
        crypto.seal('users.phone', p.phone),
        crypto.lookup('phone', p.phone),
        level === 2 ? crypto.seal('users.name', p.name) : null,
        level === 2 ? crypto.seal('users.id_number', p.idNumber) : null,
        level === 2 ? crypto.lookup('id_number', p.idNumber) : null,
        level === 2 ? clock() : null,
      ],
    )
    ids[name] = r.rows[0].id
    tokens[name] = (await createSession(world.db, { userId: r.rows[0].id, provider: 'sms' }, SESSIONS_FROM)).token
  }

  async function staff(name: string, role: string, departmentCode: string | null): Promise<void> {
    const r = await makeStaff(world.db, name, role, departmentCode, clock(), { sessionFrom: SESSIONS_FROM })
    ids[name] = r.id
    tokens[name] = r.headers.authorization.slice('Bearer '.length)
  }

  beforeAll(async () => {
    world.db = await prepareDatabase(await open())
    world.forms = await loadForms()
    world.app = await buildApp({ config: testConfig({ DATA_KEY: KEY.toString('base64') }), db: world.db, clock, logger: false, crypto })
    world.api = await inject(world.app)
    await resident('alice', 2)
    await resident('bob', 2)
    await resident('carol', 1)
    for (const [name, dept] of [
      ['hrss-1', 'gz-hrss'],
      ['police-1', 'gz-police'],
      ['health-1', 'gz-health'],
      ['medsec-1', 'gz-medical-security'],
      ['tax-1', 'gz-tax'],
    ]) {
      await staff(name, 'dept_staff', dept)
    }
    await staff('hall-1', 'dispatcher', null)
  }, 120_000)
  afterAll(async () => {
    await world.api?.close()
    await world.db?.close()
  })

  const as = (who: string) => ({ authorization: `Bearer ${tokens[who]}` })
  let keyN = 0
  const newKey = () => `app-key-${++keyN}-${Math.random().toString(36).slice(2, 8)}`
  const call = (who: string | null, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object, headers: Record<string, string> = {}) =>
    world.api.request({ method, url, ...(payload ? { payload } : {}), headers: { ...(who ? as(who) : {}), ...headers } }) as Promise<Response>
  const submit = (who: string, body: object, key = newKey()) => call(who, 'POST', '/api/applications', body, { 'idempotency-key': key })
  const submitBundle = (who: string, body: object, key = newKey()) => call(who, 'POST', '/api/bundle-applications', body, { 'idempotency-key': key })
  const act = (who: string, id: string, body: object) => call(who, 'POST', `/api/staff/applications/${id}/actions`, body)
  const ok = async <T>(p: Promise<Response>, status = 200): Promise<T> => {
    const res = await p
    if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`)
    return res.json<T>()
  }
  const uploadFile = (who: string, bytes: Buffer, name: string, type: string) => {
    const m = multipart(bytes, name, type)
    return world.api.request({ method: 'POST', url: '/api/uploads', payload: m.payload, headers: { ...as(who), ...m.headers } }) as Promise<Response>
  }
  const upload = async (who: string): Promise<Upload> => {
    const jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#c63' } }).jpeg().toBuffer()
    return ok<Upload>(uploadFile(who, jpeg, 'scan.jpg', 'image/jpeg'), 201)
  }

  /** Materials for every required one: 实名 for 居民身份证, the 窗口 where allowed, else a fresh upload; `licences` by type. */
  async function materialsFor(who: string, form: ServiceForm, licences: Record<string, string> = {}): Promise<MaterialInput[]> {
    const out: MaterialInput[] = []
    for (const m of form.materials) {
      const held = m.licenceTypes?.find((t) => licences[t])
      if (!m.required && !held) continue
      if (held && m.provide.includes('licence')) out.push({ materialId: m.id, licenceId: licences[held] })
      else if (m.provide.includes('licence') && m.licenceTypes?.includes('居民身份证')) out.push({ materialId: m.id, licenceId: 'realname' })
      else if (m.provide.includes('counter')) out.push({ materialId: m.id })
      else out.push({ materialId: m.id, uploadIds: [(await upload(who)).id] })
    }
    return out
  }

  /** Everything a refused step must leave untouched. */
  const snapshot = async (id: string) => ({
    row: (await world.db.query('SELECT * FROM applications WHERE id = $1', [id])).rows[0],
    updates: (await world.db.query<{ n: number }>('SELECT count(*)::int AS n FROM application_updates WHERE application_id = $1', [id])).rows[0].n,
    audit: (await world.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log')).rows[0].n,
    outbox: (await world.db.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox')).rows[0].n,
    licences: (await world.db.query<{ n: number }>('SELECT count(*)::int AS n FROM licences')).rows[0].n,
  })

  return { world, ids, as, call, submit, submitBundle, act, ok, upload, uploadFile, materialsFor, snapshot, newKey }
}
