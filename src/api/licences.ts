// 电子证照 endpoints: the resident's licences, a short-lived signed code to show (亮证), and verification.
import type { LicenceCode, LicenceList, LicenceVerification } from '@contract/licences'
import type { ApiClient } from './client'

const enc = encodeURIComponent

export function myLicences(api: ApiClient): Promise<LicenceList> {
  return api.request('GET', '/me/licences', { expect: { items: 'list' } })
}

/** A code valid LICENCE_CODE_SECONDS, shown as a QR and fetched again before it ends. */
export function licenceCode(api: ApiClient, id: string): Promise<LicenceCode> {
  return api.request('GET', `/me/licences/${enc(id)}/code`, { expect: { code: 'string', expiresAt: 'string' } })
}

export function verifyLicence(api: ApiClient, code: string): Promise<LicenceVerification> {
  return api.request('POST', '/licences/verify', { body: { code }, token: null, expect: { valid: 'boolean' } })
}
