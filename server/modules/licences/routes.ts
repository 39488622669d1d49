// HTTP routes for e-licences: 我的证照 and 亮证 codes (resident), verification (anyone holding a code) and the public
// keys for offline verification.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { ErrorBody } from '@contract/common'
import { LicenceCode, LicenceKeys, LicenceList, LicenceVerification, VerifyLicenceBody } from '@contract/licences'
import { residentOf } from '../../auth'
import { loadLicenceKey, type LicenceKey } from './keys'
import { createLicencesService } from './service'

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 429: ErrorBody }

/** `key`: tests and benches pass one; default DATA_DIR/keys/licence.json (created on first use). */
const licencesRoutes: FastifyPluginAsyncTypebox<{ key?: LicenceKey }> = async (app, opts) => {
  let key = opts.key ?? null
  const currentKey = () => (key ??= loadLicenceKey(app.config.keysDir))
  const service = createLicencesService({ db: app.db, key: currentKey, clock: app.clock })

  app.get(
    '/api/me/licences',
    { preHandler: app.requireResident, schema: { tags: ['licences'], summary: '我的证照（电子证照）', response: { 200: LicenceList, ...errors } } },
    async (request) => service.mine(residentOf(request).userId),
  )

  app.get(
    '/api/me/licences/:id/code',
    {
      preHandler: app.requireResident,
      schema: { tags: ['licences'], summary: '亮证：带签名的证照码（约 2 分钟有效，请显示为二维码）', params: Type.Object({ id: Type.String({ maxLength: 64 }) }), response: { 200: LicenceCode, ...errors } },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store')
      return service.code(residentOf(request).userId, request.params.id)
    },
  )

  app.post(
    '/api/licences/verify',
    { schema: { tags: ['licences'], summary: '核验电子证照码（签名、有效期、是否已注销）', body: VerifyLicenceBody, response: { 200: LicenceVerification, ...errors } } },
    async (request) => service.verify(request.body.code),
  )

  app.get(
    '/api/licences/keys',
    { schema: { tags: ['licences'], summary: '电子证照签名公钥（离线核验用）', response: { 200: LicenceKeys, 429: ErrorBody } } },
    async (_request, reply) => {
      void reply.header('cache-control', 'public, max-age=300')
      return service.keys()
    },
  )
}

export default licencesRoutes
