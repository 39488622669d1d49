// API contract for e-licences (电子证照): the results OneStop issues when a department approves an application, shown
// (亮证) with a rotating signed QR code that anyone can check online or offline with the published public keys.
//
//   GET  /api/me/licences                  (resident) → LicenceList
//   GET  /api/me/licences/:id/code         (resident) → LicenceCode (a code valid LICENCE_CODE_SECONDS; show as QR)
//   POST /api/licences/verify              body { code } (no session) → LicenceVerification
//   GET  /api/licences/keys                → LicenceKeys (Ed25519 public keys for offline verification)
//
// A code is "<payload>.<signature>", both base64url: payload is UTF-8 JSON LicenceClaims, the signature is Ed25519 over
// "OSLC1." + payload (the payload's base64url text). Offline: find the key by `kid`, check the signature and that
// iat - 30 s <= now < exp + 30 s; the claims carry what a verifier shows (type, masked holder, issuedAt, issuer).
// Online verification also says whether the licence was revoked since.
import { Type, type Static } from '@sinclair/typebox'

export const LICENCE_CODE_SECONDS = 120

export const Licence = Type.Object({
  id: Type.String(),
  number: Type.String(),
  /** The licence type: the issuing service's code (what a form's licenceTypes lists). */
  type: Type.String(),
  title: Type.String(),
  /** Holder's name, masked (e.g. 张*). */
  holder: Type.String(),
  issuer: Type.String(),
  issuedAt: Type.String({ format: 'date-time' }),
  applicationId: Type.Union([Type.String(), Type.Null()]),
  status: Type.Union([Type.Literal('valid'), Type.Literal('revoked')]),
})
export type Licence = Static<typeof Licence>

export const LicenceList = Type.Object({ items: Type.Array(Licence) })
export type LicenceList = Static<typeof LicenceList>

export const LicenceCode = Type.Object({ code: Type.String(), expiresAt: Type.String({ format: 'date-time' }) })
export type LicenceCode = Static<typeof LicenceCode>

export const LicenceClaims = Type.Object({
  v: Type.Literal(1),
  kid: Type.String(),
  /** Licence number. */
  no: Type.String(),
  type: Type.String(),
  title: Type.String(),
  holder: Type.String(),
  issuer: Type.String(),
  /** ISO date-time the licence was issued. */
  issuedAt: Type.String(),
  /** Unix seconds: the code's own validity. */
  iat: Type.Integer(),
  exp: Type.Integer(),
})
export type LicenceClaims = Static<typeof LicenceClaims>

export const VerifyLicenceBody = Type.Object({ code: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false })
export type VerifyLicenceBody = Static<typeof VerifyLicenceBody>

export const LicenceVerification = Type.Object({
  valid: Type.Boolean(),
  /** Why not valid: malformed, unknown_key, bad_signature, expired, revoked. */
  reason: Type.Optional(Type.String()),
  type: Type.Optional(Type.String()),
  title: Type.Optional(Type.String()),
  holder: Type.Optional(Type.String()),
  issuedAt: Type.Optional(Type.String()),
  issuer: Type.Optional(Type.String()),
  number: Type.Optional(Type.String()),
})
export type LicenceVerification = Static<typeof LicenceVerification>

export const LicenceKeys = Type.Object({
  algorithm: Type.Literal('Ed25519'),
  keys: Type.Array(Type.Object({ kid: Type.String(), publicKey: Type.String({ description: 'raw 32-byte key, base64url' }) })),
})
export type LicenceKeys = Static<typeof LicenceKeys>

export const LicenceErrorCode = {
  NOT_FOUND: 'NOT_FOUND',
} as const
export type LicenceErrorCode = (typeof LicenceErrorCode)[keyof typeof LicenceErrorCode]
