// HTTP routes for 预约办事: /api/halls and /api/appointments/rules (public), /api/appointments (resident, L2 to book),
// /api/staff/halls/:id/* (hall staff), and the no-show and reminder jobs.
import { createHash } from 'node:crypto'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply } from 'fastify'
import {
  Appointment,
  AppointmentList,
  AppointmentParams,
  BookBody,
  BookingRulesDto,
  ClosureBody,
  ClosureResult,
  HallDay,
  HallDayQuery,
  HallItemParams,
  HallList,
  HallParams,
  HallQuery,
  IdempotencyHeaders,
  RescheduleBody,
  SlotList,
  SlotQuery,
  StaffCheckinBody,
} from '@contract/appointment'
import { ErrorBody } from '@contract/common'
import { assertStaffScope, residentOf, staffOf } from '../../auth'
import type { DataCrypto } from '../../crypto'
import type { BookingRules } from '@domain/appointment'
import { createAppointmentsRepo } from './repo'
import { createAppointmentsService, type BookingPath, type PostResult } from './service'

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody }

function send<T>(reply: FastifyReply, result: PostResult<T>): T {
  void reply.code(result.status)
  if (result.replayed) void reply.header('idempotent-replayed', 'true')
  return result.body
}

export interface AppointmentsRoutesOptions {
  crypto: DataCrypto
  /** Overrides of the booking rules (tests; deployments use the defaults). */
  rules?: Partial<BookingRules>
  /** How bookings are made (default 'fast': book_appointment() first); 'transaction' for comparisons. */
  bookingPath?: BookingPath
}

/** Public reference answers may be kept by shared caches and the app for five minutes (as the catalog's). */
const PUBLIC_CACHE_CONTROL = 'public, max-age=300'

