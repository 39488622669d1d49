// HTTP routes of 好差评: the resident's 一次一评 of a hall visit, 一事一评 of a 办件 and 整改 verdict, the departments' 整改 queue and
// appeals, the hotline's 申诉复核, the public figures; registers the ratings job (defaults and request 差评 orders).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { ErrorBody } from '@contract/common'
import {
  Appeal,
  AppealBody,
  AppealList,
  AppealQuery,
  ApplicationRating,
  AppointmentRating,
  DecideBody,
  HallRateBody,
  OnlineRateBody,
  PublicRatings,
  RecordBody,
  Rectification,
  RectificationList,
  RectificationQuery,
  StaffRectification,
  SubjectRectification,
  VerdictBody,
} from '@contract/ratings'
import { residentOf, staffOf } from '../../auth'
import type { DataCrypto } from '../../crypto'
import { createAppeals } from './appeals'
import { createApplicationRatings } from './application'
import type { RatingsContext } from './context'
import { publicRatings } from './figures'
import { RATINGS_JOB, RATINGS_JOB_EVERY_MS, runRatingsJob } from './jobs'
import { createResidentRatings } from './resident'
import { createStaffRatings } from './staff'

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 429: ErrorBody }
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false })
const QUEUE_ROLES = ['dept_staff', 'hall_staff', 'dispatcher', 'admin'] as const
const APPEAL_FILERS = ['dept_staff', 'hall_staff'] as const
const DECIDERS = ['dispatcher', 'admin'] as const

const ratingsRoutes: FastifyPluginAsyncTypebox<{ crypto: DataCrypto }> = async (app, opts) => {
  const ctx: RatingsContext = { db: app.db, crypto: opts.crypto, clock: app.clock, rectifyDays: app.config.ratings.rectifyDays }
  const resident = createResidentRatings(ctx)
  const applications = createApplicationRatings(ctx)
  const staff = createStaffRatings(ctx)
  const appeals = createAppeals(ctx)

  app.jobs.register(RATINGS_JOB, RATINGS_JOB_EVERY_MS, (now) => runRatingsJob(ctx, now))

  // ---- resident

  app.post(
    '/api/appointments/:id/rate',
    {
      preHandler: app.requireResident,
      schema: { tags: ['ratings'], summary: '评价一次大厅办事（一次一评，办理后 7 天内）', params: IdParams, body: HallRateBody, response: { 201: AppointmentRating, ...errors } },
    },
    async (request, reply) => reply.code(201).send(await resident.rate(residentOf(request).userId, request.params.id, request.body)),
  )

  app.get(
    '/api/appointments/:id/rating',
    { preHandler: app.requireResident, schema: { tags: ['ratings'], summary: '这次办事的评价与整改', params: IdParams, response: { 200: AppointmentRating, ...errors } } },
    async (request) => resident.rating(residentOf(request).userId, request.params.id),
  )

  app.post(
    '/api/applications/:id/rate',
    {
      preHandler: app.requireResident,
      schema: { tags: ['ratings'], summary: '评价一件办件（一事一评，办结后 7 天内）', params: IdParams, body: OnlineRateBody, response: { 201: ApplicationRating, ...errors } },
    },
    async (request, reply) => reply.code(201).send(await applications.rate(residentOf(request).userId, request.params.id, request.body)),
  )

  app.get(
    '/api/applications/:id/rating',
    { preHandler: app.requireResident, schema: { tags: ['ratings'], summary: '这件办件的评价与整改', params: IdParams, response: { 200: ApplicationRating, ...errors } } },
    async (request) => applications.rating(residentOf(request).userId, request.params.id),
  )

  app.get(
    '/api/requests/:id/rectification',
    { preHandler: app.requireResident, schema: { tags: ['ratings'], summary: '诉求差评的整改情况', params: IdParams, response: { 200: SubjectRectification, ...errors } } },
    async (request) => resident.requestRectification(residentOf(request).userId, request.params.id),
  )

  app.post(
    '/api/rectifications/:id/verdict',
    { preHandler: app.requireResident, schema: { tags: ['ratings'], summary: '对整改结果表示满意或不满意', params: IdParams, body: VerdictBody, response: { 200: Rectification, ...errors } } },
    async (request) => resident.verdict(residentOf(request).userId, request.params.id, request.body.verdict),
  )

  // ---- staff

  app.get(
    '/api/staff/rectifications',
    {
      preHandler: app.requireStaff(QUEUE_ROLES),
      schema: { tags: ['staff'], summary: '整改单队列（按期限排序，临期/超期）', querystring: RectificationQuery, response: { 200: RectificationList, ...errors } },
    },
    async (request) => staff.list(staffOf(request), request.query.status ?? 'open'),
  )

  app.get(
    '/api/staff/rectifications/:id',
    { preHandler: app.requireStaff(QUEUE_ROLES), schema: { tags: ['staff'], summary: '整改单详情', params: IdParams, response: { 200: StaffRectification, ...errors } } },
    async (request) => staff.get(staffOf(request), request.params.id),
  )

  app.post(
    '/api/staff/rectifications/:id/record',
    {
      preHandler: app.requireStaff(QUEUE_ROLES),
      schema: { tags: ['staff'], summary: '登记回访与整改结果', params: IdParams, body: RecordBody, response: { 200: StaffRectification, ...errors } },
    },
    async (request) => staff.record(staffOf(request), request.params.id, request.body),
  )

  app.post(
    '/api/staff/rectifications/:id/appeal',
    {
      preHandler: app.requireStaff(APPEAL_FILERS),
      schema: { tags: ['staff'], summary: '对差评提出申诉复核', params: IdParams, body: AppealBody, response: { 200: StaffRectification, ...errors } },
    },
    async (request) => staff.appeal(staffOf(request), request.params.id, request.body),
  )

  app.get(
    '/api/staff/rating-appeals',
    { preHandler: app.requireStaff(DECIDERS), schema: { tags: ['staff'], summary: '申诉复核队列', querystring: AppealQuery, response: { 200: AppealList, ...errors } } },
    async (request) => appeals.list(request.query.status ?? 'pending'),
  )

  app.post(
    '/api/staff/rating-appeals/:id/decide',
    {
      preHandler: app.requireStaff(DECIDERS),
      schema: { tags: ['staff'], summary: '复核申诉（成立则该评价不计入统计，记录保留）', params: IdParams, body: DecideBody, response: { 200: Appeal, ...errors } },
    },
    async (request) => appeals.decide(staffOf(request), request.params.id, request.body),
  )

  // ---- public

  app.get(
    '/api/public/ratings',
    { schema: { tags: ['ratings'], summary: '好差评公开数据（近 12 个月，按部门和大厅）', response: { 200: PublicRatings, 429: ErrorBody } } },
    async (_request, reply) => {
      void reply.header('cache-control', 'public, max-age=300')
      return publicRatings(app.db, app.clock())
    },
  )
}

export default ratingsRoutes
