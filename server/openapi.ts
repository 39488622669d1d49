// The published contract: an OpenAPI 3.1 document built from the TypeBox schemas the routes declare, served at
// /api/openapi.json, and the reference page for partner systems (Swagger UI, every asset from the package) at /api/docs.
import fastifySwagger, { type FastifyDynamicSwaggerOptions } from '@fastify/swagger'
import fastifySwaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import { ErrorBody } from '@contract/common'

export const OPENAPI_PATH = '/api/openapi.json'
export const DOCS_PATH = '/api/docs'

/** What a route's `schema` looks like to the transform (fastify types it loosely). */
interface RouteSchema {
  tags?: string[]
  summary?: string
  description?: string
  hide?: boolean
  params?: unknown
  response?: Record<string, unknown>
  security?: Record<string, string[]>[]
  [key: string]: unknown
}

/** The tags, in the order the reference page lists them. */
const TAGS: { name: string; description: string }[] = [
  { name: 'health', description: '服务状态（负载均衡探活）' },
  { name: 'auth', description: '登录（微信、支付宝、短信验证码、工作人员）与退出' },
  { name: 'me', description: '我的：账号、实名、登录设备、收藏与最近浏览、数据导出与注销' },
  { name: 'departments', description: '委办局' },
  { name: 'services', description: '一网通办：事项目录、搜索、办事指南、主题与一件事' },
  { name: 'appointments', description: '预约办事：大厅、时段、预约、改约、取消、签到' },
  { name: 'notices', description: '消息通知：模板与订阅同意' },
  { name: 'uploads', description: '照片上传与读取' },
  { name: 'requests', description: '12345 有呼必应：居民提交与跟进诉求，相似诉求' },
  { name: 'ratings', description: '好差评：大厅办事评价、差评整改、公开统计' },
  { name: 'applications', description: '在线办：提交申请（含一件事）、补正、草稿、我的办件' },
  { name: 'licences', description: '电子证照：我的证照、亮证码、核验与公钥' },
  { name: 'announcements', description: '通知公告：公开的公告与管理员发布、修改、撤回' },
  { name: 'staff', description: '工作人员：工单处理、大厅工作台、热点与一屏观' },
  { name: 'citycode', description: '一码通城：居民码、长者打印码、家人代办、合作方与大厅验码' },
  { name: 'open311', description: 'Open311 GeoReport v2 合作方接口（JSON 与 XML，应答格式按 GeoReport v2 规范）' },
]

/** Open311 GeoReport v2 routes (they answer in GeoReport's own shapes and declare no TypeBox schemas). */
const OPEN311: Record<string, { summary: string; key?: boolean; file?: string }> = {
  'GET /open311/v2/discovery': { summary: '服务发现（端点、格式、密钥说明）' },
  'GET /open311/v2/services': { summary: '可受理的服务（诉求分类的末级）' },
  'GET /open311/v2/services/:file': { summary: '一个服务的定义（属性 request_type）', file: '服务代码加 .json 或 .xml，如 HW01.json' },
  'GET /open311/v2/requests': { summary: '公开的诉求列表（状态、分类、部门、地点，不含个人信息）' },
  'GET /open311/v2/requests/:file': { summary: '一件公开诉求', file: '诉求编号加 .json 或 .xml' },
  'POST /open311/v2/requests': { summary: '提交诉求（表单编码；api_key 权限 open311）', key: true },
}

/** Routes whose bodies are not JSON, as the document should show them (the routes themselves check these by hand). */
const NOT_JSON: Record<string, Partial<RouteSchema>> = {
  'POST /api/uploads': {
    consumes: ['multipart/form-data'],
    body: {
      type: 'object',
      properties: { file: { type: 'string', format: 'binary', description: '一张图片（≤ 10 MB）；保存为去除 EXIF/GPS 的 JPEG' } },
      required: ['file'],
    },
  },
  'GET /api/uploads/:id': {
    response: { 200: { description: '照片（JPEG）', content: { 'image/jpeg': { schema: { type: 'string', format: 'binary' } } } } },
  },
}

