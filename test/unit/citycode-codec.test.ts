// The city-code format and offline verifier: round trip, no personal data, and every refusal reason.
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import {
  CODE_CHARS,
  createVerifier,
  decodeCode,
  keyId,
  rawPublicKey,
  signCode,
  type CodeClaims,
  type PublicCityKey,
} from '../../server/modules/citycode/codec'

function newKey() {
  const { privateKey } = generateKeyPairSync('ed25519')
  const raw = rawPublicKey(privateKey)
  return { privateKey, kid: keyId(raw), publicKey: raw.toString('base64url') }
}

const T0 = Math.floor(Date.parse('2026-11-24T04:00:00Z') / 1000)
const at = (s: number) => new Date((T0 + s) * 1000)

describe('city code', () => {
  const k1 = newKey()
  const keys: PublicCityKey[] = [{ kid: k1.kid, publicKey: k1.publicKey }]
  const verifier = createVerifier(keys)
  const claims = (over: Partial<CodeClaims> = {}): Omit<CodeClaims, 'v'> => ({
    kind: 'rotating',
    scene: 'transit',
    kid: k1.kid,
    sub: randomBytes(12).toString('base64url'),
    iat: T0,
    exp: T0 + 60,
    jti: randomBytes(8).toString('hex'),
    ...over,
  })

  it('round-trips, is compact base64url and carries only the pseudonym', () => {
    const c = claims()
    const code = signCode(c, k1.privateKey)
    expect(code).toMatch(/^[A-Za-z0-9_-]+$/)
    expect(code.length).toBe(CODE_CHARS)
    expect(code.length).toBeLessThan(140)
    expect(decodeCode(code)?.claims).toEqual({ v: 1, ...c })
    expect(verifier.verify(code, 'transit', at(5))).toEqual({ ok: true, claims: { v: 1, ...c } })
  })

  it('refuses with a reason: expired, not yet valid, wrong scene, tampered, unknown key, malformed, too long', () => {
    const code = signCode(claims(), k1.privateKey)
    expect(verifier.verify(code, 'transit', at(60 + 10))).toMatchObject({ ok: false, reason: 'expired' })
    expect(verifier.verify(code, 'transit', at(60 + 9)).ok).toBe(true) // within the skew allowance
    expect(verifier.verify(code, 'transit', at(-30))).toMatchObject({ ok: false, reason: 'not_yet_valid' })
    expect(verifier.verify(code, 'library', at(1))).toMatchObject({ ok: false, reason: 'wrong_scene' })
    // Flip one bit of the payload (the exp field) and of the signature.
    const raw = Buffer.from(code, 'base64url')
    raw[25] ^= 1
    expect(verifier.verify(raw.toString('base64url'), 'transit', at(1))).toEqual({ ok: false, reason: 'bad_signature' })
    const raw2 = Buffer.from(code, 'base64url')
    raw2[90] ^= 0x80
    expect(verifier.verify(raw2.toString('base64url'), 'transit', at(1))).toEqual({ ok: false, reason: 'bad_signature' })
    const other = newKey()
    expect(verifier.verify(signCode(claims({ kid: other.kid }), other.privateKey), 'transit', at(1))).toMatchObject({ ok: false, reason: 'unknown_key' })
    expect(verifier.verify('hello', 'transit', at(1))).toEqual({ ok: false, reason: 'malformed' })
    expect(verifier.verify(signCode(claims({ exp: T0 + 61 }), k1.privateKey), 'transit', at(1))).toMatchObject({ ok: false, reason: 'too_long' })
    const printed = signCode(claims({ kind: 'printed', exp: T0 + 180 * 86400 }), k1.privateKey)
    expect(verifier.verify(printed, 'transit', at(100 * 86400)).ok).toBe(true)
    expect(verifier.verify(signCode(claims({ kind: 'printed', exp: T0 + 181 * 86400 }), k1.privateKey), 'transit', at(1))).toMatchObject({
      reason: 'too_long',
    })
  })

  it('a retired key still verifies what it signed before retirement, until it expires', () => {
    const k2 = newKey()
    const rotated = createVerifier([
      { kid: k1.kid, publicKey: k1.publicKey, retiredAt: T0 + 20 },
      { kid: k2.kid, publicKey: k2.publicKey },
    ])
    const before = signCode(claims(), k1.privateKey)
    expect(rotated.verify(before, 'transit', at(30)).ok).toBe(true)
    expect(rotated.verify(before, 'transit', at(75))).toMatchObject({ ok: false, reason: 'expired' })
    const after = signCode(claims({ iat: T0 + 100, exp: T0 + 160 }), k1.privateKey)
    expect(rotated.verify(after, 'transit', at(110))).toMatchObject({ ok: false, reason: 'key_retired' })
    expect(rotated.verify(signCode(claims({ kid: k2.kid, iat: T0 + 100, exp: T0 + 160 }), k2.privateKey), 'transit', at(110)).ok).toBe(true)
  })
})
