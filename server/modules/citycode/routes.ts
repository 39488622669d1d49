// HTTP routes for the city code: /api/citycode/{keys, code, batch, printed, delegations, usage} for residents (L2),
// /api/citycode/verify for scene partners (API key, scope citycode:<scene>) and /api/citycode/staff/verify for hall staff.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import {
  AddAgentBody,
  CityKeyList,
  CodeBatch,
  CodeUseList,
  CurrentCode,
  DelegationList,
  IssuePrintedBody,
  OptionalSceneQuery,
  PrintedCode,
  PrintedCodeList,
  SceneQuery,
  VerifyBody,
  VerifyResponse,
} from '@contract/citycode'
import { ErrorBody } from '@contract/common'
import { CITY_SCENES } from '@domain/citycode-scenes'
import { audit, residentOf, staffOf } from '../../auth'
import { verifyApiKey } from '../../auth/api-keys'
import { loadDataKey, type DataCrypto } from '../../crypto'
import { AppError } from '../../errors'
import { createKeyStore, type CityKeyStore } from './keys'
import { createCitycodeRepo } from './repo'
import { createCitycodeService } from './service'

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 429: ErrorBody }

/** The partner key from `X-Api-Key` or `Authorization: Bearer`. */
function apiKeyOf(headers: Record<string, string | string[] | undefined>): string | null {
  const x = headers['x-api-key']
  if (typeof x === 'string' && x.trim()) return x.trim()
  const auth = headers.authorization
  const m = typeof auth === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(auth) : null
  return m ? m[1] : null
}

export interface CitycodeOptions {
  crypto: DataCrypto
  /** Tests and the bench pass a store to rotate keys; default: from config. */
  keys?: CityKeyStore
}

