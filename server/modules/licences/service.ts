// E-licences: issuing one when an application is approved (in the approval's transaction), the resident's 我的证照,
// the rotating signed code for 亮证, and verification online (signature + not revoked) for anyone with a code.
import { LICENCE_CODE_SECONDS, type Licence, type LicenceCode, type LicenceKeys, type LicenceVerification } from '@contract/licences'
import { maskName } from '@domain/mask'
import type { DataCrypto } from '../../crypto'
import type { Db, Queryable } from '../../db'
import { AppError } from '../../errors'
import { signLicenceCode, verifyLicenceCode } from './codec'
import type { LicenceKey } from './keys'
import { licencesRepo as repo, type LicenceRow } from './repo'

export interface IssueInput {
  userId: string
  /** The holder's name, sealed as users.name (from the application). */
  holderNameEnc: string | null
  type: string
  title: string
  issuer: string
  departmentCode: string
  applicationId: string
  now: Date
}

/** Issues a licence inside the caller's transaction. */
export async function issueLicence(tx: Queryable, crypto: DataCrypto, input: IssueInput): Promise<LicenceRow> {
  const name = input.holderNameEnc ? crypto.open('users.name', input.holderNameEnc) : ''
  return repo.insert(tx, {
    user_id: input.userId,
    type: input.type,
    title: input.title,
    holder_name_enc: input.holderNameEnc,
    holder_masked: name ? maskName(name) : '—',
    issuer: input.issuer,
    department_code: input.departmentCode,
    application_id: input.applicationId,
    issued_at: input.now,
  })
}

export function licenceOf(row: LicenceRow): Licence {
  return {
    id: row.id,
    number: row.number,
    type: row.type,
    title: row.title,
    holder: row.holder_masked,
    issuer: row.issuer,
    issuedAt: row.issued_at.toISOString(),
    applicationId: row.application_id,
    status: row.revoked_at ? 'revoked' : 'valid',
  }
}

export function createLicencesService(deps: { db: Db; key: () => LicenceKey; clock: () => Date }) {
  const { db, key, clock } = deps
  const notFound = () => new AppError(404, 'NOT_FOUND', '找不到该证照')

  function keys(): LicenceKeys {
    const k = key()
    return { algorithm: 'Ed25519', keys: [{ kid: k.kid, publicKey: k.publicKey }] }
  }

  return {
    keys,

    async mine(userId: string): Promise<{ items: Licence[] }> {
      return { items: (await repo.ofUser(db, userId)).map(licenceOf) }
    },

    async code(userId: string, id: string): Promise<LicenceCode> {
      const row = await repo.byId(db, id)
      if (!row || row.user_id !== userId || row.revoked_at) throw notFound()
      const k = key()
      const iat = Math.floor(clock().getTime() / 1000)
      const exp = iat + LICENCE_CODE_SECONDS
      const code = signLicenceCode(
        { v: 1, kid: k.kid, no: row.number, type: row.type, title: row.title, holder: row.holder_masked, issuer: row.issuer, issuedAt: row.issued_at.toISOString(), iat, exp },
        k.privateKey,
      )
      return { code, expiresAt: new Date(exp * 1000).toISOString() }
    },

    async verify(code: string): Promise<LicenceVerification> {
      const result = verifyLicenceCode(code, keys().keys, clock())
      if (!result.ok) return { valid: false, reason: result.reason }
      const c = result.claims
      const row = await repo.byNumber(db, c.no)
      if (!row || row.revoked_at) return { valid: false, reason: 'revoked', number: c.no }
      return { valid: true, type: c.type, title: c.title, holder: c.holder, issuedAt: c.issuedAt, issuer: c.issuer, number: c.no }
    },
  }
}
