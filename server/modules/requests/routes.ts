// HTTP routes for 12345 requests: resident filing/list/detail/actions, the category tree, and the staff workbench
// (queues, detail, audited contact reveal, the one action endpoint, department suggestion); registers the deadline job.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { ErrorBody, PageQuery } from '@contract/common'
import {
  CategoryTree,
  DepartmentSuggestion,
  FiledRequest,
  FileRequestBody,
  RateBody,
  ReopenBody,
  RequestDetail,
  RequestList,
  RevealedContact,
  StaffActionBody,
  StaffRequestDetail,
  StaffRequestPage,
  StaffRequestQuery,
  SupplementBody,
  UrgeBody,
} from '@contract/request'
import { REQUEST_CATEGORIES } from '@domain/request-categories'
import type { DeadlineRules } from '@domain/workorder'
import { residentOf, staffOf } from '../../auth'
import type { DataCrypto } from '../../crypto'
import { AppError } from '../../errors'
import { DEADLINE_JOB, DEADLINE_JOB_EVERY_MS, runDeadlineJob } from './deadlines'
import { createRequestsService } from './service'

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody, 429: ErrorBody }
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) })
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,128}$/
const STAFF_ROLES = ['dispatcher', 'dept_staff', 'admin'] as const
const RESIDENT_STEPS = [
  { action: 'supplement', summary: '补充材料', body: SupplementBody },
  { action: 'urge', summary: '催办（超过办理时限后）', body: Type.Optional(UrgeBody) },
  { action: 'rate', summary: '评价（办结后 7 天内）', body: RateBody },
  { action: 'reopen', summary: '申请重办（不满意评价后，限一次）', body: ReopenBody },
] as const

const requestsRoutes: FastifyPluginAsyncTypebox<{ crypto: DataCrypto }> = async (app, opts) => {
  const rules: DeadlineRules = app.config.requestDeadlines
  const service = createRequestsService({ db: app.db, crypto: opts.crypto, clock: app.clock, rules, log: app.log })

  app.jobs.register(DEADLINE_JOB, DEADLINE_JOB_EVERY_MS, (now) => runDeadlineJob(app.db, now))

  app.get(
    '/api/request-categories',
    { schema: { tags: ['requests'], summary: '诉求分类', response: { 200: CategoryTree } } },
    async (_request, reply) => {
      void reply.header('cache-control', 'public, max-age=3600')
      return { items: REQUEST_CATEGORIES }
    },
  )

  // ---- resident

  app.post(
    '/api/requests',
    {
      preHandler: app.requireResident,
      schema: {
        tags: ['requests'],
        summary: '提交诉求（需要 Idempotency-Key；重试返回第一次的结果）',
        body: FileRequestBody,
        response: { 200: FiledRequest, 201: FiledRequest, ...errors },
      },
    },
    async (request, reply) => {
      const key = request.headers['idempotency-key']
      if (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key)) {
        throw new AppError(400, 'IDEMPOTENCY_KEY_REQUIRED', '缺少幂等键：请在请求头 Idempotency-Key 中提供 8–128 位的字母、数字、- 或 _')
      }
      const { request: filed, replayed } = await service.file(request.body, residentOf(request).userId, key)
      if (replayed) void reply.header('idempotent-replayed', 'true')
      return reply.code(replayed ? 200 : 201).send(filed)
    },
  )

  app.get(
    '/api/requests',
    { preHandler: app.requireResident, schema: { tags: ['requests'], summary: '我的诉求', querystring: PageQuery, response: { 200: RequestList, ...errors } } },
    async (request) => service.listMine(residentOf(request).userId, request.query.page ?? 1, request.query.pageSize ?? 20),
  )

  app.get(
    '/api/requests/:id',
    { preHandler: app.requireResident, schema: { tags: ['requests'], summary: '诉求详情与办理进度', params: IdParams, response: { 200: RequestDetail, ...errors } } },
    async (request) => service.mine(residentOf(request).userId, request.params.id),
  )

  // The resident's own steps: one route each, the same shape.
  for (const step of RESIDENT_STEPS) {
    app.post(
      `/api/requests/:id/${step.action}`,
      { preHandler: app.requireResident, schema: { tags: ['requests'], summary: step.summary, params: IdParams, body: step.body, response: { 200: RequestDetail, ...errors } } },
      async (request) => service.residentAction(residentOf(request).userId, request.params.id, step.action, request.body ?? {}),
    )
  }

  // ---- staff

  app.get(
    '/api/staff/requests',
    {
      preHandler: app.requireStaff(STAFF_ROLES),
      schema: { tags: ['staff'], summary: '工单队列（按时限排序）', querystring: StaffRequestQuery, response: { 200: StaffRequestPage, ...errors } },
    },
    async (request) => service.staffList(staffOf(request), request.query),
  )

  app.get(
    '/api/staff/requests/:id',
    {
      preHandler: app.requireStaff(STAFF_ROLES),
      schema: { tags: ['staff'], summary: '工单详情（联系方式已脱敏）', params: IdParams, response: { 200: StaffRequestDetail, ...errors } },
    },
    async (request) => service.staffView(staffOf(request), request.params.id),
  )

  app.post(
    '/api/staff/requests/:id/contact',
    {
      preHandler: app.requireStaff(STAFF_ROLES),
      schema: { tags: ['staff'], summary: '查看完整联系方式（记入审计日志；匿名诉求不向承办部门提供）', params: IdParams, response: { 200: RevealedContact, ...errors } },
    },
    async (request) => service.revealContact(staffOf(request), request.params.id),
  )

  app.post(
    '/api/staff/requests/:id/actions',
    {
      preHandler: app.requireStaff(STAFF_ROLES),
      schema: { tags: ['staff'], summary: '工单操作（受理、派单、签收、答复、退单、延期、办结、督办、并案…）', params: IdParams, body: StaffActionBody, response: { 200: StaffRequestDetail, ...errors } },
    },
    async (request) => service.staffAction(staffOf(request), request.params.id, request.body),
  )

  app.get(
    '/api/staff/requests/:id/suggest-department',
    {
      preHandler: app.requireStaff(STAFF_ROLES),
      schema: { tags: ['staff'], summary: '按分类和所在区推荐承办部门', params: IdParams, response: { 200: DepartmentSuggestion, ...errors } },
    },
    async (request) => service.departmentSuggestion(staffOf(request), request.params.id),
  )
}

export default requestsRoutes
