// HTTP routes for online applications: the resident's submit (single and 一件事), list, detail, 补正, drafts and
// bundle progress; the staff workbench's queue, detail, material files and the one action endpoint.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyReply } from 'fastify'
import {
  ApplicationDetail,
  ApplicationList,
  BundleDetail,
  CorrectBody,
  Draft,
  DraftBody,
  StaffApplicationActionBody,
  StaffApplicationDetail,
  StaffApplicationPage,
  StaffApplicationQuery,
  SubmitApplicationBody,
  SubmitBundleBody,
  SubmittedApplication,
  SubmittedBundle,
} from '@contract/applications'
import { ErrorBody, PageQuery } from '@contract/common'
import { residentOf, staffOf } from '../../auth'
import type { DataCrypto } from '../../crypto'
import { AppError } from '../../errors'
import { loadForms } from '../forms'
import type { PhotoStorage } from '../uploads/storage'
import type { FormSource } from './context'
import { FieldInvalid } from './materials'
import { createApplicationsService } from './service'

const errors = { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody, 429: ErrorBody }
const withFieldErrors = { 400: ErrorBody, ...errors }
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) })
const DraftParams = Type.Object({ serviceCode: Type.String({ maxLength: 90 }) })
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,128}$/
const STAFF_ROLES = ['dispatcher', 'dept_staff', 'admin'] as const

function idempotencyKey(value: unknown): string {
  if (typeof value !== 'string' || !IDEMPOTENCY_KEY.test(value)) {
    throw new AppError(400, 'IDEMPOTENCY_KEY_REQUIRED', '缺少幂等键：请在请求头 Idempotency-Key 中提供 8–128 位的字母、数字、- 或 _')
  }
  return value
}

/**
 * Runs `fn`; a FieldInvalid is answered as {code, message, field, errors} (FieldInvalidBody in types/applications.ts).
 * The error handler and the documented ErrorBody carry only code and message, so this one answer is serialized as
 * it is rather than through the 400 schema.
 */
async function answering<T>(reply: FastifyReply, fn: () => Promise<T>): Promise<T | FastifyReply> {
  try {
    return await fn()
  } catch (err) {
    if (err instanceof FieldInvalid) return reply.code(400).type('application/json; charset=utf-8').serializer(JSON.stringify).send(err.body())
    throw err
  }
}

