// The outbox sender job: claims due notices, sends each as a WeChat subscribe message, and records the outcome.
//
// Never twice: a row is claimed (status 'sending') in a short transaction with FOR UPDATE SKIP LOCKED, so two
// nodes running the job take different rows; it becomes 'sent' only after WeChat said errcode 0. A row left in
// 'sending' by a node that died mid-send is NOT retried (WeChat may already have delivered it): it is marked
// failed after the claim expires. Transient failures go back to 'pending' with exponential backoff.
// Consent: WeChat allows one message per acceptance, so each send consumes one unit of notice_consents; without
// consent, or for residents without a WeChat identity, the notice is 'skipped' (the app still shows the change).
import type { NoticeFields, NoticeTemplate } from '@contract/notice'
import type { DataCrypto } from '../../crypto'
import type { Db } from '../../db'
import type { OutboxRepo } from './repo'
import { WechatCallError, type WechatClient } from './wechat'

const BATCH = 20
const CLAIM_MS = 2 * 60_000
const MAX_ATTEMPTS = 6
const BACKOFF_BASE_MS = 30_000
const BACKOFF_MAX_MS = 60 * 60_000
/** errcodes that will not improve with a retry: 43101 the user refused / has no subscription left, 47003 bad data, 40003 bad openid, 40037 bad template. */
const PERMANENT = new Map<number, 'skipped' | 'failed'>([
  [43101, 'skipped'],
  [47003, 'failed'],
  [40003, 'failed'],
  [40037, 'failed'],
])

/** WeChat's value rules: thing ≤ 20 characters, phrase ≤ 5, character_string ≤ 32 (letters, digits, symbols). */
function fit(kind: 'thing' | 'phrase' | 'character_string' | 'time', value: string | undefined): string {
  const v = (value ?? '').trim() || '—'
  const limit = kind === 'thing' ? 20 : kind === 'phrase' ? 5 : kind === 'character_string' ? 32 : 40
  const chars = [...v]
  return chars.length <= limit ? v : chars.slice(0, limit - 1).join('') + '…'
}

/**
 * Notice fields → the keys of the WeChat templates chosen from the public library (预约提醒, 预约取消通知,
 * 诉求处理进度通知). A deployment that picks other templates changes this table and WECHAT_TEMPLATE_IDS together.
 */
export function wechatData(template: NoticeTemplate, data: Record<string, string | undefined>): Record<string, string> {
  switch (template) {
    case 'appointment_reminder': {
      const d = data as Partial<NoticeFields['appointment_reminder']>
      return { thing1: fit('thing', d.service), thing2: fit('thing', d.hall), time3: fit('time', d.time), character_string4: fit('character_string', d.code), thing5: fit('thing', d.note ?? '请携带材料提前到达') }
    }
    case 'appointment_cancelled':
    case 'appointment_closed': {
      const d = data as Partial<NoticeFields['appointment_cancelled']>
      return { thing1: fit('thing', d.service), thing2: fit('thing', d.hall), time3: fit('time', d.time), thing4: fit('thing', d.reason) }
    }
    case 'request_status': {
      const d = data as Partial<NoticeFields['request_status']>
      return { character_string1: fit('character_string', d.number), phrase2: fit('phrase', d.status), time3: fit('time', d.time), thing4: fit('thing', d.note ?? '点击查看办理详情') }
    }
  }
}

export interface SendResult {
  sent: number
  skipped: number
  failed: number
  retrying: number
}

export interface SenderDeps {
  db: Db
  repo: OutboxRepo
  crypto: DataCrypto
  /** null when WeChat is not configured: due notices are skipped with that reason. */
  wechat: WechatClient | null
  templates: Record<string, string>
}

export async function sendDueNotices(deps: SenderDeps, now: Date): Promise<SendResult> {
  const { db, repo } = deps
  const result: SendResult = { sent: 0, skipped: 0, failed: 0, retrying: 0 }
  await repo.failExpiredClaims(now)
  const claimed = await db.transaction((tx) => repo.claimDue(now, BATCH, new Date(now.getTime() + CLAIM_MS), tx))
  const finish = (id: number, status: 'sent' | 'skipped' | 'failed', error: string | null) => repo.finish(id, status, error, now)

  for (const row of claimed) {
    const templateId = deps.templates[row.template]
    if (!deps.wechat || !templateId) {
      await finish(row.id, 'skipped', '未配置微信订阅消息')
      result.skipped++
      continue
    }
    const openid = await wechatOpenid(deps, row.user_id)
    if (!openid) {
      await finish(row.id, 'skipped', '该居民没有微信登录方式')
      result.skipped++
      continue
    }
    if (!(await repo.takeConsent(row.user_id, row.template, now))) {
      await finish(row.id, 'skipped', '居民未授权此类订阅消息')
      result.skipped++
      continue
    }
    try {
      await deps.wechat.sendSubscribe({ touser: openid, templateId, page: row.page ?? undefined, data: wechatData(row.template, row.data) })
      await finish(row.id, 'sent', null)
      result.sent++
    } catch (err) {
      const e = err instanceof WechatCallError ? err : new WechatCallError(null, (err as Error).message)
      const permanent = e.errcode === null ? undefined : PERMANENT.get(e.errcode)
      if (permanent) {
        await finish(row.id, permanent, e.message)
        if (permanent === 'skipped') result.skipped++
        else result.failed++
        continue
      }
      // Not delivered: give the consent back and try later.
      await repo.returnConsent(row.user_id, row.template)
      if (row.attempts + 1 >= MAX_ATTEMPTS) {
        await finish(row.id, 'failed', e.message)
        result.failed++
      } else {
        const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** row.attempts)
        await repo.retryLater(row.id, e.message, new Date(now.getTime() + delay))
        result.retrying++
      }
    }
  }
  return result
}

async function wechatOpenid(deps: SenderDeps, userId: string): Promise<string | null> {
  const sealed = await deps.repo.wechatSubject(userId)
  if (!sealed) return null
  const who = JSON.parse(deps.crypto.open('identities.subject', sealed)) as { openid?: string }
  return who.openid ?? null
}
