// HTTP routes for similar requests: POST /api/requests/similar (residents, while filing), GET /api/staff/requests/:id/related, the 涉事单位 dossier GET /api/staff/entities/:id with POST …/contacts, and GET /api/staff/hotspots (dispatcher); registers the index backfill job.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { ErrorBody } from '@contract/common'
import { EntityContactBody, EntityDossier, HotspotList, RelatedResult, SimilarQuery, SimilarResult } from '@contract/similar'
import { residentOf, staffOf } from '../../auth'
import { addEntityContact, entityDossier } from './dossier'
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
      return similarForResident(app.db, resident.userId, request.body, app.clock())
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

  const entityParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) })
  app.get(
    '/api/staff/entities/:id',
    {
      preHandler: app.requireStaff(['dispatcher', 'admin']),
      schema: { tags: ['staff'], summary: '涉事单位档案', params: entityParams, response: { 200: EntityDossier, ...errors } },
    },
    async (request) => entityDossier(app.db, request.params.id),
  )

  app.post(
    '/api/staff/entities/:id/contacts',
    {
      preHandler: app.requireStaff(['dispatcher', 'admin']),
      schema: { tags: ['staff'], summary: '联系涉事单位（记录一次联系）', params: entityParams, body: EntityContactBody, response: { 201: EntityDossier, ...errors } },
    },
    async (request, reply) => {
      const dossier = await addEntityContact(app.db, request.params.id, staffOf(request).staffId, request.body, app.clock())
      return reply.code(201).send(dossier)
    },
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