/** `forms`: tests may pass their own; default the forms module's index (loaded here if it is not yet). */
const applicationsRoutes: FastifyPluginAsyncTypebox<{ crypto: DataCrypto; storage: PhotoStorage; forms?: FormSource }> = async (app, opts) => {
  const forms = opts.forms ?? (await loadForms())
  const service = createApplicationsService({ db: app.db, crypto: opts.crypto, clock: app.clock, forms, storage: opts.storage })

  // ---- resident

  app.post(
    '/api/applications',
    {
      preHandler: app.requireLevel(2),
      schema: {
        tags: ['applications'],
        summary: '在线申请（需实名认证和 Idempotency-Key；重试返回第一次的结果）',
        body: SubmitApplicationBody,
        response: { 200: SubmittedApplication, 201: SubmittedApplication, ...withFieldErrors },
      },
    },
    async (request, reply) =>
      answering(reply, async () => {
        const { answer, replayed } = await service.submit(residentOf(request).userId, request.body, idempotencyKey(request.headers['idempotency-key']))
        if (replayed) void reply.header('idempotent-replayed', 'true')
        return reply.code(replayed ? 200 : 201).send(answer)
      }),
  )

  app.post(
    '/api/bundle-applications',
    {
      preHandler: app.requireLevel(2),
      schema: {
        tags: ['applications'],
        summary: '一件事一次申请（每个部门一个办件，同一个一件事编号）',
        body: SubmitBundleBody,
        response: { 200: SubmittedBundle, 201: SubmittedBundle, ...withFieldErrors },
      },
    },
    async (request, reply) =>
      answering(reply, async () => {
        const { answer, replayed } = await service.submitBundle(residentOf(request).userId, request.body, idempotencyKey(request.headers['idempotency-key']))
        if (replayed) void reply.header('idempotent-replayed', 'true')
        return reply.code(replayed ? 200 : 201).send(answer)
      }),
  )

  app.get(
    '/api/bundle-applications/:id',
    { preHandler: app.requireResident, schema: { tags: ['applications'], summary: '一件事办理进度（如“3 / 5 已办结”）', params: IdParams, response: { 200: BundleDetail, 400: ErrorBody, ...errors } } },
    async (request) => service.bundle(residentOf(request).userId, request.params.id),
  )

  app.get(
    '/api/applications',
    { preHandler: app.requireResident, schema: { tags: ['applications'], summary: '我的办件', querystring: PageQuery, response: { 200: ApplicationList, 400: ErrorBody, ...errors } } },
    async (request) => service.list(residentOf(request).userId, request.query.page ?? 1, request.query.pageSize ?? 20),
  )

  app.put(
    '/api/applications/drafts/:serviceCode',
    {
      preHandler: app.requireResident,
      schema: { tags: ['applications'], summary: '保存草稿（一件事用 bundle:<编码>）', params: DraftParams, body: DraftBody, response: { 200: Draft, 400: ErrorBody, ...errors } },
    },
    async (request) => service.saveDraft(residentOf(request).userId, request.params.serviceCode, request.body),
  )

  app.get(
    '/api/applications/drafts/:serviceCode',
    { preHandler: app.requireResident, schema: { tags: ['applications'], summary: '读取草稿（可在另一台设备继续填写）', params: DraftParams, response: { 200: Draft, 400: ErrorBody, ...errors } } },
    async (request) => service.draft(residentOf(request).userId, request.params.serviceCode),
  )

  app.delete(
    '/api/applications/drafts/:serviceCode',
    { preHandler: app.requireResident, schema: { tags: ['applications'], summary: '删除草稿', params: DraftParams, response: { 204: Type.Null(), 400: ErrorBody, ...errors } } },
    async (request, reply) => {
      await service.deleteDraft(residentOf(request).userId, request.params.serviceCode)
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/api/applications/:id',
    { preHandler: app.requireResident, schema: { tags: ['applications'], summary: '办件详情与办理进度', params: IdParams, response: { 200: ApplicationDetail, 400: ErrorBody, ...errors } } },
    async (request) => service.detail(residentOf(request).userId, request.params.id),
  )

  app.post(
    '/api/applications/:id/correct',
    {
      preHandler: app.requireResident,
      schema: { tags: ['applications'], summary: '补正：一次改好补正告知列出的全部内容', params: IdParams, body: CorrectBody, response: { 200: ApplicationDetail, ...withFieldErrors } },
    },
    async (request, reply) => answering(reply, () => service.correct(residentOf(request).userId, request.params.id, request.body)),
  )

  // ---- staff

  app.get(
    '/api/staff/applications',
    {
      preHandler: app.requireStaff(STAFF_ROLES),
      schema: { tags: ['staff'], summary: '办件队列（按时限排序，标注临期/超期）', querystring: StaffApplicationQuery, response: { 200: StaffApplicationPage, 400: ErrorBody, ...errors } },
    },
    async (request) => service.staffList(staffOf(request), request.query),
  )

  app.get(
    '/api/staff/applications/:id',
    {
      preHandler: app.requireStaff(STAFF_ROLES),
      schema: { tags: ['staff'], summary: '办件详情（本部门办件；查看记入审计日志）', params: IdParams, response: { 200: StaffApplicationDetail, 400: ErrorBody, ...errors } },
    },
    async (request) => service.staffView(staffOf(request), request.params.id),
  )

  app.get(
    '/api/staff/applications/:id/materials/:uploadId',
    {
      preHandler: app.requireStaff(STAFF_ROLES),
      schema: {
        tags: ['staff'],
        summary: '打开申请材料（记入审计日志）',
        params: Type.Object({ id: Type.String({ maxLength: 64 }), uploadId: Type.String({ maxLength: 64 }) }),
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), 400: ErrorBody, ...errors },
      },
    },
    async (request, reply) => {
      const file = await service.material(staffOf(request), request.params.id, request.params.uploadId)
      return reply.type(file.contentType).header('cache-control', 'private, no-store').header('content-disposition', 'inline').send(file.bytes)
    },
  )

  app.post(
    '/api/staff/applications/:id/actions',
    {
      preHandler: app.requireStaff(STAFF_ROLES),
      schema: {
        tags: ['staff'],
        summary: '办件操作（受理、补正告知、不予受理、准予许可、不予许可）',
        params: IdParams,
        body: StaffApplicationActionBody,
        response: { 200: StaffApplicationDetail, 400: ErrorBody, ...errors },
      },
    },
    async (request) => service.staffAction(staffOf(request), request.params.id, request.body),
  )
}

export default applicationsRoutes
