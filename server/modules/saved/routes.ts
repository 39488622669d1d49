// 我的收藏 and 最近浏览 for signed-in residents: GET /api/me/saved, PUT|DELETE /api/me/favourites/:code,
// POST /api/me/recent, DELETE /api/me/recent, POST /api/me/saved/merge (the device's lists at sign-in or after being offline).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorBody } from '@contract/common'
import { SavedCodeParams, SavedLists, SavedMergeBody } from '@contract/saved'
import { Type } from '@sinclair/typebox'
import { residentOf } from '../../auth'
import { createSavedRepo } from './repo'
import { createSavedService } from './service'

const savedRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = createSavedService({ db: app.db, repo: createSavedRepo(app.db), clock: app.clock })
  const guarded = { preHandler: app.requireResident }
  const errors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody }

  app.get('/api/me/saved', { ...guarded, schema: { tags: ['me'], summary: '我的收藏与最近浏览', response: { 200: SavedLists, 401: ErrorBody } } }, async (request) =>
    service.lists(residentOf(request).userId),
  )

  app.put(
    '/api/me/favourites/:code',
    { ...guarded, schema: { tags: ['me'], summary: '收藏一个事项', params: SavedCodeParams, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      await service.addFavourite(residentOf(request).userId, request.params.code)
      return reply.code(204).send(null)
    },
  )

  app.delete(
    '/api/me/favourites/:code',
    { ...guarded, schema: { tags: ['me'], summary: '取消收藏', params: SavedCodeParams, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      await service.removeFavourite(residentOf(request).userId, request.params.code)
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/api/me/recent',
    { ...guarded, schema: { tags: ['me'], summary: '记录最近浏览', body: SavedCodeParams, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      await service.view(residentOf(request).userId, request.body.code)
      return reply.code(204).send(null)
    },
  )

  app.delete('/api/me/recent', { ...guarded, schema: { tags: ['me'], summary: '清空最近浏览', response: { 204: Type.Null(), 401: ErrorBody } } }, async (request, reply) => {
    await service.clearRecent(residentOf(request).userId)
    return reply.code(204).send(null)
  })

  app.post(
    '/api/me/saved/merge',
    { ...guarded, schema: { tags: ['me'], summary: '合并本机的收藏与最近浏览到账号', body: SavedMergeBody, response: { 200: SavedLists, 400: ErrorBody, 401: ErrorBody } } },
    async (request) => service.merge(residentOf(request).userId, request.body),
  )
}

export default savedRoutes
