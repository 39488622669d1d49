// HTTP routes for the catalog: GET /api/services, /api/services/:code, /api/themes, /api/bundles, /api/bundles/:code (cacheable, ETag + 304).
import { createHash } from 'node:crypto'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { ErrorBody } from '@contract/common'
import { Bundle, BundleList, ServiceCodeParams, ServiceGuide, ServiceQuery, ServiceSearchResult, ThemeList } from '@contract/service'
import { createServicesRepo } from './repo'
import { createServicesService, type ServicesServiceOptions } from './service'

/** Catalog answers are public and change rarely: shared caches and the app may keep them for five minutes. */
export const CATALOG_CACHE_CONTROL = 'public, max-age=300'

function etagOf(body: unknown): string {
  return `"${createHash('sha1').update(JSON.stringify(body)).digest('base64url')}"`
}

function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false
  if (header.trim() === '*') return true
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === etag)
}

/** Sets ETag and Cache-Control; answers 304 with no body when the client already holds this version. */
function cacheable<T>(request: FastifyRequest, reply: FastifyReply, body: T): T | FastifyReply {
  const etag = etagOf(body)
  void reply.header('etag', etag).header('cache-control', CATALOG_CACHE_CONTROL)
  if (matches(request.headers['if-none-match'], etag)) return reply.code(304).send()
  return body
}

const servicesRoutes: FastifyPluginAsyncTypebox<ServicesServiceOptions> = async (app, options) => {
  const service = createServicesService(createServicesRepo(app.db), app.db, options)
  const flush = () => service.flushOpenings().catch((err: unknown) => app.log.warn({ err }, 'popularity flush failed; kept for the next one'))
  const flushTimer = setInterval(() => void flush(), options.popularityFlushMs ?? 2000)
  flushTimer.unref()
  app.addHook('onClose', async () => {
    clearInterval(flushTimer)
    await flush()
  })
  const notFound = { 404: ErrorBody }

  app.get(
    '/api/services',
    {
      schema: {
        tags: ['services'],
        summary: '搜索与浏览办事事项',
        querystring: ServiceQuery,
        response: { 200: ServiceSearchResult },
      },
    },
    async (request, reply) => cacheable(request, reply, await service.search(request.query)),
  )

  app.get(
    '/api/services/:code',
    { schema: { tags: ['services'], summary: '办事指南', params: ServiceCodeParams, response: { 200: ServiceGuide, ...notFound } } },
    async (request, reply) => cacheable(request, reply, await service.guide(request.params.code)),
  )

  app.get(
    '/api/themes',
    { schema: { tags: ['services'], summary: '办事主题', response: { 200: ThemeList } } },
    async (request, reply) => cacheable(request, reply, { items: await service.themes() }),
  )

  app.get(
    '/api/bundles',
    { schema: { tags: ['services'], summary: '一件事列表', response: { 200: BundleList } } },
    async (request, reply) => cacheable(request, reply, { items: await service.bundles() }),
  )

  app.get(
    '/api/bundles/:code',
    { schema: { tags: ['services'], summary: '一件事详情', params: ServiceCodeParams, response: { 200: Bundle, ...notFound } } },
    async (request, reply) => cacheable(request, reply, await service.bundle(request.params.code)),
  )
}

export default servicesRoutes