function isApi(url: string): boolean {
  return url === '/api' || url.startsWith('/api/')
}

/** The Open311 entry for a route url, matched without its `.json` / `.xml` ending. */
function open311Entry(method: string, url: string) {
  return OPEN311[`${method} ${url.replace(/\.(json|xml)$/, '')}`]
}

/** Routes that check the session in their handler rather than with a guard. */
const SESSION_IN_HANDLER = new Set(['/api/auth/logout'])
/** Routes that work without a session but use one when given (linking a phone to the signed-in account, a photo without a signed URL). */
const OPTIONAL_SESSION = new Set(['/api/auth/sms/verify', '/api/uploads/:id'])

/**
 * Who may call a route: one behind a guard (preHandler: requireResident, requireLevel, requireStaff) needs a session;
 * the partner verification route takes a partner key; a few use a session when there is one; the rest are open.
 */
function securityOf(url: string, guarded: boolean): Record<string, string[]>[] | undefined {
  if (url === '/api/citycode/verify') return [{ partnerKey: [] }, { partnerBearer: [] }]
  if (guarded || SESSION_IN_HANDLER.has(url)) return [{ session: [] }]
  if (OPTIONAL_SESSION.has(url)) return [{ session: [] }, {}]
  return undefined
}

/**
 * What every /api route can answer besides what it declares: 429 from the global rate limit, 400 when it validates
 * any input, and, for any other status (404, 405, 413, 415, 5xx …), the same `{code, message}` body.
 */
function withErrorAnswers(schema: RouteSchema): Record<string, unknown> {
  const response: Record<string, unknown> = { ...(schema.response ?? {}) }
  const validates = ['body', 'querystring', 'params', 'headers'].some((part) => schema[part] !== undefined)
  if (!('429' in response)) response['429'] = ErrorBody
  if (validates && !('400' in response)) response['400'] = ErrorBody
  response.default = ErrorBody
  return response
}

const transform: NonNullable<FastifyDynamicSwaggerOptions['transform']> = ({ schema, url, route }) => {
  const own = (schema ?? {}) as RouteSchema
  const method = (Array.isArray(route.method) ? route.method[0] : route.method) as string
  if (isApi(url)) {
    const notJson = NOT_JSON[`${method} ${url}`]
    const merged: RouteSchema = notJson ? { ...own, ...notJson, response: { ...own.response, ...notJson.response } } : own
    const security = merged.security ?? securityOf(url, route.preHandler !== undefined)
    return { schema: { ...merged, response: withErrorAnswers(merged), ...(security ? { security } : {}) }, url }
  }
  const open311 = open311Entry(method, url)
  if (!open311) return { schema: { ...own, hide: true }, url }
  const extra: RouteSchema = {
    tags: ['open311'],
    summary: open311.summary,
    response: { 200: { description: 'GeoReport v2 应答（JSON 或 XML，由地址结尾决定）' } },
  }
  if (open311.file) {
    extra.params = { type: 'object', properties: { file: { type: 'string', description: open311.file } }, required: ['file'] }
  }
  if (open311.key) extra.security = [{ open311Key: [] }]
  return { schema: { ...own, ...extra }, url }
}

/** What each answer means, where the route gave no description. */
const STATUS_TEXT: Record<string, string> = {
  '200': '成功',
  '201': '已创建',
  '202': '已受理',
  '204': '成功，无内容',
  '400': '请求有误：VALIDATION_FAILED、BAD_JSON 或本接口的错误码',
  '401': '未登录、登录已失效或密钥无效',
  '403': '无权操作（如 REALNAME_REQUIRED、FORBIDDEN）',
  '404': '不存在，或不属于当前身份（与不存在无法区分）',
  '409': '与当前状态冲突',
  '410': '已失效',
  '413': '内容过大（PAYLOAD_TOO_LARGE）',
  '415': '内容类型不支持（UNSUPPORTED_MEDIA_TYPE）',
  '422': '无法处理（UNPROCESSABLE 或本接口的错误码）',
  '423': '已锁定（如连续输错密码）',
  '429': '请求过于频繁（RATE_LIMITED）',
  '502': '上游服务（微信、支付宝、短信、身份核验）出错',
  '503': '服务暂不可用',
  default: '其他错误（404、405、413、415、5xx 等），同样是 {code, message}',
}

