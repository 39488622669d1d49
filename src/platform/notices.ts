// Subscribe-message consent: before an action whose progress the server will report (a booking, a 12345 request),
// the page asks WeChat for consent to the matching templates and reports what the resident accepted.
//
// Consent is optional and never blocks the action: any failure (no WeChat, the resident declines, the network)
// just means no message; the app itself always shows the change. WeChat only: the server sends WeChat subscribe
// messages; Alipay's template messages and SMS are not wired yet, so other platforms ask nothing.
import Taro from '@tarojs/taro'
import type { ApiClient } from '../api/client'
import type { NoticeConsentResult, NoticeTemplate, NoticeTemplateList } from '@contract/notice'

let templates: Promise<NoticeTemplateList> | null = null

/**
 * Must be called from a tap handler (WeChat only shows the dialog in response to a tap), before the request
 * that starts the process. Resolves to the notice names the resident accepted (empty when nothing was asked).
 */
export async function requestNoticeConsent(api: ApiClient, names: readonly NoticeTemplate[]): Promise<NoticeTemplate[]> {
  if (process.env.TARO_ENV !== 'weapp' || names.length === 0) return []
  try {
    templates ??= api.request<NoticeTemplateList>('GET', '/notices/templates')
    const list = await templates.catch((err: unknown) => {
      templates = null
      throw err
    })
    if (list.platform !== 'wechat') return []
    const byId = new Map(names.filter((n) => list.templates[n]).map((n) => [list.templates[n], n] as const))
    // WeChat shows at most three templates in one dialog.
    const tmplIds = [...byId.keys()].slice(0, 3)
    if (tmplIds.length === 0) return []
    const answer = (await Taro.requestSubscribeMessage({ tmplIds } as Taro.requestSubscribeMessage.Option)) as unknown as Record<string, string>
    const accepted = tmplIds.filter((id) => answer[id] === 'accept').map((id) => byId.get(id) as NoticeTemplate)
    if (accepted.length) await api.request<NoticeConsentResult>('POST', '/notices/consent', { body: { accepted } })
    return accepted
  } catch {
    return []
  }
}
