// Subscribe-message templates and the resident's consent to them.
import type { NoticeConsentResult, NoticeTemplate, NoticeTemplateList } from '@contract/notice'
import type { ApiClient } from './client'

export function noticeTemplates(api: ApiClient): Promise<NoticeTemplateList> {
  return api.request('GET', '/notices/templates', { expect: { platform: 'string', templates: 'object' } })
}

export function noticeConsent(api: ApiClient, accepted: NoticeTemplate[]): Promise<NoticeConsentResult> {
  return api.request('POST', '/notices/consent', { body: { accepted }, expect: { remaining: 'object' } })
}
