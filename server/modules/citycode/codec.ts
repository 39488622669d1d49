// City code (一码通城) format, signing and the offline verifier: needs only the published public keys and a clock.
// Node only (node:crypto Ed25519); the app displays codes the server signed and never imports this file.
//
// A code is base64url of 99 bytes: a 35-byte payload and its Ed25519 signature (64 bytes) over
// "OSCC1" ‖ payload. Payload (big-endian):
//   0      version (1)
//   1      kind: 0 rotating (≤ 60 s), 1 printed (≤ 180 days)
//   2      scene index (CITY_SCENES)
//   3–6    kid: first 4 bytes of SHA-256 of the raw 32-byte public key
//   7–18   sub: 12-byte per-scene pseudonym (HMAC of user id + scene under a server secret)
//   19–22  iat, 23–26 exp: Unix seconds
//   27–34  jti: 8 random bytes (printed codes: the printed card's id)
// No name, phone or user id appears in it; the same resident has unrelated `sub`s in different scenes.
import { createHash, createPrivateKey, createPublicKey, sign as edSign, verify as edVerify, type KeyObject } from 'node:crypto'
import { CITY_SCENES, type CityScene, type RefusalReason } from '@domain/citycode-scenes'

export { CITY_SCENES, SCENE_LABELS, REASON_LABELS, isCityScene, type CityScene, type RefusalReason } from '@domain/citycode-scenes'

export const CODE_VERSION = 1
export const PAYLOAD_BYTES = 35
export const SIGNATURE_BYTES = 64
export const CODE_BYTES = PAYLOAD_BYTES + SIGNATURE_BYTES
/** Length of the base64url text of a code. */
export const CODE_CHARS = Math.ceil((CODE_BYTES * 4) / 3)
/** A rotating code may live at most this long. */
export const MAX_ROTATING_SECONDS = 60
/** A printed code may live at most this long. */
export const MAX_PRINTED_SECONDS = 180 * 86_400
/** The app shows a new rotating code this often. */
export const REFRESH_SECONDS = 30
/** Verifier clocks may differ from the signer's by this much. */
export const DEFAULT_SKEW_SECONDS = 10

const DOMAIN = Buffer.from('OSCC1')

export type CodeKind = 'rotating' | 'printed'

export interface CodeClaims {
  v: number
  kind: CodeKind
  scene: CityScene
  /** Key id, 8 hex characters. */
  kid: string
  /** Per-scene pseudonym, base64url (16 characters). */
  sub: string
  /** Unix seconds. */
  iat: number
  exp: number
  /** Code id, 16 hex characters. */
  jti: string
}

/** A public key as GET /api/citycode/keys publishes it. */
export interface PublicCityKey {
  kid: string
  /** Raw 32-byte Ed25519 public key, base64url. */
  publicKey: string
  /** Unix seconds after which the key signs nothing more; codes it signed before stay valid until they expire. */
  retiredAt?: number | null
}

export type VerifyResult = { ok: true; claims: CodeClaims } | { ok: false; reason: RefusalReason; claims?: CodeClaims }

/** The key id of a raw public key. */
export function keyId(rawPublicKey: Uint8Array): string {
  return createHash('sha256').update(rawPublicKey).digest().subarray(0, 4).toString('hex')
}

/** Raw 32-byte public key of an Ed25519 KeyObject (private or public). */
export function rawPublicKey(key: KeyObject): Buffer {
  const pub = key.type === 'private' ? createPublicKey(key) : key
  const jwk = pub.export({ format: 'jwk' }) as { x?: string }
  return Buffer.from(jwk.x as string, 'base64url')
}

export function publicKeyObject(raw: string | Uint8Array): KeyObject {
  const x = typeof raw === 'string' ? raw : Buffer.from(raw).toString('base64url')
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' })
}

/** Encodes and signs `claims` with `privateKey` (whose key id must be claims.kid). */
export function signCode(claims: Omit<CodeClaims, 'v'>, privateKey: KeyObject): string {
  const payload = Buffer.alloc(PAYLOAD_BYTES)
  const scene = CITY_SCENES.indexOf(claims.scene)
  if (scene < 0) throw new RangeError(`unknown scene ${claims.scene}`)
  const kid = Buffer.from(claims.kid, 'hex')
  const sub = Buffer.from(claims.sub, 'base64url')
  const jti = Buffer.from(claims.jti, 'hex')
  if (kid.length !== 4 || sub.length !== 12 || jti.length !== 8) throw new RangeError('kid, sub or jti has the wrong length')
  payload[0] = CODE_VERSION
  payload[1] = claims.kind === 'printed' ? 1 : 0
  payload[2] = scene
  kid.copy(payload, 3)
  sub.copy(payload, 7)
  payload.writeUInt32BE(claims.iat, 19)
  payload.writeUInt32BE(claims.exp, 23)
  jti.copy(payload, 27)
  const signature = edSign(null, Buffer.concat([DOMAIN, payload]), privateKey)
  return Buffer.concat([payload, signature]).toString('base64url')
}

