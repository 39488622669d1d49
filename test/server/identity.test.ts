// Resident identity end to end against fake WeChat, Alipay and SMS servers on loopback: sign-in, errors, linking, real name, sessions, export, erasure, privacy at rest.
import type { Me, MeExport, SessionList } from '@contract/me'
import type { SessionResponse } from '@contract/auth'
import { buildApp, type App } from '../../server/app'
import type { Db } from '../../server/db'
import { fakeEnv, startFakeAlipay, startFakeSms, startFakeWechat, type FakeAlipay, type FakeSms, type FakeWechat } from '../support/fakes'
import { databases, inject, prepareDatabase, testConfig, type Served } from './helpers'

const ID = '440106199003071231'
const ID_MASKED = '440***********1231'
const NAME = '张小明'

/** Every text-like value of every table, to look for plain personal data. */
async function rawText(db: Db): Promise<string> {
  const cols = await db.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'jsonb', 'json', 'character')`,
  )
  const parts: string[] = []
  for (const c of cols.rows) {
    const r = await db.query<{ v: string | null }>(`SELECT "${c.column_name}"::text AS v FROM "${c.table_name}"`)
    for (const row of r.rows) if (row.v) parts.push(row.v)
  }
  return parts.join('\n')
}

describe.each(databases())('resident identity on $name', ({ open }) => {
  let db: Db
  let app: App
  let api: Served
  let wechat: FakeWechat
  let alipay: FakeAlipay
  let sms: FakeSms
  let now = new Date('2025-06-15T02:00:00Z')
  const logs: string[] = []

  beforeAll(async () => {
    ;[wechat, alipay, sms] = await Promise.all([startFakeWechat(), startFakeAlipay(), startFakeSms()])
    db = await prepareDatabase(await open())
    app = await buildApp({
      config: testConfig(fakeEnv({ wechat, alipay, sms })),
      db,
      clock: () => now,
      logger: { level: 'trace', stream: { write: (line: string) => void logs.push(line) } },
    })
    api = await inject(app)
  })
  afterAll(async () => {
    await api?.close()
    await db?.close()
    await Promise.all([wechat?.close(), alipay?.close(), sms?.close()])
  })

  const post = (url: string, payload: unknown, token?: string) =>
    api.request({ method: 'POST', url, payload, headers: token ? { authorization: `Bearer ${token}` } : {} })
  const get = (url: string, token?: string) => api.request({ url, headers: token ? { authorization: `Bearer ${token}` } : {} })
  const del = (url: string, token: string) => api.request({ method: 'DELETE', url, headers: { authorization: `Bearer ${token}` } })
  const advance = (seconds: number) => {
    now = new Date(now.getTime() + seconds * 1000)
  }

  async function smsLogin(phone: string, token?: string): Promise<SessionResponse> {
    advance(61)
    const sent = await post('/api/auth/sms/send', { phone })
    expect(sent.statusCode).toBe(200)
    const res = await post('/api/auth/sms/verify', { phone, code: sms.lastCode(phone) }, token)
    expect(res.statusCode).toBe(200)
    return res.json<SessionResponse>()
  }

  describe('WeChat', () => {
    it('signs in through jscode2session and never shows session_key', async () => {
      const res = await post('/api/auth/wechat', { code: 'ok-wx1' })
      expect(res.statusCode).toBe(200)
      const body = res.json<SessionResponse>()
      expect(body.user).toEqual({ id: expect.any(String), level: 1, providers: ['wechat'] })
      expect(body.token.length).toBeGreaterThanOrEqual(43)
      const again = await post('/api/auth/wechat', { code: 'ok-wx1.2' })
      expect(again.json<SessionResponse>().user.id).toBe(body.user.id)
      expect(wechat.calls[0]).toMatchObject({ appid: wechat.appid, secret: wechat.secret, js_code: 'ok-wx1', grant_type: 'authorization_code' })
      const me = await get('/api/me', body.token)
      expect(me.statusCode).toBe(200)
      expect(wechat.sessionKeys.length).toBeGreaterThanOrEqual(2)
      const everything = logs.join('') + res.body + again.body + me.body + (await rawText(db))
      for (const key of wechat.sessionKeys) expect(everything).not.toContain(key)
      expect(logs.join('')).not.toContain(wechat.secret)
    })

    it('maps WeChat errors: 40029 → 401, 45011 → 429, -1 → 503 with Retry-After', async () => {
      const bad = await post('/api/auth/wechat', { code: 'bad-1' })
      expect(bad.statusCode).toBe(401)
      expect(bad.json()).toEqual({ code: 'WECHAT_CODE_INVALID', message: expect.stringMatching(/[\u4e00-\u9fa5]/) })
      wechat.failNext('ok-wx2', 45011)
      const limited = await post('/api/auth/wechat', { code: 'ok-wx2' })
      expect(limited.statusCode).toBe(429)
      expect(limited.json()).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED' })
      const busy = await post('/api/auth/wechat', { code: 'busy-1' })
      expect(busy.statusCode).toBe(503)
      expect(busy.json()).toMatchObject({ code: 'UPSTREAM_BUSY' })
      expect(Number(busy.headers['retry-after'])).toBeGreaterThan(0)
    })

    it('answers 503 UPSTREAM_BUSY when WeChat cannot be reached', async () => {
      const offline = await buildApp({
        config: testConfig({ WECHAT_APPID: 'wx1', WECHAT_SECRET: 's', WECHAT_API_BASE: 'http://127.0.0.1:9' }),
        db,
        logger: false,
      })
      const res = await offline.inject({ method: 'POST', url: '/api/auth/wechat', payload: { code: 'ok-x' } })
      expect(res.statusCode).toBe(503)
      expect(res.json()).toMatchObject({ code: 'UPSTREAM_BUSY' })
      await offline.close()
    })
  })

  describe('Alipay', () => {
    it('signs in with an RSA2-signed request and a verified answer', async () => {
      const res = await post('/api/auth/alipay', { authCode: 'ok-ali1' })
      expect(res.statusCode).toBe(200)
      expect(res.json<SessionResponse>().user.providers).toEqual(['alipay'])
      expect(alipay.calls.at(-1)).toMatchObject({ method: 'alipay.system.oauth.token', signatureValid: true })
      const invalid = await post('/api/auth/alipay', { authCode: 'bad-1' })
      expect(invalid.statusCode).toBe(401)
      expect(invalid.json()).toMatchObject({ code: 'ALIPAY_CODE_INVALID' })
    })

    it('refuses an answer whose signature does not verify', async () => {
      alipay.signBadly()
      try {
        const res = await post('/api/auth/alipay', { authCode: 'ok-ali2' })
        expect(res.statusCode).toBe(502)
        expect(res.json()).toMatchObject({ code: 'ALIPAY_SIGNATURE_INVALID' })
      } finally {
        alipay.signBadly(false)
      }
    })
  })

  describe('SMS', () => {
    it('sends a code through the gateway and signs in with it', async () => {
      advance(3600)
      const res = await post('/api/auth/sms/send', { phone: '13800138000' })
      expect(res.statusCode).toBe(200)
      expect(res.json()).toEqual({ cooldownSeconds: 60, expiresInSeconds: 300 })
      expect(sms.rejected).toBe(0)
      const code = sms.lastCode('13800138000')
      expect(code).toMatch(/^\d{6}$/)
      expect(logs.join('')).not.toContain(code)
      const ok = await post('/api/auth/sms/verify', { phone: '13800138000', code })
      expect(ok.statusCode).toBe(200)
      expect(ok.json<SessionResponse>().user).toMatchObject({ level: 1, phone: '138****8000', providers: ['sms'] })
      // A code works once.
      const reuse = await post('/api/auth/sms/verify', { phone: '13800138000', code })
      expect(reuse.json()).toMatchObject({ code: 'SMS_CODE_EXPIRED' })
    })

    it('enforces the one-minute cooldown and ten a day', async () => {
      const phone = '13900000001'
      advance(3600)
      expect((await post('/api/auth/sms/send', { phone })).statusCode).toBe(200)
      advance(20)
      const cool = await post('/api/auth/sms/send', { phone })
      expect(cool.statusCode).toBe(429)
      expect(cool.json()).toEqual({ code: 'SMS_COOLDOWN', message: '验证码已发送，请 40 秒后再重新获取' })
      expect(cool.headers['retry-after']).toBe('40')
      // Start a fresh China day, then send 10.
      now = new Date('2025-06-20T16:00:30Z') // 00:00:30 in Guangzhou
      for (let i = 0; i < 10; i++) {
        expect((await post('/api/auth/sms/send', { phone })).statusCode).toBe(200)
        advance(61)
      }
      const daily = await post('/api/auth/sms/send', { phone })
      expect(daily.statusCode).toBe(429)
      expect(daily.json()).toMatchObject({ code: 'SMS_DAILY_LIMIT' })
    })

    it('allows 5 tries, then asks for a new code; codes expire after 5 minutes', async () => {
      const phone = '13900000002'
      advance(3600)
      await post('/api/auth/sms/send', { phone })
      const right = sms.lastCode(phone) as string
      const wrong = right === '000000' ? '111111' : '000000'
      for (let left = 4; left >= 1; left--) {
        const r = await post('/api/auth/sms/verify', { phone, code: wrong })
        expect(r.statusCode).toBe(400)
        expect(r.json()).toEqual({ code: 'SMS_CODE_INVALID', message: `验证码不正确，还可以再试 ${left} 次` })
      }
      expect((await post('/api/auth/sms/verify', { phone, code: wrong })).json()).toMatchObject({ code: 'SMS_TOO_MANY_TRIES' })
      expect((await post('/api/auth/sms/verify', { phone, code: right })).json()).toMatchObject({ code: 'SMS_TOO_MANY_TRIES' })

      advance(61)
      await post('/api/auth/sms/send', { phone })
      advance(301)
      const late = await post('/api/auth/sms/verify', { phone, code: sms.lastCode(phone) })
      expect(late.statusCode).toBe(400)
      expect(late.json()).toMatchObject({ code: 'SMS_CODE_EXPIRED' })
    })

    it('answers 503 and forgets the code when the gateway fails', async () => {
      advance(3600)
      sms.failNext(500)
      const res = await post('/api/auth/sms/send', { phone: '13900000003' })
      expect(res.statusCode).toBe(503)
      expect(res.json()).toMatchObject({ code: 'UPSTREAM_BUSY' })
      expect((await post('/api/auth/sms/send', { phone: '13900000003' })).statusCode).toBe(200)
    })
  })

  describe('one resident, several identities', () => {
    it('links a verified phone to the signed-in WeChat resident', async () => {
      const wx = (await post('/api/auth/wechat', { code: 'ok-link1' })).json<SessionResponse>()
      const linked = await smsLogin('13700000001', wx.token)
      expect(linked.user.id).toBe(wx.user.id)
      expect(linked.user.providers.sort()).toEqual(['sms', 'wechat'])
    })

    it('merges two accounts when the phone already belongs to another one', async () => {
      const byPhone = await smsLogin('13700000002')
      const ali = (await post('/api/auth/alipay', { authCode: 'ok-merge1' })).json<SessionResponse>()
      const merged = await smsLogin('13700000002', ali.token)
      // The older account (the phone's) is kept; the Alipay identity and session moved to it.
      expect(merged.user.id).toBe(byPhone.user.id)
      expect(merged.user.providers.sort()).toEqual(['alipay', 'sms'])
      const again = (await post('/api/auth/alipay', { authCode: 'ok-merge1.2' })).json<SessionResponse>()
      expect(again.user.id).toBe(byPhone.user.id)
      expect((await get('/api/me', ali.token)).json<Me>().id).toBe(byPhone.user.id)
    })
  })

  describe('real name', () => {
    it('checks the ID number in the domain rules and masks what it shows', async () => {
      const s = await smsLogin('13600000001')
      const wrong = await api.request({
        method: 'PUT',
        url: '/api/me/realname',
        payload: { name: NAME, idNumber: '44010619900307123X' },
        headers: { authorization: `Bearer ${s.token}` },
      })
      expect(wrong.statusCode).toBe(400)
      expect(wrong.json()).toEqual({ code: 'REALNAME_INVALID', message: '身份证号码有误：校验位应为 1，请核对最后一位' })
      const ok = await api.request({ method: 'PUT', url: '/api/me/realname', payload: { name: NAME, idNumber: ID }, headers: { authorization: `Bearer ${s.token}` } })
      expect(ok.statusCode).toBe(200)
      expect(ok.json<Me>()).toMatchObject({ level: 2, phone: '136****0001', realName: { name: '张*明', idNumber: ID_MASKED } })
      expect(ok.body).not.toContain(ID)

      const other = await smsLogin('13600000002')
      const taken = await api.request({ method: 'PUT', url: '/api/me/realname', payload: { name: '李四', idNumber: ID }, headers: { authorization: `Bearer ${other.token}` } })
      expect(taken.statusCode).toBe(409)
      expect(taken.json()).toMatchObject({ code: 'REALNAME_ID_TAKEN' })
    })

    it('keeps no phone, ID number or name in plain text anywhere in the database', async () => {
      const text = await rawText(db)
      expect(text.length).toBeGreaterThan(0)
      for (const secret of [ID, '13600000001', '13800138000', '13700000002', NAME]) expect(text).not.toContain(secret)
    })
  })

  describe('sessions', () => {
    it('refuses missing, revoked and expired tokens', async () => {
      expect((await get('/api/me')).json()).toEqual({ code: 'UNAUTHORIZED', message: '请先登录' })
      const s = await smsLogin('13500000001')
      expect((await get('/api/me', s.token)).statusCode).toBe(200)
      expect((await post('/api/auth/logout', {}, s.token)).statusCode).toBe(204)
      const after = await get('/api/me', s.token)
      expect(after.statusCode).toBe(401)
      expect(after.json()).toEqual({ code: 'UNAUTHORIZED', message: '登录已失效，请重新登录' })

      const t = await smsLogin('13500000001')
      advance(30 * 86_400)
      expect((await get('/api/me', t.token)).statusCode).toBe(401)
      expect((await get('/api/me', 'x'.repeat(43))).statusCode).toBe(401)
    })

    it('stores only a hash of each token', async () => {
      const s = await smsLogin('13500000002')
      expect(await rawText(db)).not.toContain(s.token)
    })

    it("a resident cannot see or revoke another resident's session: 404", async () => {
      const a = await smsLogin('13500000003')
      const b = await smsLogin('13500000004')
      const bSessions = (await get('/api/me/sessions', b.token)).json<SessionList>()
      expect(bSessions.items).toEqual([expect.objectContaining({ current: true, provider: 'sms' })])
      const aSessions = (await get('/api/me/sessions', a.token)).json<SessionList>()
      expect(aSessions.items.map((s) => s.id)).not.toContain(bSessions.items[0].id)
      const cross = await del(`/api/me/sessions/${bSessions.items[0].id}`, a.token)
      expect(cross.statusCode).toBe(404)
      expect(cross.json()).toMatchObject({ code: 'NOT_FOUND' })
      expect((await get('/api/me', b.token)).statusCode).toBe(200)
      expect((await del(`/api/me/sessions/${bSessions.items[0].id}`, b.token)).statusCode).toBe(204)
      expect((await get('/api/me', b.token)).statusCode).toBe(401)
    })

    it('requireLevel(2) answers 403 REALNAME_REQUIRED', async () => {
      const gated = await buildApp({ config: testConfig(fakeEnv({ sms })), db, logger: false, clock: () => now })
      gated.get('/api/test/l2', { preHandler: gated.requireLevel(2) }, async () => ({ ok: true }))
      const s = await smsLogin('13500000005')
      const res = await gated.inject({ url: '/api/test/l2', headers: { authorization: `Bearer ${s.token}` } })
      await gated.close()
      // Its own DATA_KEY differs, but sessions are plain hashes: the token still works there.
      expect(res.statusCode).toBe(403)
      expect(res.json()).toEqual({ code: 'REALNAME_REQUIRED', message: '请先完成实名认证' })
    })
  })

  describe('PIPL rights', () => {
    it('exports everything held, unmasked, only for the SMS code sent to the account\'s phone, and audits it', async () => {
      const s = await smsLogin('13400000001')
      await api.request({ method: 'PUT', url: '/api/me/realname', payload: { name: '欧阳明华', idNumber: '11010519491231002X' }, headers: { authorization: `Bearer ${s.token}` } })
      // The unmasked file has no GET: a session alone is not enough.
      expect((await get('/api/me/export', s.token)).statusCode).toBe(404)
      advance(61) // the sign-in code's cooldown
      expect((await post('/api/me/export/code', {}, s.token)).statusCode).toBe(200)
      const res = await post('/api/me/export/full', { code: sms.lastCode('13400000001') }, s.token)
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-disposition']).toContain('attachment')
      const data = res.json<MeExport>()
      expect(data.account).toMatchObject({ phone: '13400000001', level: 2, realName: { name: '欧阳明华', idNumber: '11010519491231002X' } })
      expect(data.identities).toEqual([expect.objectContaining({ provider: 'sms', subject: '13400000001' })])
      expect(data.sessions.length).toBe(1)
      const audits = await db.query<{ action: string }>(`SELECT action FROM audit_log WHERE target = $1`, [`user:${s.user.id}`])
      expect(audits.rows.map((r) => r.action)).toContain('resident.export')
    })

    it('DELETE /api/me erases personal data and ends every session', async () => {
      const wx = (await post('/api/auth/wechat', { code: 'ok-erase1' })).json<SessionResponse>()
      const s = await smsLogin('13400000002', wx.token)
      await api.request({ method: 'PUT', url: '/api/me/realname', payload: { name: '王五', idNumber: '440304200002290014' }, headers: { authorization: `Bearer ${s.token}` } })
      expect((await del('/api/me', s.token)).statusCode).toBe(204)
      expect((await get('/api/me', s.token)).statusCode).toBe(401)
      expect((await get('/api/me', wx.token)).statusCode).toBe(401)
      const row = await db.query<Record<string, unknown>>('SELECT * FROM users WHERE id = $1', [s.user.id])
      expect(row.rows[0]).toMatchObject({ phone_enc: null, phone_hmac: null, realname_name_enc: null, id_number_enc: null, id_number_hmac: null, level: 1 })
      expect((await db.query('SELECT 1 FROM identities WHERE user_id = $1', [s.user.id])).rowCount).toBe(0)
      expect((await db.query('SELECT 1 FROM sessions WHERE user_id = $1', [s.user.id])).rowCount).toBe(0)
      const text = await rawText(db)
      for (const v of ['13400000002', '440304200002290014', '王五']) expect(text).not.toContain(v)
      // Signing in again makes a new, empty account.
      const fresh = (await post('/api/auth/wechat', { code: 'ok-erase1.2' })).json<SessionResponse>()
      expect(fresh.user.id).not.toBe(s.user.id)
      expect(fresh.user.level).toBe(1)
    })
  })
})
