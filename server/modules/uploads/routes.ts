// HTTP routes for photos: POST /api/uploads (multipart, resident or staff) and GET /api/uploads/:id (signed address or an allowed session).
import fastifyMultipart from '@fastify/multipart'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { ErrorBody } from '@contract/common'
import { MAX_UPLOAD_BYTES, Upload } from '@contract/upload'
import { staffCanSee } from '../../auth'
import type { DataCrypto } from '../../crypto'
import { AppError } from '../../errors'
import { createUploadsRepo } from './repo'
import { createUploadsService, verifyPhotoUrl } from './service'
import type { PhotoStorage } from './storage'

const tooLarge = () => new AppError(413, 'UPLOAD_TOO_LARGE', `图片不能超过 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`)
const notFound = () => new AppError(404, 'NOT_FOUND', '找不到该图片')

/** `storage` is the one the account hooks erase from too (server/modules/index.ts passes both the same). */
const uploadsRoutes: FastifyPluginAsyncTypebox<{ crypto: DataCrypto; storage: PhotoStorage }> = async (app, opts) => {
  const service = createUploadsService({ repo: createUploadsRepo(app.db), storage: opts.storage, crypto: opts.crypto, clock: app.clock })

  await app.register(fastifyMultipart, {
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10, fieldSize: 1024, parts: 12 },
    throwFileSizeLimit: true,
  })

  /** A resident or a staff session (either one; 401 otherwise). */
  async function residentOrStaff(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    try {
      await app.requireResident.call(app, request, reply)
    } catch (residentError) {
      try {
        await app.requireStaff().call(app, request, reply)
      } catch {
        throw residentError
      }
    }
  }

  app.post(
    '/api/uploads',
    {
      preHandler: residentOrStaff,
      schema: {
        tags: ['uploads'],
        summary: '上传照片或 PDF（multipart，单个文件 ≤ 10 MB；图片去除 EXIF/GPS 后保存，PDF 按内容校验）',
        response: { 201: Upload, 400: ErrorBody, 401: ErrorBody, 413: ErrorBody, 415: ErrorBody, 429: ErrorBody },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 上传图片')
      let bytes: Buffer | null = null
      let sentAsPdf = false
      try {
        for await (const part of request.parts()) {
          if (part.type === 'file') {
            if (bytes) throw new AppError(400, 'BAD_REQUEST', '一次只能上传一张图片')
            sentAsPdf = part.mimetype === 'application/pdf' || /\.pdf$/i.test(part.filename ?? '')
            bytes = await part.toBuffer()
          }
        }
      } catch (err) {
        const code = (err as { code?: string }).code
        if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge()
        if (code === 'FST_FILES_LIMIT') throw new AppError(400, 'BAD_REQUEST', '一次只能上传一张图片')
        throw err
      }
      if (!bytes || bytes.length === 0) throw new AppError(400, 'FILE_REQUIRED', '请选择要上传的图片')
      const owner = request.resident ? { userId: request.resident.userId } : { staffId: request.staff!.staffId }
      const upload = await service.store(bytes, owner, sentAsPdf)
      return reply.code(201).send(upload)
    },
  )

  app.get(
    '/api/uploads/:id',
    {
      schema: {
        tags: ['uploads'],
        summary: '读取照片（带签名的地址，或有权查看该诉求的登录身份）',
        params: Type.Object({ id: Type.String() }),
        querystring: Type.Object({ exp: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })), sig: Type.Optional(Type.String({ maxLength: 64 })) }),
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), 401: ErrorBody, 404: ErrorBody, 429: ErrorBody },
      },
    },
    async (request, reply) => {
      const { id } = request.params
      if (!/^[0-9a-f-]{36}$/.test(id)) throw notFound()
      const row = await service.row(id)
      if (!row) throw notFound()
      const now = app.clock()
      const { exp, sig } = request.query
      let allowed = exp !== undefined && sig !== undefined && verifyPhotoUrl(opts.crypto, id, exp, sig, now)
      if (!allowed) {
        if (!request.headers.authorization) throw notFound()
        await residentOrStaff(request, reply)
        allowed = await mayRead(row, request)
      }
      if (!allowed) throw notFound()
      const bytes = await service.bytes(row)
      if (!bytes) throw notFound()
      return reply
        .type(row.content_type)
        .header('cache-control', 'private, max-age=3600')
        .header('content-disposition', 'inline')
        .send(bytes)
    },
  )

  async function mayRead(row: { user_id: string | null; staff_id: string | null; request_id: string | null }, request: FastifyRequest): Promise<boolean> {
    if (request.resident && row.user_id === request.resident.userId) return true
    if (request.staff && row.staff_id === request.staff.staffId) return true
    if (!row.request_id) return false
    const req = await service.requestOwner(row.request_id)
    if (!req) return false
    if (request.resident) return req.user_id === request.resident.userId
    if (request.staff) return staffCanSee(request.staff, { departmentCode: req.department_code })
    return false
  }
}

export default uploadsRoutes
