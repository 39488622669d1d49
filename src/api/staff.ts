// Staff: their own session, separate from any resident session on the same device (the token is passed explicitly).
import type { StaffProfile, StaffSessionResponse } from '@contract/auth'
import type { AnswerShape, ApiClient } from './client'

// The fields the app reads of each answer (checked by the client; see AnswerShape).
const PROFILE: AnswerShape = { id: 'string', username: 'string', displayName: 'string', role: 'string' }

export function staffLogin(api: ApiClient, username: string, password: string): Promise<StaffSessionResponse> {
  return api.request('POST', '/auth/staff', { body: { username, password }, token: null, expect: { token: 'string', expiresAt: 'string', staff: 'object' } })
}

export function staffMe(api: ApiClient, token: string): Promise<StaffProfile> {
  return api.request('GET', '/staff/me', { token, expect: PROFILE })
}

export function staffLogout(api: ApiClient, token: string): Promise<void> {
  return api.request('POST', '/auth/logout', { body: {}, token, expect: 'nothing' })
}
