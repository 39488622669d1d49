// 通知公告: the notices in force (public) and the admin's publish / edit / withdraw (staff token).
import type { AdminAnnouncement, AdminAnnouncementList, Announcement, AnnouncementBody, AnnouncementList } from '@contract/announcements'
import type { ApiClient } from './client'

const enc = encodeURIComponent

export function list(api: ApiClient, limit = 20): Promise<AnnouncementList> {
  return api.request('GET', '/announcements', { query: { limit }, expect: { items: 'list' } })
}

export function one(api: ApiClient, id: string): Promise<Announcement> {
  return api.request('GET', `/announcements/${enc(id)}`, { expect: { id: 'string', title: 'string', body: 'string' } })
}

export function adminList(api: ApiClient, token: string): Promise<AdminAnnouncementList> {
  return api.request('GET', '/admin/announcements', { token, expect: { items: 'list' } })
}

export function create(api: ApiClient, token: string, body: AnnouncementBody): Promise<AdminAnnouncement> {
  return api.request('POST', '/admin/announcements', { token, body, expect: { id: 'string', state: 'string' } })
}

export function edit(api: ApiClient, token: string, id: string, body: AnnouncementBody): Promise<AdminAnnouncement> {
  return api.request('PUT', `/admin/announcements/${enc(id)}`, { token, body, expect: { id: 'string', state: 'string' } })
}

export function withdraw(api: ApiClient, token: string, id: string): Promise<AdminAnnouncement> {
  return api.request('POST', `/admin/announcements/${enc(id)}/withdraw`, { token, expect: { id: 'string', state: 'string' } })
}
