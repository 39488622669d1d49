// Staff: their own session, separate from any resident session on the same device (the token is passed explicitly).
import type { StaffProfile, StaffSessionResponse } from '@contract/auth'
import type { ApiClient } from './client'

export function staffLogin(api: ApiClient, username: string, password: string): Promise<StaffSessionResponse> {
  return api.request('POST', '/auth/staff', { body: { username, password }, token: null })
}

export function staffMe(api: ApiClient, token: string): Promise<StaffProfile> {
  return api.request('GET', '/staff/me', { token })
}

export function staffLogout(api: ApiClient, token: string): Promise<void> {
  return api.request('POST', '/auth/logout', { body: {}, token })
}
