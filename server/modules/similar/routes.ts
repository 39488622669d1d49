// HTTP routes for similar requests: POST /api/requests/similar (residents, while filing), GET /api/staff/requests/:id/related and GET /api/staff/hotspots (dispatcher); registers the index backfill job.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { ErrorBody } from '@contract/common'
import { HotspotList, RelatedResult, SimilarQuery, SimilarResult } from '@contract/similar'
import { residentOf } from '../../auth'
import { BACKFILL_EVERY_MS, BACKFILL_JOB, backfill } from './indexer'
import { currentHotspots } from './hotspots'
import { relatedForStaff } from './related'
import { similarForResident } from './resident'

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 429: ErrorBody }

const similarRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.jobs.register(BACKFILL_JOB, BACKFILL_EVERY_MS, () => backfill(app.db))

  app.post(
    '/api/requests/similar',
    {
      preHandler: app.requireResident,
      schema: { tags: ['requests'], summary: '相似诉求（已有类似诉求）', body: SimilarQuery, response: { 200: SimilarResult, ...errors } },
    },
    async (request) => {
      const resident = residentOf(request)
      return { items: await similarForResident(app.db, resident.userId, request.body, app.clock()) }
    },
  )

  app.get(
    '/api/staff/requests/:id/related',
    {
      preHandler: app.requireStaff(['dispatcher', 'admin']),
      schema: {
        tags: ['staff'],
        summary: '疑似重复、相关诉求、涉事主体与热点',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 200: RelatedResult, ...errors },
      },
    },
    async (request) => relatedForStaff(app.db, request.params.id, app.clock()),
  )

  app.get(
    '/api/staff/hotspots',
    {
      preHandler: app.requireStaff(['dispatcher', 'admin']),
      schema: { tags: ['staff'], summary: '近 7 天的热点（同类诉求聚集）', response: { 200: HotspotList, ...errors } },
    },
    async () => ({ items: await currentHotspots(app.db, app.clock()) }),
  )
}

export default similarRoutes