const citycodeRoutes: FastifyPluginAsyncTypebox<CitycodeOptions> = async (app, opts) => {
  const keys = opts.keys ?? createKeyStore(app.config, app.clock)
  const repo = createCitycodeRepo(app.db)
  const service = createCitycodeService({ db: app.db, repo, keys, crypto: opts.crypto, dataKey: loadDataKey(app.config), clock: app.clock, log: app.log })
  app.decorate('citycode', { service, keys })

  app.jobs.register('citycode.prune', 10 * 60_000, async (now) => service.prune(now))

  const l2 = app.requireLevel(2)

  /**
   * Partner keys checked in the database at most every 30 s per key and scene on this node (verification is the hot
   * path; verifyApiKey writes last_used_at). A revoked key stops working within 30 s.
   */
  const keyCache = new Map<string, { name: string; until: number }>()
  async function partnerKey(key: string | null, scene: string): Promise<{ name: string } | null> {
    if (!key) return null
    const k = `${scene}\0${key}`
    const hit = keyCache.get(k)
    if (hit && hit.until > Date.now()) return hit
    const row = await verifyApiKey(app.db, key, `citycode:${scene}`, app.clock())
    if (!row) {
      keyCache.delete(k)
      return null
    }
    if (keyCache.size > 1000) keyCache.clear()
    const entry = { name: row.name, until: Date.now() + 30_000 }
    keyCache.set(k, entry)
    return entry
  }

  app.get(
    '/api/citycode/keys',
    { schema: { tags: ['citycode'], summary: '一码通城验码公钥（含已停用、仍可验证的旧密钥）', response: { 200: CityKeyList, 429: ErrorBody } } },
    async (_request, reply) => {
      void reply.header('cache-control', 'public, max-age=300')
      return service.keyList()
    },
  )

  app.get(
    '/api/citycode/code',
    { preHandler: l2, schema: { tags: ['citycode'], summary: '当前的一码通城码（有效 60 秒，每 30 秒刷新）', querystring: SceneQuery, response: { 200: CurrentCode, ...errors } } },
    async (request) => service.currentCode(residentOf(request).userId, request.query.scene),
  )

  app.get(
    '/api/citycode/batch',
    {
      preHandler: l2,
      schema: { tags: ['citycode'], summary: '离线备用码：每个场景 30 个预签码，覆盖 15 分钟', querystring: OptionalSceneQuery, response: { 200: CodeBatch, ...errors } },
    },
    async (request) => service.batch(residentOf(request).userId, request.query.scene ? [request.query.scene] : CITY_SCENES),
  )

  app.get(
    '/api/citycode/printed',
    { preHandler: l2, schema: { tags: ['citycode'], summary: '我的及我代办的长者打印码', response: { 200: PrintedCodeList, ...errors } } },
    async (request) => ({ items: await service.listPrinted(residentOf(request).userId) }),
  )

  app.post(
    '/api/citycode/printed',
    { preHandler: l2, schema: { tags: ['citycode'], summary: '签发长者打印码（本人或代家人，最长 180 天，一个场景）', body: IssuePrintedBody, response: { 200: PrintedCode, ...errors } } },
    async (request) => service.issuePrinted(residentOf(request).userId, request.body),
  )

  const IdParams = Type.Object({ id: Type.String({ maxLength: 32 }) })

  app.get(
    '/api/citycode/printed/:id',
    { preHandler: l2, schema: { tags: ['citycode'], summary: '一张长者打印码（打印页）', params: IdParams, response: { 200: PrintedCode, ...errors } } },
    async (request) => service.getPrinted(residentOf(request).userId, request.params.id),
  )

  app.post(
    '/api/citycode/printed/:id/revoke',
    { preHandler: l2, schema: { tags: ['citycode'], summary: '作废长者打印码（立即生效）', params: IdParams, response: { 200: PrintedCode, ...errors } } },
    async (request) => service.revokePrinted(residentOf(request).userId, request.params.id),
  )

  app.get(
    '/api/citycode/delegations',
    { preHandler: l2, schema: { tags: ['citycode'], summary: '授权家人代办：我授权的家人、授权我的家人', response: { 200: DelegationList, ...errors } } },
    async (request) => service.delegations(residentOf(request).userId),
  )

  app.post(
    '/api/citycode/delegations',
    { preHandler: l2, schema: { tags: ['citycode'], summary: '授权一位家人（按手机号）代我管理打印码', body: AddAgentBody, response: { 200: DelegationList, ...errors } } },
    async (request) => service.addAgent(residentOf(request).userId, request.body.phone),
  )

  app.delete(
    '/api/citycode/delegations/:userId',
    {
      preHandler: l2,
      schema: {
        tags: ['citycode'],
        summary: '解除代办授权（任一方均可解除）',
        params: Type.Object({ userId: Type.String({ format: 'uuid' }) }),
        response: { 200: DelegationList, ...errors },
      },
    },
    async (request) => service.removeDelegation(residentOf(request).userId, request.params.userId),
  )

  app.get(
    '/api/citycode/usage',
    { preHandler: app.requireResident, schema: { tags: ['citycode'], summary: '码使用记录（最近 100 次核验）', response: { 200: CodeUseList, ...errors } } },
    async (request) => ({ items: await service.usage(residentOf(request).userId) }),
  )

  app.post(
    '/api/citycode/verify',
    {
      schema: {
        tags: ['citycode'],
        summary: '场景合作方在线验码（X-Api-Key，权限 citycode:<场景>）；同一场景每个码只接受一次',
        body: VerifyBody,
        response: { 200: VerifyResponse, ...errors },
      },
    },
    async (request) => {
      const key = await partnerKey(apiKeyOf(request.headers), request.body.scene)
      if (!key) throw new AppError(401, 'API_KEY_INVALID', 'API 密钥无效，或无权核验该场景的码')
      return service.verify(request.body.code, request.body.scene, key.name)
    },
  )

  app.post(
    '/api/citycode/staff/verify',
    {
      preHandler: app.requireStaff(),
      schema: { tags: ['citycode'], summary: '大厅工作人员扫码核验（办事大厅签到场景）', body: VerifyBody, response: { 200: VerifyResponse, ...errors } },
    },
    async (request) => {
      const staff = staffOf(request)
      if (request.body.scene !== 'hall') throw new AppError(403, 'FORBIDDEN', '工作人员只能核验办事大厅签到码')
      const result = await service.verify(request.body.code, 'hall', `工作人员 ${staff.displayName}`)
      await audit(app.db, {
        actorKind: 'staff',
        actorId: staff.staffId,
        action: 'citycode.verify',
        detail: { scene: 'hall', ok: result.ok, reason: result.ok ? null : result.reason },
        at: app.clock(),
      })
      return result
    },
  )
}

declare module 'fastify' {
  interface FastifyInstance {
    citycode: { service: ReturnType<typeof createCitycodeService>; keys: CityKeyStore }
  }
}

// Not encapsulated (what fastify-plugin does): `app.citycode` is visible on the root app, for tests, the bench and
// the appointments check-in. The plugin adds routes and that one decorator, no hooks.
Object.assign(citycodeRoutes, { [Symbol.for('skip-override')]: true })

export default citycodeRoutes
