// Notice routes (GET /api/notices/templates, POST /api/notices/consent) and the outbox sender job.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorBody } from '@contract/common'
import { NOTICE_TEMPLATES, NoticeConsentBody, NoticeConsentResult, NoticeTemplateList } from '@contract/notice'
import { residentOf } from '../../auth'
import type { DataCrypto } from '../../crypto'
import { sendDueNotices } from './sender'
import { createWechatClient } from './wechat'

/** How often each node looks for due notices. */
export const OUTBOX_INTERVAL_MS = 5_000

const outboxRoutes: FastifyPluginAsyncTypebox<{ crypto: DataCrypto }> = async (app, options) => {
  const wechat = app.config.wechat ? createWechatClient(app.config.wechat, app.db, app.clock) : null
  const templates = app.config.noticeTemplates

  app.jobs.register('outbox.send', OUTBOX_INTERVAL_MS, (now) => sendDueNotices({ db: app.db, crypto: options.crypto, wechat, templates }, now))

  app.get(
    '/api/notices/templates',
    { schema: { tags: ['notices'], summary: '可订阅的消息模板（微信订阅消息）', response: { 200: NoticeTemplateList } } },
    async () => (wechat ? { platform: 'wechat' as const, templates: { ...templates } } : { platform: 'none' as const, templates: {} }),
  )

  app.post(
    '/api/notices/consent',
    {
      preHandler: app.requireResident,
      schema: {
        tags: ['notices'],
        summary: '记录居民同意接收的订阅消息（每次同意可发送一条）',
        body: NoticeConsentBody,
        response: { 200: NoticeConsentResult, 401: ErrorBody, 400: ErrorBody },
      },
    },
    async (request) => {
      const userId = residentOf(request).userId
      const now = app.clock()
      await app.db.transaction(async (tx) => {
        for (const template of request.body.accepted) {
          await tx.query(
            `INSERT INTO notice_consents (user_id, template, remaining, updated_at) VALUES ($1, $2, 1, $3)
             ON CONFLICT (user_id, template) DO UPDATE SET remaining = notice_consents.remaining + 1, updated_at = $3`,
            [userId, template, now],
          )
        }
      })
      const r = await app.db.query<{ template: string; remaining: number }>('SELECT template, remaining FROM notice_consents WHERE user_id = $1', [userId])
      const remaining: Record<string, number> = Object.fromEntries(NOTICE_TEMPLATES.map((t) => [t, 0]))
      for (const row of r.rows) remaining[row.template] = row.remaining
      return { remaining }
    },
  )
}

export default outboxRoutes
