// HTTP routes for staff: POST /api/auth/staff (sign-in) and GET /api/staff/me.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { StaffLoginBody, StaffProfile, StaffSessionResponse } from '@contract/auth'
import { ErrorBody } from '@contract/common'
import { staffOf } from '../../auth'
import type { DataCrypto } from '../../crypto'
import { createStaffRepo } from './repo'
import { createStaffService } from './service'

const staffRoutes: FastifyPluginAsyncTypebox<{ crypto: DataCrypto }> = async (app, opts) => {
  const service = createStaffService({ db: app.db, repo: createStaffRepo(app.db), crypto: opts.crypto, clock: app.clock })

  app.post(
    '/api/auth/staff',
    {
      schema: {
        tags: ['auth'],
        summary: '工作人员登录（连续 5 次密码错误锁定 15 分钟）',
        body: StaffLoginBody,
        response: { 200: StaffSessionResponse, 400: ErrorBody, 401: ErrorBody, 423: ErrorBody, 429: ErrorBody },
      },
    },
    async (request) => service.login(request.body.username, request.body.password, request.ip),
  )

  app.get(
    '/api/staff/me',
    {
      preHandler: app.requireStaff(),
      schema: { tags: ['staff'], summary: '当前工作人员', response: { 200: StaffProfile, 401: ErrorBody, 403: ErrorBody, 429: ErrorBody } },
    },
    async (request) => service.profile(staffOf(request).staffId),
  )
}

export default staffRoutes
