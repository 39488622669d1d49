// Notice routes (GET /api/notices/templates, POST /api/notices/consent) and the outbox sender job.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorBody } from '@contract/common'
import { NoticeConsentBody, NoticeConsentResult, NoticeTemplateList } from '@contract/notice'
import { residentOf } from '../../auth'
import type { DataCrypto } from '../../crypto'
import { createOutboxRepo } from './repo'
import { sendDueNotices } from './sender'
import { createNoticeService } from './service'
import { createWechatClient } from './wechat'

/** How often each node looks for due notices. */
export const OUTBOX_INTERVAL_MS = 5_000

const outboxRoutes: FastifyPluginAsyncTypebox<{ crypto: DataCrypto }> = async (app, options) => {
  const repo = createOutboxRepo(app.db)
  const wechat = app.config.wechat ? createWechatClient(app.config.wechat, repo, app.clock) : null
  const templates = app.config.noticeTemplates
  const service = createNoticeService({ db: app.db, repo, wechat, templates, clock: app.clock })

  app.jobs.register('outbox.send', OUTBOX_INTERVAL_MS, (now) => sendDueNotices({ db: app.db, repo, crypto: options.crypto, wechat, templates }, now))

  app.get(
    '/api/notices/templates',
    { schema: { tags: ['notices'], summary: '可订阅的消息模板（微信订阅消息）', response: { 200: NoticeTemplateList } } },
    async () => service.templates(),
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
    async (request) => service.consent(residentOf(request).userId, request.body.accepted),
  )
}

export default outboxRoutes