/** Key-sorted JSON, to recognise a schema whatever order its keys were written in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined)
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

interface Operation {
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>
}

/** The error body once, as components.schemas.ErrorBody, referenced by every error answer; plain descriptions. */
function finish(document: { paths?: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, unknown> } }) {
  const errorBody = canonical(JSON.parse(JSON.stringify(ErrorBody)))
  const components = (document.components ??= {})
  components.schemas = { ...components.schemas, ErrorBody: JSON.parse(JSON.stringify(ErrorBody)) }
  for (const item of Object.values(document.paths ?? {})) {
    for (const op of Object.values(item)) {
      for (const [status, answer] of Object.entries(op.responses ?? {})) {
        if (answer.description === 'Default Response' && STATUS_TEXT[status]) answer.description = STATUS_TEXT[status]
        for (const media of Object.values(answer.content ?? {})) {
          if (media.schema && canonical(media.schema) === errorBody) media.schema = { $ref: '#/components/schemas/ErrorBody' }
        }
      }
    }
  }
  return document
}

/**
 * Registers the document generator and the reference page. Call before any route is added: @fastify/swagger
 * collects routes with an onRoute hook, so a route registered earlier is missing from the document.
 */
export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      // 3.1: the contract's schemas are JSON Schema as they are (const, type 'null', unions) with nothing lost.
      openapi: '3.1.0',
      info: {
        title: '一站办 OneStop API',
        version,
        description: [
          '广州一站办的接口契约，由服务端校验请求与应答所用的同一套 TypeBox 模式生成。',
          '',
          '- 每个 4xx 应答都是 `{ "code": "大写下划线错误码", "message": "中文说明" }`；程序按 `code` 判断，`message` 可直接展示。',
          '- 居民与工作人员的接口用登录得到的会话令牌：`Authorization: Bearer <token>`。',
          '- 一码通城场景合作方验码用 API 密钥（`X-Api-Key`，权限 `citycode:<场景>`）；Open311 合作方用 `api_key`（权限 `open311`）。密钥由管理员以 `npm run admin -- create-api-key` 签发。',
          '- 可能重发的 POST 带 `Idempotency-Key`，同一个键重发得到同一个应答。',
        ].join('\n'),
      },
      servers: [{ url: '/', description: '本服务（与本文档同源）' }],
      tags: TAGS,
      components: {
        securitySchemes: {
          session: { type: 'http', scheme: 'bearer', description: '居民或工作人员登录后得到的会话令牌' },
          partnerKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key', description: '一码通城场景合作方密钥（权限 citycode:<场景>）' },
          partnerBearer: { type: 'http', scheme: 'bearer', description: '同一合作方密钥也可放在 Authorization: Bearer 中' },
          open311Key: { type: 'apiKey', in: 'query', name: 'api_key', description: 'Open311 合作方密钥（权限 open311；也可作表单字段）' },
        },
      },
    },
    convertConstToEnum: false,
    transform,
    transformObject: (document) => finish(('openapiObject' in document ? document.openapiObject : {}) as Parameters<typeof finish>[0]),
  })
  await app.register(fastifySwaggerUi, {
    routePrefix: DOCS_PATH,
    // No call to an outside validator: every byte of the page comes from this server.
    validatorUrl: false,
    // BaseLayout: the page without Swagger's top bar (its logo and a box for loading other documents).
    uiConfig: { layout: 'BaseLayout', docExpansion: 'none', deepLinking: true, tryItOutEnabled: false },
    theme: { title: '一站办 OneStop API 参考' },
  })
  app.get(OPENAPI_PATH, { schema: { hide: true } }, async (_request, reply) => {
    void reply.header('cache-control', 'no-cache')
    return app.swagger()
  })
}