const B64URL = /^[A-Za-z0-9_-]+$/

/** The claims of a code without checking anything but its shape; null when it is not a v1 code. */
export function decodeCode(code: string): { claims: CodeClaims; payload: Buffer; signature: Buffer } | null {
  const text = code.trim()
  if (text.length !== CODE_CHARS || !B64URL.test(text)) return null
  const raw = Buffer.from(text, 'base64url')
  if (raw.length !== CODE_BYTES || raw[0] !== CODE_VERSION || raw[1] > 1 || raw[2] >= CITY_SCENES.length) return null
  const payload = raw.subarray(0, PAYLOAD_BYTES)
  return {
    payload,
    signature: raw.subarray(PAYLOAD_BYTES),
    claims: {
      v: raw[0],
      kind: raw[1] === 1 ? 'printed' : 'rotating',
      scene: CITY_SCENES[raw[2]],
      kid: raw.subarray(3, 7).toString('hex'),
      sub: raw.subarray(7, 19).toString('base64url'),
      iat: raw.readUInt32BE(19),
      exp: raw.readUInt32BE(23),
      jti: raw.subarray(27, 35).toString('hex'),
    },
  }
}

export interface VerifierOptions {
  /** Allowed clock difference in seconds (default 10). */
  skewSeconds?: number
}

/**
 * An offline verifier over a set of public keys (KeyObjects are built once). `verify(code, scene, now)` checks,
 * in order: shape, known key, signature, key retirement, scene, validity window and its length.
 */
export function createVerifier(keys: readonly PublicCityKey[], options: VerifierOptions = {}) {
  const skew = options.skewSeconds ?? DEFAULT_SKEW_SECONDS
  const byKid = new Map<string, { key: KeyObject; retiredAt: number | null }>()
  for (const k of keys) byKid.set(k.kid, { key: publicKeyObject(k.publicKey), retiredAt: k.retiredAt ?? null })
  return {
    verify(code: string, scene: CityScene, now: Date = new Date()): VerifyResult {
      const decoded = decodeCode(code)
      if (!decoded) return { ok: false, reason: 'malformed' }
      const { claims } = decoded
      const key = byKid.get(claims.kid)
      if (!key) return { ok: false, reason: 'unknown_key', claims }
      if (!edVerify(null, Buffer.concat([DOMAIN, decoded.payload]), key.key, decoded.signature)) {
        return { ok: false, reason: 'bad_signature' }
      }
      if (key.retiredAt !== null && claims.iat > key.retiredAt + skew) return { ok: false, reason: 'key_retired', claims }
      if (claims.scene !== scene) return { ok: false, reason: 'wrong_scene', claims }
      const t = Math.floor(now.getTime() / 1000)
      const limit = claims.kind === 'printed' ? MAX_PRINTED_SECONDS : MAX_ROTATING_SECONDS
      if (claims.exp <= claims.iat || claims.exp - claims.iat > limit) return { ok: false, reason: 'too_long', claims }
      if (t + skew < claims.iat) return { ok: false, reason: 'not_yet_valid', claims }
      if (t - skew >= claims.exp) return { ok: false, reason: 'expired', claims }
      return { ok: true, claims }
    },
  }
}

/** One-off check (builds the key objects each call; use createVerifier for many). */
export function verifyCode(code: string, scene: CityScene, keys: readonly PublicCityKey[], now: Date = new Date(), options?: VerifierOptions): VerifyResult {
  return createVerifier(keys, options).verify(code, scene, now)
}

/** Reads a PEM / base64 PKCS#8 Ed25519 private key. */
export function privateKeyFrom(text: string): KeyObject {
  const key = text.includes('-----BEGIN')
    ? createPrivateKey(text)
    : createPrivateKey({ key: Buffer.from(text.replace(/\s+/g, ''), 'base64'), format: 'der', type: 'pkcs8' })
  if (key.asymmetricKeyType !== 'ed25519') throw new RangeError('not an Ed25519 private key')
  return key
}
