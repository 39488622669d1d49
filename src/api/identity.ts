// Residents: sign-in (one per platform), session, profile and PIPL rights. A platform sign-in is sent without the
// current session, so a refused code never signs out the resident already signed in.
import type { SessionResponse, SmsSendResponse } from '@contract/auth'
import type { Me, RealNameBody } from '@contract/me'
import type { ApiClient } from './client'

export function loginWechat(api: ApiClient, code: string): Promise<SessionResponse> {
  return api.request('POST', '/auth/wechat', { body: { code }, token: null })
}

export function loginAlipay(api: ApiClient, authCode: string): Promise<SessionResponse> {
  return api.request('POST', '/auth/alipay', { body: { authCode }, token: null })
}

export function sendSmsCode(api: ApiClient, phone: string): Promise<SmsSendResponse> {
  return api.request('POST', '/auth/sms/send', { body: { phone }, token: null })
}

/** Signs in by SMS; when a session is already held it is sent too, linking the phone to the same person. */
export function verifySmsCode(api: ApiClient, phone: string, code: string): Promise<SessionResponse> {
  return api.request('POST', '/auth/sms/verify', { body: { phone, code } })
}

// Calls without a payload send `{}`: some platforms add a JSON Content-Type to every request, and a JSON request
// with an empty body is refused.
export function logout(api: ApiClient): Promise<void> {
  return api.request('POST', '/auth/logout', { body: {} })
}

export function me(api: ApiClient): Promise<Me> {
  return api.request('GET', '/me')
}

export function submitRealName(api: ApiClient, body: RealNameBody): Promise<Me> {
  return api.request('PUT', '/me/realname', { body })
}

export function exportMe(api: ApiClient): Promise<Record<string, unknown>> {
  return api.request('GET', '/me/export')
}

export function deleteMe(api: ApiClient): Promise<void> {
  return api.request('DELETE', '/me', { body: {} })
}
