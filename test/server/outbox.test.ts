// The notice outbox against a fake WeChat server on loopback: consent, exactly-once sending with two nodes, retries,
// token refresh, scheduled notices; and partner API keys.
import type { SessionResponse } from '@contract/auth'
import type { NoticeConsentResult, NoticeTemplateList } from '@contract/notice'
import { buildApp, type App } from '../../server/app'
import { createApiKey, revokeApiKey, verifyApiKey, ApiKeyError } from '../../server/auth/api-keys'
import type { Db } from '../../server/db'
import { enqueueNotice, cancelNotice } from '../../server/modules/outbox'
import type { SendResult } from '../../server/modules/outbox/sender'
import { fakeEnv, startFakeWechat, type FakeWechat } from '../support/fakes'
import { databases, inject, prepareDatabase, testConfig, type Served } from './helpers'

describe.each(databases())('outbox and API keys on $name', ({ open }) => {
  let db: Db
  let app: App
  let node2: App
  let api: Served
  let wechat: FakeWechat
  let now = new Date('2026-09-30T02:00:00Z')
  let alice: SessionResponse
  let smsOnly: string

  beforeAll(async () => {
    wechat = await startFakeWechat()
    db = await prepareDatabase(await open())
    const config = testConfig(fakeEnv({ wechat }))
    app = await buildApp({ config, db, clock: () => now, logger: false })
    // A second API node on the same database, as in a multi-node deployment.
    node2 = await buildApp({ config, db, clock: () => now, logger: false })
    await node2.ready()
    api = await inject(app)
    alice = (await api.request({ method: 'POST', url: '/api/auth/wechat', payload: { code: 'ok-alice' } })).json<SessionResponse>()
    const r = await db.query<{ id: string }>(`INSERT INTO users (created_at, level) VALUES (now(), 1) RETURNING id`)
    smsOnly = r.rows[0].id
  })
  afterAll(async () => {
    await api?.close()
    await node2?.close()
    await db?.close()
    await wechat?.close()
  })

  const consent = (accepted: string[], token = alice.token) =>
    api.request({ method: 'POST', url: '/api/notices/consent', payload: { accepted }, headers: { authorization: `Bearer ${token}` } })
  const status = async (key: string) =>
    (await db.query<{ status: string; attempts: number; last_error: string | null }>('SELECT status, attempts, last_error FROM outbox WHERE dedupe_key = $1', [key])).rows[0]
  const notice = (key: string, userId = alice.user.id, extra: { sendAfter?: Date } = {}) =>
    enqueueNotice(db, {
      userId,
      template: 'request_status',
      data: { number: 'GZ2026093000001', status: '已受理', time: '2026-09-30 10:00', note: '您的诉求已受理，正在派单' },
      page: 'packages/request/pages/detail/index?id=1',
      dedupeKey: key,
      now,
      ...extra,
    })

  it('lists the template ids for Taro.requestSubscribeMessage and records consent only for a signed-in resident', async () => {
    const list = (await api.request({ url: '/api/notices/templates' })).json<NoticeTemplateList>()
    expect(list.platform).toBe('wechat')
    expect(list.templates.request_status).toBe('demo-tmpl-request-status')
    expect((await api.request({ method: 'POST', url: '/api/notices/consent', payload: { accepted: ['request_status'] } })).statusCode).toBe(401)
    const bad = await consent(['spam'])
    expect(bad.statusCode).toBe(400)
    const ok = await consent(['request_status'])
    expect(ok.statusCode).toBe(200)
    expect(ok.json<NoticeConsentResult>().remaining).toMatchObject({ request_status: 1, appointment_reminder: 0 })
  })

  it('queues a notice once per dedupe key and two nodes running the sender deliver it exactly once', async () => {
    expect(await notice('n1')).toBe(true)
    expect(await notice('n1')).toBe(false)
    const results = (await Promise.all([app.jobs.run('outbox.send'), node2.jobs.run('outbox.send')])) as SendResult[]
    expect(results.reduce((n, r) => n + r.sent, 0)).toBe(1)
    const delivered = wechat.sends.filter((s) => s.errcode === 0)
    expect(delivered).toHaveLength(1)
    expect(delivered[0]).toMatchObject({
      touser: 'o-alice',
      template_id: 'demo-tmpl-request-status',
      page: 'packages/request/pages/detail/index?id=1',
      data: { character_string1: { value: 'GZ2026093000001' }, phrase2: { value: '已受理' }, time3: { value: '2026-09-30 10:00' } },
    })
    // WeChat's 20-character limit for "thing" values.
    expect([...delivered[0].data.thing4.value].length).toBeLessThanOrEqual(20)
    expect(await status('n1')).toMatchObject({ status: 'sent', attempts: 1 })
    await app.jobs.run('outbox.send')
    expect(wechat.sends.filter((s) => s.errcode === 0)).toHaveLength(1)
  })

  it('skips a notice the resident gave no consent for, and one for a resident without WeChat', async () => {
    await notice('n2')
    await notice('n3', smsOnly)
    const before = wechat.sends.length
    await app.jobs.run('outbox.send')
    expect(wechat.sends.length).toBe(before)
    expect(await status('n2')).toMatchObject({ status: 'skipped', last_error: '居民未授权此类订阅消息' })
    expect(await status('n3')).toMatchObject({ status: 'skipped', last_error: '该居民没有微信登录方式' })
  })

  it('retries a busy WeChat with backoff, keeping the consent, and sends once it recovers', async () => {
    await consent(['request_status'])
    await notice('n4')
    wechat.failNextSends(-1)
    const first = (await app.jobs.run('outbox.send')) as SendResult
    expect(first).toMatchObject({ sent: 0, retrying: 1 })
    expect(await status('n4')).toMatchObject({ status: 'pending', attempts: 1 })
    // Not due yet: the backoff is 30 s.
    now = new Date(now.getTime() + 10_000)
    expect(((await app.jobs.run('outbox.send')) as SendResult).sent).toBe(0)
    now = new Date(now.getTime() + 30_000)
    expect(((await app.jobs.run('outbox.send')) as SendResult).sent).toBe(1)
    expect(await status('n4')).toMatchObject({ status: 'sent', attempts: 2 })
    const left = await db.query<{ remaining: number }>(`SELECT remaining FROM notice_consents WHERE user_id = $1 AND template = 'request_status'`, [alice.user.id])
    expect(left.rows[0].remaining).toBe(0)
  })

  it('fetches a fresh access token when WeChat says the cached one is invalid', async () => {
    await consent(['request_status'])
    await notice('n5')
    wechat.expireToken()
    const calls = wechat.tokenCalls.length
    expect(((await app.jobs.run('outbox.send')) as SendResult).sent).toBe(1)
    expect(wechat.tokenCalls.slice(calls)).toEqual([{ force_refresh: true }])
  })

  it('holds a scheduled notice until its time, and a withdrawn one is never sent', async () => {
    await consent(['request_status'])
    await notice('n6', alice.user.id, { sendAfter: new Date(now.getTime() + 86_400_000) })
    await notice('n7', alice.user.id, { sendAfter: new Date(now.getTime() + 86_400_000) })
    expect(await cancelNotice(db, 'n7')).toBe(true)
    expect(((await app.jobs.run('outbox.send')) as SendResult).sent).toBe(0)
    now = new Date(now.getTime() + 86_400_000)
    expect(((await app.jobs.run('outbox.send')) as SendResult).sent).toBe(1)
    expect(await status('n6')).toMatchObject({ status: 'sent' })
    expect(await status('n7')).toMatchObject({ status: 'skipped', last_error: '已撤回' })
  })

  it('marks a refused message (43101) skipped without retrying', async () => {
    await consent(['request_status'])
    await notice('n8')
    wechat.failNextSends(43101)
    expect(((await app.jobs.run('outbox.send')) as SendResult).skipped).toBe(1)
    expect(await status('n8')).toMatchObject({ status: 'skipped', attempts: 1 })
  })

  it('partner API keys: shown once, stored hashed, checked by scope, revocable', async () => {
    const { id, key } = await createApiKey(db, '市交通卡公司', 'citycode:transit')
    const stored = await db.query<{ key_hash: string }>('SELECT key_hash FROM api_keys WHERE id = $1', [id])
    expect(stored.rows[0].key_hash).not.toContain(key)
    expect(await verifyApiKey(db, key, 'citycode:transit')).toMatchObject({ id, name: '市交通卡公司' })
    expect(await verifyApiKey(db, key, 'citycode:*')).toMatchObject({ id })
    expect(await verifyApiKey(db, key, 'open311')).toBeNull()
    expect(await verifyApiKey(db, `${key}x`, 'citycode:transit')).toBeNull()
    expect(await revokeApiKey(db, id)).toBe(true)
    expect(await verifyApiKey(db, key, 'citycode:transit')).toBeNull()
    await expect(createApiKey(db, 'x', 'everything')).rejects.toThrow(ApiKeyError)
  })
})
