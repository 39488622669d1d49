// Residents: sign-in (one per platform), session, profile and PIPL rights. A platform sign-in is sent without the
// current session, so a refused code never signs out the resident already signed in.
import type { SessionResponse, SmsSendResponse } from '@contract/auth'
import type { Me, MeExport, RealNameBody } from '@contract/me'
import type { ExportCodeResponse, MeExportSummary } from '@contract/me-export'
import type { AnswerShape, ApiClient } from './client'

// The fields the app reads of each answer (checked by the client; see AnswerShape).
const SESSION: AnswerShape = { token: 'string', expiresAt: 'string', user: 'object' }
const ME: AnswerShape = { id: 'string', level: 'number', providers: 'array' }

export function loginWechat(api: ApiClient, code: string): Promise<SessionResponse> {
  return api.request('POST', '/auth/wechat', { body: { code }, token: null, expect: SESSION })
}

export function loginAlipay(api: ApiClient, authCode: string): Promise<SessionResponse> {
  return api.request('POST', '/auth/alipay', { body: { authCode }, token: null, expect: SESSION })
}

export function sendSmsCode(api: ApiClient, phone: string): Promise<SmsSendResponse> {
  return api.request('POST', '/auth/sms/send', { body: { phone }, token: null, expect: { cooldownSeconds: 'number', expiresInSeconds: 'number' } })
}

/** Signs in by SMS; when a session is already held it is sent too, linking the phone to the same person. */
export function verifySmsCode(api: ApiClient, phone: string, code: string): Promise<SessionResponse> {
  return api.request('POST', '/auth/sms/verify', { body: { phone, code }, expect: SESSION })
}

// Calls without a payload send `{}`: some platforms add a JSON Content-Type to every request, and a JSON request
// with an empty body is refused.
export function logout(api: ApiClient): Promise<void> {
  return api.request('POST', '/auth/logout', { body: {}, expect: 'nothing' })
}

export function me(api: ApiClient): Promise<Me> {
  return api.request('GET', '/me', { expect: ME })
}

export function submitRealName(api: ApiClient, body: RealNameBody): Promise<Me> {
  return api.request('PUT', '/me/realname', { body, expect: ME })
}

/** 导出我的数据: the masked summary by section (GET /api/me/export/summary). */
export function exportSummary(api: ApiClient): Promise<MeExportSummary> {
  return api.request('GET', '/me/export/summary', { expect: { generatedAt: 'string', account: 'object', sections: 'array', fullExport: 'object' } })
}

/** Sends the verification code for the full export to the account's own phone. */
export function sendExportCode(api: ApiClient): Promise<ExportCodeResponse> {
  return api.request('POST', '/me/export/code', { body: {}, expect: { phone: 'string', cooldownSeconds: 'number', expiresInSeconds: 'number' } })
}

/** The full, unmasked export, given the code just received by SMS. */
export function exportFull(api: ApiClient, code: string): Promise<MeExport> {
  return api.request('POST', '/me/export/full', { body: { code }, expect: { exportedAt: 'string', account: 'object', records: 'object' } })
}

export function deleteMe(api: ApiClient): Promise<void> {
  return api.request('DELETE', '/me', { body: {}, expect: 'nothing' })
}
