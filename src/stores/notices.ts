// NoticeStore: consent to the subscribe messages that report an action's progress (a booking, a 12345 request).
// Asked from a tap, before the action; never blocks it: any failure (no WeChat, the resident declines, the network)
// just means no message. The platform's dialog is injected (WeChat only today; other platforms ask nothing).
import type { NoticeTemplate, NoticeTemplateList } from '@contract/notice'
import type { ApiClient } from '@/api/client'
import * as endpoints from '@/api/notices'
import { perRoot } from './per-root'

/** Shows the platform's consent dialog for these template ids; resolves to the ids the resident accepted. */
export type ConsentPrompt = (tmplIds: string[]) => Promise<string[]>

export class NoticeStore {
  private templates: Promise<NoticeTemplateList> | null = null

  constructor(
    private readonly api: ApiClient,
    private readonly prompt: ConsentPrompt | undefined,
  ) {}

  /** Resolves to the notice names the resident accepted (empty when nothing was asked). */
  async ask(names: readonly NoticeTemplate[]): Promise<NoticeTemplate[]> {
    if (!this.prompt || names.length === 0) return []
    try {
      this.templates ??= endpoints.noticeTemplates(this.api)
      const list = await this.templates.catch((err: unknown) => {
        this.templates = null
        throw err
      })
      if (list.platform !== 'wechat') return []
      const byId = new Map(names.filter((n) => list.templates[n]).map((n) => [list.templates[n], n] as const))
      // WeChat shows at most three templates in one dialog.
      const tmplIds = [...byId.keys()].slice(0, 3)
      if (tmplIds.length === 0) return []
      const accepted = (await this.prompt(tmplIds)).flatMap((id) => byId.get(id) ?? [])
      if (accepted.length) await endpoints.noticeConsent(this.api, accepted)
      return accepted
    } catch {
      return []
    }
  }
}

/** Subscribe-message consent, asked by the pages that file or book. */
export const noticesOf = perRoot((root) => new NoticeStore(root.api, root.deps.consentPrompt))
