// City code end to end on each database: issuing, offline and online verification, every refusal reason, the retired
// key, per-scene pseudonyms, offline batches, printed elder codes with family delegation, and the usage log.
import { randomBytes } from 'node:crypto'
import type { CityKeyList, CodeBatch, CodeUseList, CurrentCode, DelegationList, PrintedCode, PrintedCodeList, VerifyResponse } from '@contract/citycode'
import { buildApp, type App } from '../../server/app'
import { createSession } from '../../server/auth'
import { createApiKey } from '../../server/auth/api-keys'
import { createDataCrypto } from '../../server/crypto'
import type { Db } from '../../server/db'
import { seedDemo, DEMO_STAFF_PASSWORD } from '../../server/db/seed/demo'
import { createVerifier, decodeCode } from '../../server/modules/citycode/codec'
import { databases, inject, prepareDatabase, tempDir, testConfig, type Served } from './helpers'
import { fullExport } from './export-code'

const KEY = randomBytes(32)
const crypto = createDataCrypto(KEY)

describe.each(databases())('city code on $name', ({ open }) => {
  let db: Db
  let app: App
  let api: Served
  let now = new Date('2026-11-24T02:00:00.000Z')
  const advance = (s: number) => {
    now = new Date(now.getTime() + s * 1000)
  }
  const keys: Record<string, string> = {}
  let alice: string // L2 resident
  let aliceId: string
  let bob: string // L2, Alice's son (family agent)
  let carol: string // L1
  let staffToken: string

  async function resident(level: 1 | 2, phone?: string): Promise<{ id: string; token: string }> {
    const r = await db.query<{ id: string }>(
      'INSERT INTO users (created_at, level, id_number_hmac, phone_enc, phone_hmac, realname_name_enc) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
      [
        now,
        level,
        level === 2 ? randomBytes(16).toString('hex') : null,
        phone ? crypto.seal('users.phone', phone) : null,
        phone ? crypto.lookup('phone', phone) : null,
        level === 2 ? crypto.seal('users.name', '王秀英') : null,
      ],
    )
    const s = await createSession(db, { userId: r.rows[0].id, provider: 'sms' }, now)
    return { id: r.rows[0].id, token: s.token }
  }

  beforeAll(async () => {
    db = await prepareDatabase(await open())
    await seedDemo(db)
    app = await buildApp({ config: testConfig({ DATA_KEY: KEY.toString('base64'), DATA_DIR: tempDir('citycode') }), db, crypto, clock: () => now, logger: false })
    api = await inject(app)
    for (const scene of ['transit', 'library', 'hall']) keys[scene] = (await createApiKey(db, `${scene} 合作方`, `citycode:${scene}`)).key
    const a = await resident(2, '13800000001')
    alice = a.token
    aliceId = a.id
    bob = (await resident(2, '13800000002')).token
    carol = (await resident(1)).token
  })
  afterAll(async () => {
    await api?.close()
    await db?.close()
  })

  const get = (url: string, token?: string) => api.request({ url, headers: token ? { authorization: `Bearer ${token}` } : {} })
  const post = (url: string, payload: unknown, token?: string) =>
    api.request({ method: 'POST', url, payload, headers: token ? { authorization: `Bearer ${token}` } : {} })
  const verify = async (code: string, scene: string, key = keys[scene]) => {
    const res = await api.request({ method: 'POST', url: '/api/citycode/verify', payload: { code, scene }, headers: { 'x-api-key': key } })
    expect(res.statusCode).toBe(200)
    return res.json<VerifyResponse>()
  }
  const current = async (scene: string, token = alice) => {
    const res = await get(`/api/citycode/code?scene=${scene}`, token)
    expect(res.statusCode).toBe(200)
    return res.json<CurrentCode>()
  }
  const publicKeys = async () => (await get('/api/citycode/keys')).json<CityKeyList>()
  const offlineVerifier = async () =>
    createVerifier((await publicKeys()).keys.map((k) => ({ kid: k.kid, publicKey: k.publicKey, retiredAt: k.retiredAt ? Date.parse(k.retiredAt) / 1000 : null })))

  it('publishes the public key (cacheable) and only gives codes to real-name residents', async () => {
    const res = await get('/api/citycode/keys')
    expect(res.statusCode).toBe(200)
    expect(res.headers['cache-control']).toBe('public, max-age=300')
    const body = res.json<CityKeyList>()
    expect(body.keys).toEqual([{ kid: expect.stringMatching(/^[0-9a-f]{8}$/), alg: 'Ed25519', publicKey: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), status: 'active', retiredAt: null }])
    expect((await get('/api/citycode/code?scene=transit')).statusCode).toBe(401)
    const l1 = await get('/api/citycode/code?scene=transit', carol)
    expect(l1.statusCode).toBe(403)
    expect(l1.json()).toMatchObject({ code: 'REALNAME_REQUIRED' })
    expect((await get('/api/citycode/code?scene=bus', alice)).statusCode).toBe(400)
  })

  it('a code verifies offline with the public key and online once per scene; the replay is refused', async () => {
    const c = await current('transit')
    expect(Date.parse(c.validUntil) - Date.parse(c.validFrom)).toBe(60_000)
    expect(c.refreshSeconds).toBe(30)
    expect(c.code).not.toContain(aliceId)
    const offline = (await offlineVerifier()).verify(c.code, 'transit', now)
    expect(offline.ok).toBe(true)
    advance(5)
    const online = await verify(c.code, 'transit')
    expect(online).toEqual({
      ok: true,
      scene: 'transit',
      subject: offline.ok ? offline.claims.sub : '',
      level: 2,
      kind: 'rotating',
      validUntil: c.validUntil,
      checkedAt: now.toISOString(),
    })
    expect(await verify(c.code, 'transit')).toMatchObject({ ok: false, reason: 'replayed', message: '该码已使用过，请刷新后重试' })
  })

  it('refuses expired, tampered, wrong-scene codes and keys of another scene, with the reason', async () => {
    const c = await current('transit')
    // Wrong scene: the library's key, the library scene.
    expect(await verify(c.code, 'library')).toMatchObject({ ok: false, reason: 'wrong_scene' })
    // A transit key cannot verify in the library scene.
    const res = await api.request({ method: 'POST', url: '/api/citycode/verify', payload: { code: c.code, scene: 'library' }, headers: { 'x-api-key': keys.transit } })
    expect(res.statusCode).toBe(401)
    expect(res.json()).toMatchObject({ code: 'API_KEY_INVALID' })
    const noKey = await api.request({ method: 'POST', url: '/api/citycode/verify', payload: { code: c.code, scene: 'transit' } })
    expect(noKey.statusCode).toBe(401)
    // Tampered: one bit of the expiry.
    const raw = Buffer.from(c.code, 'base64url')
    raw[25] ^= 1
    expect(await verify(raw.toString('base64url'), 'transit')).toMatchObject({ ok: false, reason: 'bad_signature' })
    expect(await verify('not a code', 'transit')).toMatchObject({ ok: false, reason: 'malformed' })
    // Expired: 60 s validity + 10 s skew.
    advance(71)
    expect(await verify(c.code, 'transit')).toMatchObject({ ok: false, reason: 'expired', message: '码已过期，请刷新后重试' })
    expect((await offlineVerifier()).verify(c.code, 'transit', now)).toMatchObject({ ok: false, reason: 'expired' })
  })

  it('uses a different pseudonym per scene (and per person), stable within a scene', async () => {
    const sub = (code: string) => decodeCode(code)?.claims.sub
    const t1 = sub((await current('transit')).code)
    const t2 = sub((await current('transit')).code)
    const lib = sub((await current('library')).code)
    const med = sub((await current('medical_insurance')).code)
    const bobT = sub((await current('transit', bob)).code)
    expect(t1).toBe(t2)
    expect(new Set([t1, lib, med, bobT]).size).toBe(4)
  })

  it('gives a batch of pre-signed codes for at least 10 minutes offline, 30 s apart, each valid 60 s', async () => {
    const res = await get('/api/citycode/batch', alice)
    expect(res.statusCode).toBe(200)
    const batch = res.json<CodeBatch>()
    expect(Date.parse(batch.offlineUntil) - now.getTime()).toBeGreaterThanOrEqual(10 * 60_000)
    const transit = batch.codes.filter((c) => c.scene === 'transit')
    expect(transit.length).toBe(30)
    expect(new Set(batch.codes.map((c) => c.scene)).size).toBe(5)
    const verifier = await offlineVerifier()
    // The code for minute 9:30 is valid then (offline and online), not before.
    const later = transit.find((c) => Date.parse(c.validFrom) === now.getTime() + 570_000)!
    expect(verifier.verify(later.code, 'transit', now)).toMatchObject({ ok: false, reason: 'not_yet_valid' })
    advance(575)
    expect(verifier.verify(later.code, 'transit', now).ok).toBe(true)
    expect(await verify(later.code, 'transit')).toMatchObject({ ok: true })
  })

  it('a code signed by a retired key still verifies until it expires; new codes use the new key', async () => {
    const before = await current('library')
    app.citycode.keys.rotate(now)
    const list = await publicKeys()
    expect(list.keys.map((k) => k.status)).toEqual(['active', 'retired'])
    expect(list.keys[1].kid).toBe(decodeCode(before.code)?.claims.kid)
    const after = await current('library')
    expect(decodeCode(after.code)?.claims.kid).toBe(list.keys[0].kid)
    advance(20)
    expect((await offlineVerifier()).verify(before.code, 'library', now).ok).toBe(true)
    expect(await verify(before.code, 'library')).toMatchObject({ ok: true })
    expect(await verify(after.code, 'library')).toMatchObject({ ok: true })
    const another = await current('library')
    advance(20)
    // Issued before rotation+20 s, it is still a valid new-key code; an old-key code now expires normally.
    expect(await verify(another.code, 'library')).toMatchObject({ ok: true })
  })

  it('printed elder codes: issued up to 180 days, used many times, refused once revoked; family acts for the elder', async () => {
    expect((await post('/api/citycode/printed', { scene: 'transit', days: 181 }, alice)).statusCode).toBe(400)
    const issued = await post('/api/citycode/printed', { scene: 'transit', days: 180 }, alice)
    expect(issued.statusCode).toBe(200)
    const printed = issued.json<PrintedCode>()
    expect(printed).toMatchObject({ scene: 'transit', holder: '本人', issuedBy: 'self', status: 'active', revokedAt: null })
    expect(Date.parse(printed.expiresAt) - Date.parse(printed.issuedAt)).toBe(180 * 86_400_000)
    advance(10 * 86_400)
    expect(await verify(printed.code, 'transit')).toMatchObject({ ok: true, kind: 'printed', level: 2 })
    advance(60)
    expect(await verify(printed.code, 'transit')).toMatchObject({ ok: true, kind: 'printed' })

    // Bob cannot act for Alice until she names him.
    expect((await post('/api/citycode/printed', { scene: 'library', days: 30, forUserId: aliceId }, bob)).statusCode).toBe(403)
    expect((await get(`/api/citycode/printed/${printed.id}`, bob)).statusCode).toBe(404)
    expect((await post('/api/citycode/delegations', { phone: '13900000009' }, alice)).statusCode).toBe(404)
    const added = await post('/api/citycode/delegations', { phone: '13800000002' }, alice)
    expect(added.statusCode).toBe(200)
    expect(added.json<DelegationList>().agents).toEqual([{ userId: expect.any(String), name: '王*英', createdAt: now.toISOString() }])
    const mine = (await get('/api/citycode/delegations', bob)).json<DelegationList>()
    expect(mine.principals.map((p) => p.userId)).toEqual([aliceId])
    const forAlice = await post('/api/citycode/printed', { scene: 'library', days: 30, forUserId: aliceId }, bob)
    expect(forAlice.statusCode).toBe(200)
    expect(forAlice.json<PrintedCode>()).toMatchObject({ holder: '王*英', holderId: aliceId, issuedBy: 'family' })
    const bobList = (await get('/api/citycode/printed', bob)).json<PrintedCodeList>()
    expect(bobList.items.map((p) => p.id).sort()).toEqual([printed.id, forAlice.json<PrintedCode>().id].sort())

    // Bob revokes Alice's transit card: refused from then on, with the reason.
    const revoked = await post(`/api/citycode/printed/${printed.id}/revoke`, {}, bob)
    expect(revoked.json<PrintedCode>()).toMatchObject({ status: 'revoked', revokedAt: now.toISOString() })
    expect(await verify(printed.code, 'transit')).toMatchObject({ ok: false, reason: 'revoked', message: '该码已被作废' })
    expect((await offlineVerifier()).verify(printed.code, 'transit', now).ok).toBe(true) // offline cannot know; online does
    expect((await post(`/api/citycode/printed/${printed.id}/revoke`, {}, carol)).statusCode).toBe(403)
  })

  it('hall staff verify hall codes with their session; other scenes are not theirs', async () => {
    const login = await api.request({ method: 'POST', url: '/api/auth/staff', payload: { username: 'demo-hall', password: DEMO_STAFF_PASSWORD } })
    staffToken = login.json<{ token: string }>().token
    const c = await current('hall')
    const res = await api.request({ method: 'POST', url: '/api/citycode/staff/verify', payload: { code: c.code, scene: 'hall' }, headers: { authorization: `Bearer ${staffToken}` } })
    expect(res.json()).toMatchObject({ ok: true, scene: 'hall' })
    const other = await api.request({ method: 'POST', url: '/api/citycode/staff/verify', payload: { code: c.code, scene: 'transit' }, headers: { authorization: `Bearer ${staffToken}` } })
    expect(other.statusCode).toBe(403)
    expect((await post('/api/citycode/staff/verify', { code: c.code, scene: 'hall' }, alice)).statusCode).toBe(403)
  })

  it('logs every verification for the resident: 码使用记录 with scene, result, reason and who checked', async () => {
    const res = await get('/api/citycode/usage', alice)
    expect(res.statusCode).toBe(200)
    const items = res.json<CodeUseList>().items
    const summary = items.map((u) => `${u.scene}:${u.kind}:${u.ok ? 'ok' : u.reason}:${u.verifier}`)
    expect(summary).toEqual(
      expect.arrayContaining([
        'transit:rotating:ok:transit 合作方',
        'transit:rotating:replayed:transit 合作方',
        'library:rotating:wrong_scene:library 合作方',
        'transit:rotating:expired:transit 合作方',
        'transit:printed:ok:transit 合作方',
        'transit:printed:revoked:transit 合作方',
        'hall:rotating:ok:工作人员 天河区政务服务中心窗口（演示）',
      ]),
    )
    // Tampered codes cannot be tied to anyone: logged, but not in anyone's list.
    expect(summary.some((s) => s.includes('bad_signature'))).toBe(false)
    const anon = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM citycode_uses WHERE user_id IS NULL AND reason IN ('bad_signature', 'malformed')")
    expect(anon.rows[0].n).toBe(2)
    expect((await get('/api/citycode/usage', bob)).json<CodeUseList>().items).toEqual([])
  })

  it('exports the resident\'s city-code data; erasure revokes printed codes and deletes pseudonyms, family links and the log', async () => {
    const exported = await fullExport(app, { authorization: `Bearer ${alice}` })
    expect(exported.statusCode).toBe(200)
    const section = exported.json<{ records: { citycode: { printedCodes: unknown[]; usage: unknown[]; familyLinks: unknown[] } } }>().records.citycode
    expect(section.printedCodes.length).toBe(2)
    expect(section.usage.length).toBeGreaterThan(5)
    expect(section.familyLinks.length).toBe(1)
    const [stillActive] = (await get('/api/citycode/printed', alice)).json<PrintedCodeList>().items.filter((p) => p.status === 'active')
    const live = await current('transit')
    const erase = await api.request({ method: 'DELETE', url: '/api/me', headers: { authorization: `Bearer ${alice}` } })
    expect(erase.statusCode).toBe(204)
    expect(await verify(live.code, 'transit')).toMatchObject({ ok: false, reason: 'unknown_subject' })
    const lib = await verify(stillActive.code, 'library')
    expect(lib).toMatchObject({ ok: false })
    expect(['revoked', 'unknown_subject']).toContain(lib.ok ? '' : lib.reason)
    const left = await db.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM citycode_uses WHERE user_id = $1) + (SELECT count(*) FROM citycode_subjects WHERE user_id = $1)
            + (SELECT count(*) FROM citycode_delegations WHERE principal_id = $1 OR agent_id = $1) AS n`,
      [aliceId],
    )
    expect(Number(left.rows[0].n)).toBe(0)
  })

  it('prunes the replay guard after codes expire', async () => {
    await current('transit', bob)
    advance(3600)
    await app.jobs.run('citycode.prune')
    const left = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM citycode_redemptions')
    expect(left.rows[0].n).toBe(0)
  })
})