const appointmentsRoutes: FastifyPluginAsyncTypebox<AppointmentsRoutesOptions> = async (app, opts) => {
  const repo = createAppointmentsRepo(app.db)
  const service = createAppointmentsService({
    db: app.db,
    repo,
    crypto: opts.crypto,
    clock: app.clock,
    rules: { ...app.config.appointments, ...opts.rules },
    bookingPath: opts.bookingPath,
  })
  const bookingRules = service.bookingRules()
  const bookingRulesEtag = `"${createHash('sha1').update(JSON.stringify(bookingRules)).digest('base64url')}"`

  app.jobs.register('appointments.no-show', 60_000, (now) => service.markNoShows(now))
  app.jobs.register('appointments.remind', 60_000, (now) => service.queueReminders(now))

  // --- public ---
  app.get(
    '/api/halls',
    { schema: { tags: ['appointments'], summary: '办事大厅（可按事项筛选）', querystring: HallQuery, response: { 200: HallList, ...errors } } },
    async (request) => service.halls(request.query.service),
  )

  app.get(
    '/api/halls/:id/slots',
    { schema: { tags: ['appointments'], summary: '大厅某事项的可预约时段', params: HallParams, querystring: SlotQuery, response: { 200: SlotList, ...errors } } },
    async (request) => service.slots(request.params.id, request.query.service, request.query.from, request.query.to),
  )

  app.get(
    '/api/appointments/rules',
    { schema: { tags: ['appointments'], summary: '本部署实行的预约规则（提前量、可约天数、爽约限制等）', response: { 200: BookingRulesDto } } },
    async (request, reply) => {
      void reply.header('etag', bookingRulesEtag).header('cache-control', PUBLIC_CACHE_CONTROL)
      const held = request.headers['if-none-match']?.split(',').map((t) => t.trim().replace(/^W\//, ''))
      return held?.includes(bookingRulesEtag) ? (reply as FastifyReply).code(304).send() : bookingRules
    },
  )

  // --- residents ---
  app.get(
    '/api/appointments',
    { preHandler: app.requireResident, schema: { tags: ['appointments'], summary: '我的预约', response: { 200: AppointmentList, ...errors } } },
    async (request) => service.list(residentOf(request).userId),
  )

  app.get(
    '/api/appointments/:id',
    { preHandler: app.requireResident, schema: { tags: ['appointments'], summary: '预约详情', params: AppointmentParams, response: { 200: Appointment, ...errors } } },
    async (request) => service.get(residentOf(request).userId, request.params.id),
  )

  app.post(
    '/api/appointments',
    {
      preHandler: app.requireLevel(2),
      schema: { tags: ['appointments'], summary: '预约', headers: IdempotencyHeaders, body: BookBody, response: { 201: Appointment, ...errors } },
    },
    async (request, reply) =>
      send(
        reply,
        await service.book(residentOf(request).userId, request.body, {
          key: request.headers['idempotency-key'],
          request: ['book', request.body.slotId, request.body.serviceCode],
        }),
      ),
  )

  app.post(
    '/api/appointments/:id/cancel',
    { preHandler: app.requireResident, schema: { tags: ['appointments'], summary: '取消预约', headers: IdempotencyHeaders, params: AppointmentParams, response: { 200: Appointment, ...errors } } },
    async (request, reply) =>
      send(reply, await service.cancel(residentOf(request).userId, request.params.id, { key: request.headers['idempotency-key'], request: ['cancel', request.params.id] })),
  )

  app.post(
    '/api/appointments/:id/reschedule',
    {
      preHandler: app.requireLevel(2),
      schema: { tags: ['appointments'], summary: '改约（一个事务）', headers: IdempotencyHeaders, params: AppointmentParams, body: RescheduleBody, response: { 200: Appointment, ...errors } },
    },
    async (request, reply) =>
      send(
        reply,
        await service.reschedule(residentOf(request).userId, request.params.id, request.body.slotId, {
          key: request.headers['idempotency-key'],
          request: ['reschedule', request.params.id, request.body.slotId],
        }),
      ),
  )

  app.post(
    '/api/appointments/:id/checkin',
    { preHandler: app.requireResident, schema: { tags: ['appointments'], summary: '签到取号', headers: IdempotencyHeaders, params: AppointmentParams, response: { 200: Appointment, ...errors } } },
    async (request, reply) =>
      send(reply, await service.checkinByResident(residentOf(request).userId, request.params.id, { key: request.headers['idempotency-key'], request: ['checkin', request.params.id] })),
  )

  // --- hall staff (their own hall) and admin ---
  const hallStaff = app.requireStaff(['hall_staff', 'admin'])
  const inScope = (request: Parameters<typeof staffOf>[0], hallId: string) => assertStaffScope(request, { hallId }, (t) => t)

  app.get(
    '/api/staff/halls/:id/day',
    { preHandler: hallStaff, schema: { tags: ['staff'], summary: '大厅当日预约', params: HallParams, querystring: HallDayQuery, response: { 200: HallDay, ...errors } } },
    async (request) => {
      inScope(request, request.params.id)
      return service.hallDay(request.params.id, request.query.date)
    },
  )

  app.post(
    '/api/staff/halls/:id/checkin',
    { preHandler: hallStaff, schema: { tags: ['staff'], summary: '凭预约码签到', params: HallParams, body: StaffCheckinBody, response: { 200: Appointment, ...errors } } },
    async (request) => {
      inScope(request, request.params.id)
      return service.staffCheckin(staffOf(request), request.params.id, request.body.code)
    },
  )

  app.post(
    '/api/staff/halls/:id/appointments/:appointmentId/no-show',
    { preHandler: hallStaff, schema: { tags: ['staff'], summary: '标记未到场', params: HallItemParams, response: { 200: Appointment, ...errors } } },
    async (request) => {
      inScope(request, request.params.id)
      return service.markNoShow(staffOf(request), request.params.id, request.params.appointmentId)
    },
  )

  app.post(
    '/api/staff/halls/:id/closures',
    { preHandler: hallStaff, schema: { tags: ['staff'], summary: '停办某日（取消当日预约并通知）', params: HallParams, body: ClosureBody, response: { 200: ClosureResult, ...errors } } },
    async (request) => {
      inScope(request, request.params.id)
      return service.closeDay(staffOf(request), request.params.id, request.body.date, request.body.reason)
    },
  )
}

export default appointmentsRoutes
