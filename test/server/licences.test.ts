// E-licences on PGlite and PostgreSQL: issued when a department approves, listed in 我的证照 with the holder masked,
// 亮证 codes only for the holder, verification online (signature, validity, not revoked) and offline with the
// published key — malformed, unknown-key, forged, expired and revoked codes each refused with their reason.
import type { SubmittedApplication } from '@contract/applications'
import type { Licence, LicenceCode, LicenceKeys, LicenceVerification } from '@contract/licences'
import { signLicenceCode, verifyLicenceCode } from '../../server/modules/licences/codec'
import { licenceKeyFrom } from '../../server/modules/licences/keys'
import { generateKeyPairSync } from 'node:crypto'
import { answersFor, applicationsSuite, START } from './applications-support'
import { databases } from './helpers'

describe.each(databases())('e-licences on $name', ({ open }) => {
  let now = START
  const s = applicationsSuite(open, () => now)
  const { world, call, submit, act, ok, materialsFor } = s
  let licence: Licence

  beforeAll(async () => {
    const code = 'gz-police-residence-permit-endorse'
    const form = world.forms.formFor(code)!
    const filed = await ok<SubmittedApplication>(submit('alice', { serviceCode: code, fields: answersFor(form), materials: await materialsFor('alice', form) }), 201)
    await ok(act('police-1', filed.id, { action: 'accept' }))
    await ok(act('police-1', filed.id, { action: 'approve', result: { licenceTitle: '广东省居住证' } }))
    licence = (await ok<{ items: Licence[] }>(call('alice', 'GET', '/api/me/licences'))).items[0]
  })

  it('lists the licence for its holder only, with the holder masked and the issuing department', async () => {
    expect(licence).toMatchObject({ type: '广东省居住证', holder: '张*明', issuer: '广州市公安局', status: 'valid', number: expect.stringMatching(/^DZ20260930\d{6}$/) })
    expect((await ok<{ items: Licence[] }>(call('bob', 'GET', '/api/me/licences'))).items).toEqual([])
    expect((await call('bob', 'GET', `/api/me/licences/${licence.id}/code`)).statusCode).toBe(404)
    expect((await call(null, 'GET', '/api/me/licences')).statusCode).toBe(401)
  })

  it('verifies a code online and offline, and refuses malformed, unknown-key, forged and expired ones', async () => {
    const { code, expiresAt } = await ok<LicenceCode>(call('alice', 'GET', `/api/me/licences/${licence.id}/code`))
    expect(new Date(expiresAt).getTime() - now.getTime()).toBe(120_000)
    const keys = await ok<LicenceKeys>(call(null, 'GET', '/api/licences/keys'))
    expect(keys).toEqual({ algorithm: 'Ed25519', keys: [{ kid: expect.stringMatching(/^[0-9a-f]{8}$/), publicKey: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) }] })
    const verify = (c: string) => ok<LicenceVerification>(call(null, 'POST', '/api/licences/verify', { code: c }))
    expect(await verify(code)).toEqual({ valid: true, type: '广东省居住证', title: '广东省居住证', holder: '张*明', issuer: '广州市公安局', issuedAt: licence.issuedAt, number: licence.number })
    expect(verifyLicenceCode(code, keys.keys, now)).toMatchObject({ ok: true })
    expect(await verify('not a code')).toEqual({ valid: false, reason: 'malformed' })
    // Signed by a key nobody published.
    const stranger = licenceKeyFrom(generateKeyPairSync('ed25519').privateKey)
    const [payload] = code.split('.')
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString())
    expect(await verify(signLicenceCode({ ...claims, kid: stranger.kid }, stranger.privateKey))).toEqual({ valid: false, reason: 'unknown_key' })
    expect(await verify(signLicenceCode({ ...claims }, stranger.privateKey))).toEqual({ valid: false, reason: 'bad_signature' })
    now = new Date(now.getTime() + 10 * 60_000)
    expect(await verify(code)).toEqual({ valid: false, reason: 'expired' })
    expect(verifyLicenceCode(code, keys.keys, now)).toMatchObject({ ok: false, reason: 'expired' })
  })

  it('says online that a revoked licence is no longer valid, and gives it no new code', async () => {
    const { code } = await ok<LicenceCode>(call('alice', 'GET', `/api/me/licences/${licence.id}/code`))
    await world.db.query('UPDATE licences SET revoked_at = $2 WHERE id = $1', [licence.id, now])
    expect(await ok<LicenceVerification>(call(null, 'POST', '/api/licences/verify', { code }))).toEqual({ valid: false, reason: 'revoked', number: licence.number })
    expect((await call('alice', 'GET', `/api/me/licences/${licence.id}/code`)).statusCode).toBe(404)
    expect((await ok<{ items: Licence[] }>(call('alice', 'GET', '/api/me/licences'))).items[0].status).toBe('revoked')
  })
})
