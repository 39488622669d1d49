// Staff sign-in and scope, rate limits, security headers and production config: lock-out with an injected clock, department guard, 429 shape, CSP hashes.
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { StaffSessionResponse } from '@contract/auth'
import { assertStaffScope } from '../../server/auth'
import { buildApp, inlineScriptHashes, type App } from '../../server/app'
import { ConfigError, loadConfig } from '../../server/config'
import { createDataCrypto } from '../../server/crypto'
import type { Db } from '../../server/db'
import { DEMO_STAFF_PASSWORD, seedDemo } from '../../server/db/seed/demo'
import { createStaffRepo } from '../../server/modules/staff/repo'
import { createStaffService } from '../../server/modules/staff/service'
import { databases, inject, prepareDatabase, tempDir, testConfig, type Served } from './helpers'

const KEY = Buffer.alloc(32, 7)

describe.each(databases())('staff on $name', ({ open }) => {
  let db: Db
  let app: App
  let api: Served
  let now = new Date('2025-06-16T01:00:00Z')

  beforeAll(async () => {
    db = await prepareDatabase(await open())
    await seedDemo(db)
    const service = createStaffService({ db, repo: createStaffRepo(db), crypto: createDataCrypto(KEY), clock: () => now })
    await service.create({ username: 'tax-clerk', password: 'Taxes2025ok', role: 'dept_staff', scope: 'gz-tax' })
    app = await buildApp({ config: testConfig({ DATA_KEY: KEY.toString('base64') }), db, clock: () => now, logger: false })
    // A department-scoped record, as later modules will have: only its department (and admin/dispatcher) may see it.
    app.get('/api/test/dept-record/:dept', { preHandler: app.requireStaff() }, async (request) => {
      const { dept } = request.params as { dept: string }
      const row = assertStaffScope(request, { id: 1, department_code: dept }, (r) => ({ departmentCode: r.department_code }))
      return { id: row.id }
    })
    app.get('/api/test/admin-only', { preHandler: app.requireStaff(['admin']) }, async () => ({ ok: true }))
    api = await inject(app)
  })
  afterAll(async () => {
    await api?.close()
    await db?.close()
  })

  const login = (username: string, password: string) => api.request({ method: 'POST', url: '/api/auth/staff', payload: { username, password } })
  const get = (url: string, token: string) => api.request({ url, headers: { authorization: `Bearer ${token}` } })

  it('signs demo staff in and audits it', async () => {
    const res = await login('demo-dept', DEMO_STAFF_PASSWORD)
    expect(res.statusCode).toBe(200)
    const body = res.json<StaffSessionResponse>()
    expect(body.staff).toEqual({ id: expect.any(String), username: 'demo-dept', displayName: expect.any(String), role: 'dept_staff', departmentCode: 'gz-police' })
    expect(new Date(body.expiresAt).getTime() - now.getTime()).toBe(8 * 3600_000)
    expect((await get('/api/staff/me', body.token)).json()).toEqual(body.staff)
    const audit = await db.query<{ action: string }>(`SELECT action FROM audit_log WHERE actor_id = $1`, [body.staff.id])
    expect(audit.rows.map((r) => r.action)).toContain('staff.login')
  })

  it('locks a username after 5 wrong passwords for 15 minutes, known or not', async () => {
    for (let i = 1; i <= 4; i++) {
      const r = await login('demo-hall', 'wrong-password-1')
      expect(r.statusCode).toBe(401)
      expect(r.json()).toMatchObject({ code: 'STAFF_LOGIN_FAILED', message: expect.stringContaining(`再错 ${5 - i} 次`) })
    }
    const fifth = await login('demo-hall', 'wrong-password-1')
    expect(fifth.statusCode).toBe(423)
    expect(fifth.json()).toMatchObject({ code: 'STAFF_LOCKED', message: expect.stringContaining('09:15') })
    expect(fifth.headers['retry-after']).toBe('900')
    expect((await login('demo-hall', DEMO_STAFF_PASSWORD)).statusCode).toBe(423)
    now = new Date(now.getTime() + 15 * 60_000 + 1000)
    expect((await login('demo-hall', DEMO_STAFF_PASSWORD)).statusCode).toBe(200)

    // An unknown username answers exactly like a known one.
    const unknown = await login('nobody-here', 'wrong-password-1')
    expect(unknown.statusCode).toBe(401)
    expect(unknown.json()).toEqual((await login('demo-admin', 'wrong-password-1')).json())
    const failed = await db.query(`SELECT 1 FROM audit_log WHERE action = 'staff.login_failed'`)
    expect(failed.rowCount).toBeGreaterThanOrEqual(7)
  })

  it('keeps department staff to their own department (404), admin sees all, roles are enforced (403)', async () => {
    const police = (await login('demo-dept', DEMO_STAFF_PASSWORD)).json<StaffSessionResponse>().token
    const tax = (await login('tax-clerk', 'Taxes2025ok')).json<StaffSessionResponse>().token
    const admin = (await login('demo-admin', DEMO_STAFF_PASSWORD)).json<StaffSessionResponse>().token
    expect((await get('/api/test/dept-record/gz-police', police)).statusCode).toBe(200)
    expect((await get('/api/test/dept-record/gz-police', tax)).statusCode).toBe(404)
    expect((await get('/api/test/dept-record/gz-tax', police)).statusCode).toBe(404)
    expect((await get('/api/test/dept-record/gz-tax', admin)).statusCode).toBe(200)
    expect((await get('/api/test/admin-only', police)).json()).toMatchObject({ code: 'FORBIDDEN' })
    expect((await get('/api/test/admin-only', admin)).statusCode).toBe(200)
  })

  it('keeps staff and resident tokens apart, and logout revokes staff sessions', async () => {
    const token = (await login('demo-dispatcher', DEMO_STAFF_PASSWORD)).json<StaffSessionResponse>().token
    expect((await get('/api/me', token)).statusCode).toBe(401)
    expect((await api.request({ method: 'POST', url: '/api/auth/logout', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(204)
    expect((await get('/api/staff/me', token)).statusCode).toBe(401)
  })
})

describe('rate limits', () => {
  it('answers 429 RATE_LIMITED and keys by X-Forwarded-For only with TRUST_PROXY', async () => {
    const db = await prepareDatabase(await databases()[0].open())
    const make = async (env: Record<string, string>) => buildApp({ config: testConfig({ AUTH_RATE_LIMIT_PER_MINUTE: '2', ...env }), db, logger: false })
    const plain = await make({})
    const hit = (a: App, ip: string) =>
      a.inject({ method: 'POST', url: '/api/auth/staff', payload: { username: 'x', password: 'y' }, headers: { 'x-forwarded-for': ip } })
    await hit(plain, '1.1.1.1')
    await hit(plain, '2.2.2.2')
    const third = await hit(plain, '3.3.3.3')
    expect(third.statusCode).toBe(429)
    expect(third.json()).toEqual({ code: 'RATE_LIMITED', message: expect.stringMatching(/^请求过于频繁，请 \d+ 秒后再试$/) })
    expect(third.headers['retry-after']).toBeDefined()
    // Other routes have their own, larger bucket.
    expect((await plain.inject({ url: '/api/health' })).statusCode).toBe(200)
    await plain.close()

    const proxied = await make({ TRUST_PROXY: '1' })
    await hit(proxied, '1.1.1.1')
    await hit(proxied, '1.1.1.1')
    expect((await hit(proxied, '1.1.1.1')).statusCode).toBe(429)
    expect((await hit(proxied, '2.2.2.2')).statusCode).not.toBe(429)
    await proxied.close()
    await db.close()
  })
})

describe('security headers', () => {
  it('sends a CSP that allows the built index.html inline script by hash', async () => {
    const h5 = tempDir('h5')
    mkdirSync(path.join(h5, 'js'))
    const inline = 'document.documentElement.style.fontSize = "20px"'
    writeFileSync(path.join(h5, 'index.html'), `<!doctype html><html><head><script>${inline}</script><script defer src="/js/app.js"></script></head><body></body></html>`)
    writeFileSync(path.join(h5, 'js', 'app.js'), '1')
    const [hash] = inlineScriptHashes(`<script>${inline}</script>`)
    expect(hash).toMatch(/^'sha256-[A-Za-z0-9+/]+=*'$/)
    const db = await prepareDatabase(await databases()[0].open())
    const app = await buildApp({ config: testConfig({ H5_DIR: h5 }), db, logger: false })
    const res = await app.inject({ url: '/', headers: { accept: 'text/html' } })
    const csp = String(res.headers['content-security-policy'])
    expect(csp).toContain(`script-src 'self' ${hash}`)
    expect(csp).not.toContain("script-src 'self' 'unsafe-inline'")
    expect(csp).toContain("img-src 'self' data: blob:")
    expect(csp).not.toContain('upgrade-insecure-requests')
    expect((await app.inject({ url: '/api/health' })).headers['content-security-policy']).toBeDefined()
    await app.close()
    await db.close()
  })
})

describe('production configuration', () => {
  it('refuses to start without its secrets, naming all of them', () => {
    let err: unknown
    try {
      loadConfig({ NODE_ENV: 'production', WECHAT_APPID: 'wx1' }, '/srv')
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(ConfigError)
    const message = (err as Error).message
    for (const name of ['DATA_KEY', 'WECHAT_SECRET', 'ALIPAY_APPID', 'ALIPAY_PRIVATE_KEY', 'ALIPAY_PUBLIC_KEY', 'SMS_GATEWAY_URL', 'SMS_GATEWAY_KEY']) {
      expect(message).toContain(name)
    }
    expect(message).not.toContain('WECHAT_APPID、')
  })

  it('refuses demo data in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DEMO: '1' }, '/srv')).toThrow(/DEMO=1/)
  })

  it('rejects a malformed DATA_KEY without echoing it', () => {
    expect(() => loadConfig({ DATA_KEY: 'short-secret' }, '/srv')).toThrow(ConfigError)
    try {
      loadConfig({ DATA_KEY: 'short-secret' }, '/srv')
    } catch (e) {
      expect((e as Error).message).not.toContain('short-secret')
    }
  })
})
