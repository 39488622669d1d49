// HTTP routes for residents: /api/auth/{wechat,alipay,sms/send,sms/verify,logout} and /api/me (profile, real name, sessions, export — summary, SMS code, full file —, erasure).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { AlipayLoginBody, SessionResponse, SmsSendBody, SmsSendResponse, SmsVerifyBody, WechatLoginBody } from '@contract/auth'
import { ErrorBody } from '@contract/common'
import { Me, MeExport, RealNameBody, SessionList } from '@contract/me'
import { ExportCodeResponse, FullExportBody, MeExportSummary } from '@contract/me-export'
import { assertOwnRecord, bearerToken, findSession, NOT_SIGNED_IN, residentOf, revokeToken } from '../../auth'
import type { DataCrypto } from '../../crypto'
import type { AccountHooks } from './account-hooks'
import { createExportService } from './export'
import { createIdentityRepo } from './repo'
import { createIdentityService } from './service'

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 429: ErrorBody, 502: ErrorBody, 503: ErrorBody }

const identityRoutes: FastifyPluginAsyncTypebox<{ crypto: DataCrypto; accountHooks: readonly AccountHooks[] }> = async (app, opts) => {
  const repo = createIdentityRepo(app.db)
  const deps = { db: app.db, repo, crypto: opts.crypto, config: app.config, clock: app.clock, log: app.log, accountHooks: opts.accountHooks }
  const service = createIdentityService(deps)
  const dataExport = createExportService(deps, service)

  app.post(
    '/api/auth/wechat',
    { schema: { tags: ['auth'], summary: '微信小程序登录（wx.login code）', body: WechatLoginBody, response: { 200: SessionResponse, ...errors } } },
    async (request) => service.signInWechat(request.body.code),
  )

  app.post(
    '/api/auth/alipay',
    { schema: { tags: ['auth'], summary: '支付宝小程序登录（my.getAuthCode）', body: AlipayLoginBody, response: { 200: SessionResponse, ...errors } } },
    async (request) => service.signInAlipay(request.body.authCode),
  )

  app.post(
    '/api/auth/sms/send',
    { schema: { tags: ['auth'], summary: '发送短信验证码', body: SmsSendBody, response: { 200: SmsSendResponse, ...errors } } },
    async (request) => service.sendCode(request.body.phone, request.ip),
  )

  app.post(
    '/api/auth/sms/verify',
    {
      schema: {
        tags: ['auth'],
        summary: '短信验证码登录；已登录（微信/支付宝）时带上 Bearer 令牌则把手机号关联到当前账号',
        body: SmsVerifyBody,
        response: { 200: SessionResponse, ...errors },
      },
    },
    async (request) => {
      let current: string | null = null
      const token = bearerToken(request)
      if (token) {
        const s = await findSession(app.db, token)
        if (s && s.kind === 'resident' && !s.revoked_at && s.expires_at > app.clock()) current = s.user_id
      }
      return service.verifyCode(request.body.phone, request.body.code, current)
    },
  )

  app.post(
    '/api/auth/logout',
    { schema: { tags: ['auth'], summary: '退出登录（居民或工作人员），令牌立即失效', response: { 204: Type.Null(), 401: ErrorBody, 429: ErrorBody } } },
    async (request, reply) => {
      const token = bearerToken(request)
      if (!token) throw NOT_SIGNED_IN()
      await revokeToken(app.db, token, app.clock())
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/api/me',
    { preHandler: app.requireResident, schema: { tags: ['me'], summary: '当前居民（个人信息已脱敏）', response: { 200: Me, ...errors } } },
    async (request) => service.me(residentOf(request).userId),
  )

  app.put(
    '/api/me/realname',
    {
      preHandler: app.requireResident,
      schema: { tags: ['me'], summary: '实名认证（姓名 + 18 位身份证号码）', body: RealNameBody, response: { 200: Me, ...errors } },
    },
    async (request) => service.declareRealName(residentOf(request).userId, request.body.name, request.body.idNumber),
  )

  app.get(
    '/api/me/sessions',
    { preHandler: app.requireResident, schema: { tags: ['me'], summary: '已登录的设备', response: { 200: SessionList, ...errors } } },
    async (request) => {
      const me = residentOf(request)
      return { items: await service.sessions(me.userId, me.sessionId) }
    },
  )

  app.delete(
    '/api/me/sessions/:id',
    {
      preHandler: app.requireResident,
      schema: {
        tags: ['me'],
        summary: '让某个已登录设备退出',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      const row = assertOwnRecord(request, await repo.session(request.params.id))
      await repo.revokeSession(row.id, app.clock())
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/api/me/export/summary',
    {
      preHandler: app.requireResident,
      schema: { tags: ['me'], summary: '我的数据概览（分类汇总，手机号、身份证号已脱敏）', response: { 200: MeExportSummary, ...errors } },
    },
    async (request) => {
      const me = residentOf(request)
      return dataExport.summary(me.userId, me.sessionId)
    },
  )

  app.post(
    '/api/me/export/code',
    {
      preHandler: app.requireResident,
      schema: { tags: ['me'], summary: '导出完整数据前，向账号绑定的手机号发送验证码', response: { 200: ExportCodeResponse, ...errors } },
    },
    async (request) => dataExport.sendCode(residentOf(request).userId, request.ip),
  )

  app.post(
    '/api/me/export/full',
    {
      preHandler: app.requireResident,
      schema: {
        tags: ['me'],
        summary: '短信验证码核验通过后导出完整数据（不脱敏，会记录审计日志；验证码错误或过期也会记录）',
        body: FullExportBody,
        response: { 200: MeExport, ...errors },
      },
    },
    async (request, reply) => {
      const me = residentOf(request)
      const data = await dataExport.full(me.userId, me.sessionId, request.body.code)
      void reply.header('content-disposition', 'attachment; filename="onestop-my-data.json"')
      return data
    },
  )

  app.delete(
    '/api/me',
    { preHandler: app.requireResident, schema: { tags: ['me'], summary: '注销账号：删除个人信息，所有登录立即失效', response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      await service.erase(residentOf(request).userId)
      return reply.code(204).send(null)
    },
  )
}

export default identityRoutes
