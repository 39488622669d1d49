// E-licence codes (亮证 QR): "<payload>.<signature>", both base64url; the payload is UTF-8 JSON LicenceClaims and the
// signature Ed25519 over "OSLC1." + the payload's text. Offline verification needs only the published public keys.
import { createHash, createPublicKey, sign as edSign, verify as edVerify, type KeyObject } from 'node:crypto'
import type { LicenceClaims } from '@contract/licences'

const DOMAIN = 'OSLC1.'
/** Verifier clocks may differ from the signer's by this much. */
export const SKEW_SECONDS = 30

export type LicenceVerify = { ok: true; claims: LicenceClaims } | { ok: false; reason: 'malformed' | 'unknown_key' | 'bad_signature' | 'expired'; claims?: LicenceClaims }

export function keyId(rawPublicKey: Uint8Array): string {
  return createHash('sha256').update(rawPublicKey).digest().subarray(0, 4).toString('hex')
}

export function rawPublicKey(key: KeyObject): Buffer {
  const pub = key.type === 'private' ? createPublicKey(key) : key
  return Buffer.from((pub.export({ format: 'jwk' }) as { x: string }).x, 'base64url')
}

export function signLicenceCode(claims: LicenceClaims, privateKey: KeyObject): string {
  const payload = Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url')
  const signature = edSign(null, Buffer.from(DOMAIN + payload), privateKey).toString('base64url')
  return `${payload}.${signature}`
}

const B64URL = /^[A-Za-z0-9_-]+$/

function decode(code: string): { payload: string; signature: Buffer; claims: LicenceClaims } | null {
  const [payload, sig, extra] = code.trim().split('.')
  if (!payload || !sig || extra !== undefined || !B64URL.test(payload) || !B64URL.test(sig)) return null
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as LicenceClaims
    if (!claims || claims.v !== 1 || typeof claims.kid !== 'string' || !Number.isInteger(claims.iat) || !Number.isInteger(claims.exp)) return null
    return { payload, signature: Buffer.from(sig, 'base64url'), claims }
  } catch {
    return null
  }
}

/** Offline check against published keys ({kid, publicKey} raw base64url): shape, key, signature, validity window. */
export function verifyLicenceCode(code: string, keys: readonly { kid: string; publicKey: string }[], now: Date = new Date()): LicenceVerify {
  const d = decode(code)
  if (!d) return { ok: false, reason: 'malformed' }
  const key = keys.find((k) => k.kid === d.claims.kid)
  if (!key) return { ok: false, reason: 'unknown_key' }
  const pub = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: key.publicKey }, format: 'jwk' })
  if (d.signature.length !== 64 || !edVerify(null, Buffer.from(DOMAIN + d.payload), pub, d.signature)) return { ok: false, reason: 'bad_signature' }
  const t = Math.floor(now.getTime() / 1000)
  if (t + SKEW_SECONDS < d.claims.iat || t - SKEW_SECONDS >= d.claims.exp) return { ok: false, reason: 'expired', claims: d.claims }
  return { ok: true, claims: d.claims }
}
