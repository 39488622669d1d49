// HTTP routes for the health probe: GET /api/health.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { HealthResponse } from '@contract/health'
import { ErrorBody } from '@contract/common'
import { createHealthService } from './service'

const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = createHealthService(app.db, app.appVersion)

  app.get(
    '/api/health',
    { schema: { tags: ['health'], summary: '健康检查', response: { 200: HealthResponse, 503: ErrorBody } } },
    async () => service.check(),
  )
}

export default healthRoutes
