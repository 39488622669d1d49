// 导出我的数据 over the API, against the fake SMS gateway on loopback: the masked summary by section, the code sent to the
// account's own phone, wrong / expired / exhausted codes refused in Chinese and audited, the full file only after a good code.
import type { SessionResponse } from '@contract/auth'
import type { MeExport } from '@contract/me'
import type { ExportCodeResponse, MeExportSummary } from '@contract/me-export'
import { buildApp, type App } from '../../server/app'
import type { Db } from '../../server/db'
import { fakeEnv, startFakeSms, startFakeWechat, type FakeSms, type FakeWechat } from '../support/fakes'
import { databases, inject, prepareDatabase, testConfig, type Served } from './helpers'

const PHONE = '13800138021'
const PHONE_MASKED = '138****8021'
const ID = '440106199003071231'
const ID_MASKED = '440***********1231'

describe.each(databases())('导出我的数据 on $name', ({ open }) => {
  let db: Db
  let app: App
  let api: Served
  let sms: FakeSms
  let wechat: FakeWechat
  let now = new Date('2026-03-10T01:30:00Z')
  let token = ''
  let userId = ''
  let favourite = { code: '', name: '' }

  const advance = (seconds: number) => {
    now = new Date(now.getTime() + seconds * 1000)
  }
  const call = (method: string, url: string, payload?: unknown, as = token) =>
    api.request({ method, url, payload, headers: as ? { authorization: `Bearer ${as}` } : {} })
  const audits = async (action: string) =>
    (await db.query<{ detail: unknown }>('SELECT detail FROM audit_log WHERE action = $1 AND target = $2 ORDER BY id', [action, `user:${userId}`])).rows.map((r) => r.detail)

  beforeAll(async () => {
    ;[sms, wechat] = await Promise.all([startFakeSms(), startFakeWechat()])
    db = await prepareDatabase(await open())
    app = await buildApp({ config: testConfig(fakeEnv({ sms, wechat })), db, clock: () => now, logger: false })
    api = await inject(app)
    // A resident signed in by SMS, with a real name and one favourite.
    expect((await call('POST', '/api/auth/sms/send', { phone: PHONE }, '')).statusCode).toBe(200)
    const session = (await call('POST', '/api/auth/sms/verify', { phone: PHONE, code: sms.lastCode(PHONE) }, '')).json<SessionResponse>()
    ;({ token } = session)
    userId = session.user.id
    expect((await call('PUT', '/api/me/realname', { name: '张三明', idNumber: ID })).statusCode).toBe(200)
    const service = await db.query<{ code: string; name: string }>("SELECT code, name FROM services WHERE status = 'active' ORDER BY code LIMIT 1")
    favourite = service.rows[0]
    expect((await call('PUT', `/api/me/favourites/${favourite.code}`, {})).statusCode).toBeLessThan(300)
  }, 60_000)
  afterAll(async () => {
    await api?.close()
    await db?.close()
    await Promise.all([sms?.close(), wechat?.close()])
  })

  it('the summary is readable and masked: the account with 138****8021 and 440***********1231, then each section', async () => {
    const res = await call('GET', '/api/me/export/summary')
    expect(res.statusCode).toBe(200)
    const summary = res.json<MeExportSummary>()
    expect(summary.account).toMatchObject({ level: 2, phone: PHONE_MASKED, realName: { name: '张*明', idNumber: ID_MASKED }, providers: ['sms'], activeSessions: 1 })
    expect(summary.sections.map((s) => s.title)).toEqual(['预约', '12345 诉求', '办件', '证照', '收藏', '最近浏览', '一码通城', '好差评'])
    const favourites = summary.sections.find((s) => s.key === 'favourites')
    expect(favourites).toMatchObject({ count: 1, items: [{ title: favourite.name, at: now.toISOString() }] })
    expect(summary.sections.find((s) => s.key === 'applications')?.note).toContain('归档')
    expect(summary.fullExport).toEqual({ available: true })
    // Nothing unmasked anywhere in the answer.
    expect(res.body).not.toContain(PHONE)
    expect(res.body).not.toContain(ID)
    expect(res.body).not.toContain('张三明')
    // Reading the summary is not an export.
    expect(await audits('resident.export')).toHaveLength(0)
  })

  it('signed out, neither the summary nor the code nor the full file is given', async () => {
    for (const [method, url, body] of [['GET', '/api/me/export/summary'], ['POST', '/api/me/export/code', {}], ['POST', '/api/me/export/full', { code: '123456' }]] as const) {
      const res = await call(method, url, body, '')
      expect(res.statusCode).toBe(401)
      expect(res.json()).toEqual({ code: 'UNAUTHORIZED', message: expect.stringMatching(/登录/) })
    }
  })

  it('a code goes to the account\'s own phone over the SMS gateway; a wrong code is refused in Chinese and audited, and nothing is handed out', async () => {
    advance(61)
    const before = sms.messages.length
    const sent = await call('POST', '/api/me/export/code', {})
    expect(sent.statusCode).toBe(200)
    expect(sent.json<ExportCodeResponse>()).toEqual({ phone: PHONE_MASKED, cooldownSeconds: 60, expiresInSeconds: 300 })
    expect(sms.messages).toHaveLength(before + 1)
    expect(sms.messages[before].phone).toBe(PHONE)
    const code = sms.lastCode(PHONE)!
    expect(code).toMatch(/^\d{6}$/)

    const wrong = await call('POST', '/api/me/export/full', { code: code === '000000' ? '111111' : '000000' })
    expect(wrong.statusCode).toBe(400)
    expect(wrong.json()).toEqual({ code: 'SMS_CODE_INVALID', message: '验证码不正确，还可以再试 4 次' })
    expect(wrong.body).not.toContain(PHONE)
    expect(await audits('resident.export.refused')).toEqual([{ code: 'SMS_CODE_INVALID' }])
    expect(await audits('resident.export')).toHaveLength(0)

    // Malformed codes never reach the check.
    const malformed = await call('POST', '/api/me/export/full', { code: '12ab' })
    expect(malformed.statusCode).toBe(400)
    expect(malformed.json<{ code: string; message: string }>().message).toMatch(/[\u4e00-\u9fff]/)
    // Another code within the minute is refused by the sign-in's own cooldown.
    const again = await call('POST', '/api/me/export/code', {})
    expect(again.statusCode).toBe(429)
    expect(again.json<{ code: string }>().code).toBe('SMS_COOLDOWN')

    // Five minutes later the right code has expired.
    advance(301)
    const expired = await call('POST', '/api/me/export/full', { code })
    expect(expired.statusCode).toBe(400)
    expect(expired.json()).toEqual({ code: 'SMS_CODE_EXPIRED', message: '验证码已失效，请重新获取' })
    expect((await audits('resident.export.refused')).map((d) => (d as { code: string }).code)).toEqual(['SMS_CODE_INVALID', 'SMS_CODE_EXPIRED'])
  })

  it('with a fresh code the full file comes back unmasked, as an attachment, audited once; the code cannot be used twice', async () => {
    advance(61)
    expect((await call('POST', '/api/me/export/code', {})).statusCode).toBe(200)
    const code = sms.lastCode(PHONE)!
    const full = await call('POST', '/api/me/export/full', { code })
    expect(full.statusCode).toBe(200)
    expect(full.headers['content-disposition']).toBe('attachment; filename="onestop-my-data.json"')
    expect(full.headers['cache-control']).toBe('no-store')
    const data = full.json<MeExport>()
    expect(data.account).toMatchObject({ id: userId, phone: PHONE, realName: { name: '张三明', idNumber: ID } })
    expect(data.exportedAt).toBe(now.toISOString())
    expect(data.records['收藏与最近浏览']).toMatchObject({ favourites: [{ code: favourite.code }] })
    expect(await audits('resident.export')).toEqual([{ verifiedBy: 'sms' }])

    const reused = await call('POST', '/api/me/export/full', { code })
    expect(reused.statusCode).toBe(400)
    expect(reused.json<{ code: string }>().code).toBe('SMS_CODE_EXPIRED')
    expect(await audits('resident.export')).toHaveLength(1)
  })

  it('five wrong codes use the code up: 429, and the right one no longer opens the file', async () => {
    advance(61)
    expect((await call('POST', '/api/me/export/code', {})).statusCode).toBe(200)
    const code = sms.lastCode(PHONE)!
    const wrong = code === '999999' ? '888888' : '999999'
    const answers: number[] = []
    for (let i = 0; i < 5; i++) answers.push((await call('POST', '/api/me/export/full', { code: wrong })).statusCode)
    expect(answers).toEqual([400, 400, 400, 400, 429])
    const right = await call('POST', '/api/me/export/full', { code })
    expect(right.statusCode).toBe(429)
    expect(right.json()).toEqual({ code: 'SMS_TOO_MANY_TRIES', message: '验证码错误次数过多，请重新获取' })
    expect(await audits('resident.export')).toHaveLength(1)
  })

  it('an account without a phone (WeChat only) is told to link one: 409 EXPORT_NEEDS_PHONE, no SMS sent', async () => {
    const wx = (await call('POST', '/api/auth/wechat', { code: 'ok-export-wx' }, '')).json<SessionResponse>()
    const summary = (await call('GET', '/api/me/export/summary', undefined, wx.token)).json<MeExportSummary>()
    expect(summary.fullExport).toEqual({ available: false })
    expect(summary.account.phone).toBeUndefined()
    const before = sms.messages.length
    for (const [url, body] of [['/api/me/export/code', {}], ['/api/me/export/full', { code: '123456' }]] as const) {
      const res = await call('POST', url, body, wx.token)
      expect(res.statusCode).toBe(409)
      expect(res.json()).toEqual({ code: 'EXPORT_NEEDS_PHONE', message: expect.stringContaining('绑定手机号') })
    }
    expect(sms.messages).toHaveLength(before)
  })
})
