// Rules for residents' notices: which templates the app may ask consent for, and recording each consent (WeChat allows
// one message per acceptance, so consents add up).
import { NOTICE_TEMPLATES, type NoticeConsentResult, type NoticeTemplate, type NoticeTemplateList } from '@contract/notice'
import type { Db } from '../../db'
import type { OutboxRepo } from './repo'
import type { WechatClient } from './wechat'

export function createNoticeService(deps: { db: Db; repo: OutboxRepo; wechat: WechatClient | null; templates: Record<string, string>; clock: () => Date }) {
  const { db, repo, wechat, templates, clock } = deps
  return {
    templates(): NoticeTemplateList {
      return wechat ? { platform: 'wechat', templates: { ...templates } } : { platform: 'none', templates: {} }
    },

    async consent(userId: string, accepted: readonly NoticeTemplate[]): Promise<NoticeConsentResult> {
      const now = clock()
      await db.transaction((tx) => repo.addConsents(userId, accepted, now, tx))
      const remaining: Record<string, number> = Object.fromEntries(NOTICE_TEMPLATES.map((t) => [t, 0]))
      for (const row of await repo.consents(userId)) remaining[row.template] = row.remaining
      return { remaining }
    },
  }
}
