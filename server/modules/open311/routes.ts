// HTTP routes for Open311 GeoReport v2 under /open311/v2/: discovery, services, services/{code}, POST and GET requests, requests/{id} — each .json and .xml.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { verifyApiKey } from '../../auth/api-keys'
import type { DataCrypto } from '../../crypto'
import type { RequestsContext } from '../requests/service'
import { CONTENT_TYPE, type Format, Open311Failure, splitFormat, toXml } from './format'
import { createRequest, discovery, getRequest, listRequests, serviceDefinition, services, type ListQuery } from './service'

const BASE = '/open311/v2'

/**
 * GET requests' paging as the spec writes it (text in the query string), bounded so that an offset stays a small number;
 * the other parameters are checked by the service. Other keys (jurisdiction_id, …) are allowed, as GeoReport clients send them.
 */
const PAGE_NUMBER = { type: 'string', pattern: '^[0-9]{1,5}$' } as const
const LIST_QUERY = { type: 'object', properties: { page: PAGE_NUMBER, page_size: PAGE_NUMBER } } as const

/** XML root element of each kind of answer. */
const ROOT = {
  discovery: 'discovery',
  services: 'services',
  definition: 'service_definition',
  requests: 'service_requests',
  errors: 'errors',
} as const

function formatOf(request: FastifyRequest): Format {
  return request.url.split('?')[0].endsWith('.xml') ? 'xml' : 'json'
}

function send(reply: FastifyReply, format: Format, root: string, body: unknown, status = 200): FastifyReply {
  void reply.code(status).header('content-type', CONTENT_TYPE[format])
  return reply.send(format === 'xml' ? toXml(root, body) : JSON.stringify(body))
}

const open311Routes: FastifyPluginAsync<{ crypto: DataCrypto }> = async (app, opts) => {
  const ctx: RequestsContext = { db: app.db, crypto: opts.crypto, clock: app.clock, rules: app.config.requestDeadlines, log: app.log }

  // GeoReport clients post application/x-www-form-urlencoded (this plugin only).
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)))
  })

  app.setErrorHandler((error, request, reply) => {
    const format = formatOf(request)
    if (error instanceof Open311Failure) return send(reply, format, ROOT.errors, [{ code: error.status, description: error.description }], error.status)
    const status = (error as { statusCode?: number }).statusCode
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return send(reply, format, ROOT.errors, [{ code: status, description: status === 429 ? '请求过于频繁，请稍后再试' : '请求有误，请检查参数' }], status)
    }
    request.log.error({ err: error }, 'Open311 请求处理出错')
    return send(reply, format, ROOT.errors, [{ code: 500, description: '服务暂时不可用，请稍后重试' }], 500)
  })

  for (const format of ['json', 'xml'] as const) {
    app.get(`${BASE}/discovery.${format}`, async (request, reply) => {
      const host = request.headers.host ?? 'localhost'
      return send(reply, format, ROOT.discovery, discovery(`${request.protocol}://${host}`))
    })
    app.get(`${BASE}/services.${format}`, async (_request, reply) => send(reply, format, ROOT.services, services()))
    app.get(`${BASE}/requests.${format}`, { schema: { querystring: LIST_QUERY } }, async (request, reply) =>
      send(reply, format, ROOT.requests, await listRequests(app.db, request.query as ListQuery, app.clock())),
    )
    app.post(`${BASE}/requests.${format}`, async (request, reply) => {
      const form = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>
      const key = typeof form.api_key === 'string' ? form.api_key : (request.query as Record<string, string | undefined>).api_key
      if (!key) throw new Open311Failure(403, '缺少 api_key')
      const partner = await verifyApiKey(app.db, key, 'open311', app.clock())
      if (!partner) throw new Open311Failure(403, 'api_key 无效或已停用')
      return send(reply, format, ROOT.requests, await createRequest(ctx, partner.id, form))
    })
  }

  // services/{code}.{format} and requests/{id}.{format}: the format is the end of the last segment.
  app.get(`${BASE}/services/:file`, async (request, reply) => {
    const parts = splitFormat((request.params as { file: string }).file)
    if (!parts) throw new Open311Failure(404, '地址应以 .json 或 .xml 结尾')
    return send(reply, parts[1], ROOT.definition, serviceDefinition(parts[0]))
  })
  app.get(`${BASE}/requests/:file`, async (request, reply) => {
    const parts = splitFormat((request.params as { file: string }).file)
    if (!parts) throw new Open311Failure(404, '地址应以 .json 或 .xml 结尾')
    return send(reply, parts[1], ROOT.requests, await getRequest(app.db, parts[0]))
  })
  app.all(`${BASE}/*`, async () => {
    throw new Open311Failure(404, '没有这个 Open311 接口')
  })
}

export default open311Routes
