// HTTP routes for 通知公告: GET /api/announcements and /api/announcements/:id (public: a staff token sees the staff
// notices instead of the residents' ones), and the admin's GET|POST /api/admin/announcements,
// PUT /api/admin/announcements/:id, POST /api/admin/announcements/:id/withdraw.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import {
  AdminAnnouncement,
  AdminAnnouncementList,
  Announcement,
  AnnouncementBody,
  AnnouncementList,
  AnnouncementParams,
  AnnouncementQuery,
} from '@contract/announcements'
import { ErrorBody } from '@contract/common'
import { bearerToken, findSession, staffOf } from '../../auth'
import { createAnnouncementsRepo } from './repo'
import { createAnnouncementsService, type Viewer } from './service'

const announcementsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = createAnnouncementsService({ db: app.db, repo: createAnnouncementsRepo(app.db), clock: app.clock })
  const admin = { preHandler: app.requireStaff(['admin']) }
  const adminErrors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody }

  /** A live staff session reads the staff notices; anyone else (signed out, resident, stale token) the residents'. */
  async function viewerOf(request: FastifyRequest): Promise<Viewer> {
    const token = bearerToken(request)
    if (!token) return 'resident'
    const row = await findSession(app.db, token)
    const live = row && !row.revoked_at && !row.deleted_at && !row.disabled_at && row.expires_at.getTime() > app.clock().getTime()
    return live && row.kind === 'staff' ? 'staff' : 'resident'
  }

  app.get(
    '/api/announcements',
    { schema: { tags: ['announcements'], summary: '通知公告（当前有效）', querystring: AnnouncementQuery, response: { 200: AnnouncementList, 400: ErrorBody } } },
    async (request) => ({ items: await service.list(await viewerOf(request), request.query.limit ?? 20) }),
  )

  app.get(
    '/api/announcements/:id',
    { schema: { tags: ['announcements'], summary: '一条通知公告', params: AnnouncementParams, response: { 200: Announcement, 400: ErrorBody, 404: ErrorBody } } },
    async (request) => service.one(await viewerOf(request), request.params.id),
  )

  app.get(
    '/api/admin/announcements',
    { ...admin, schema: { tags: ['announcements'], summary: '全部公告（管理员）', querystring: AnnouncementQuery, response: { 200: AdminAnnouncementList, ...adminErrors } } },
    async (request) => ({ items: await service.adminList(request.query.limit ?? 50) }),
  )

  app.post(
    '/api/admin/announcements',
    { ...admin, schema: { tags: ['announcements'], summary: '发布公告', body: AnnouncementBody, response: { 201: AdminAnnouncement, ...adminErrors } } },
    async (request, reply) => reply.code(201).send(await service.create(staffOf(request).staffId, request.body)),
  )

  app.put(
    '/api/admin/announcements/:id',
    { ...admin, schema: { tags: ['announcements'], summary: '修改公告', params: AnnouncementParams, body: AnnouncementBody, response: { 200: AdminAnnouncement, ...adminErrors } } },
    async (request) => service.edit(staffOf(request).staffId, request.params.id, request.body),
  )

  app.post(
    '/api/admin/announcements/:id/withdraw',
    { ...admin, schema: { tags: ['announcements'], summary: '撤回公告', params: AnnouncementParams, response: { 200: AdminAnnouncement, ...adminErrors } } },
    async (request) => service.withdraw(staffOf(request).staffId, request.params.id),
  )
}

export default announcementsRoutes
