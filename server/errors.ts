// Errors: AppError for services to throw, and the one mapping from any error to a status and a Chinese {code, message}.
import type { CommonErrorCode, ErrorBody } from '@contract/common'
import type { ErrorCode } from '@contract/errors'

/**
 * A deliberate, expected failure: the status, code and Chinese message reach the client as they are. The code is one
 * of the contract's ErrorCode unions (types/errors.ts), so a code the contract does not list is a type error.
 */
export class AppError extends Error {
  readonly headers?: Record<string, string>

  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown; headers?: Record<string, string> },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'AppError'
    this.headers = options?.headers
  }
}

export interface ErrorReply {
  status: number
  body: ErrorBody
  headers?: Record<string, string>
  /** 'error' for anything unexpected (the real error goes to the log only), 'info' for client mistakes. */
  logLevel: 'info' | 'error'
}

export const INTERNAL_ERROR: HttpErrorBody = { code: 'INTERNAL', message: '服务暂时不可用，请稍后重试' }

/** An answer with one of HTTP's own codes. */
interface HttpErrorBody extends ErrorBody {
  code: CommonErrorCode
}

/** Default code and Chinese message per 4xx status, for errors that carry nothing better. */
const BY_STATUS: Record<number, HttpErrorBody> = {
  400: { code: 'BAD_REQUEST', message: '请求有误，请检查后重试' },
  401: { code: 'UNAUTHORIZED', message: '请先登录' },
  403: { code: 'FORBIDDEN', message: '没有权限执行此操作' },
  404: { code: 'NOT_FOUND', message: '找不到该内容' },
  405: { code: 'METHOD_NOT_ALLOWED', message: '该接口不支持此请求方式' },
  406: { code: 'NOT_ACCEPTABLE', message: '无法提供所要求的内容格式' },
  408: { code: 'REQUEST_TIMEOUT', message: '请求超时，请重试' },
  409: { code: 'CONFLICT', message: '数据已有变化，请刷新后重试' },
  410: { code: 'GONE', message: '该内容已不存在' },
  411: { code: 'LENGTH_REQUIRED', message: '请求缺少内容长度' },
  413: { code: 'PAYLOAD_TOO_LARGE', message: '提交的内容过大，请精简后重试' },
  414: { code: 'URI_TOO_LONG', message: '请求地址过长' },
  415: { code: 'UNSUPPORTED_MEDIA_TYPE', message: '不支持该内容类型，请以 JSON（application/json）提交' },
  422: { code: 'UNPROCESSABLE', message: '请求内容无法处理' },
  429: { code: 'RATE_LIMITED', message: '请求过于频繁，请稍后再试' },
  431: { code: 'HEADERS_TOO_LARGE', message: '请求头过大，请清理后重试' },
}

/** What fastify (and ajv) attach to errors; all optional because anything can be thrown. */
interface FrameworkError {
  code?: string
  statusCode?: number
  validation?: ValidationIssue[]
  validationContext?: string
}

export interface ValidationIssue {
  instancePath?: string
  schemaPath?: string
  keyword: string
  params?: Record<string, unknown>
  message?: string
}

const CONTEXT_LABEL: Record<string, string> = {
  body: '请求内容',
  querystring: '查询参数',
  params: '路径参数',
  headers: '请求头',
}

const TYPE_LABEL: Record<string, string> = {
  string: '文本',
  number: '数字',
  integer: '整数',
  boolean: '布尔值（true 或 false）',
  object: '对象',
  array: '数组',
  null: '空值',
}

const FORMAT_LABEL: Record<string, string> = {
  date: '日期，如 2025-01-31',
  'date-time': '日期时间，如 2025-01-31T09:00:00+08:00',
  time: '时间，如 09:30:00',
  email: '电子邮箱地址',
  uri: '网址',
  url: '网址',
  uuid: 'UUID',
  ipv4: 'IPv4 地址',
  ipv6: 'IPv6 地址',
}

/** '/items/0/name' → 'items[0].name'; '' → ''. */
export function fieldPath(instancePath: string | undefined, extra?: string): string {
  const parts = (instancePath ?? '')
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
  if (extra !== undefined) parts.push(extra)
  let out = ''
  for (const part of parts) {
    if (/^\d+$/.test(part)) out += `[${part}]`
    else out += out === '' ? part : `.${part}`
  }
  return out
}

/** "name " before a predicate, nothing when the issue is about the whole body/query. */
const subject = (field: string) => (field ? `${field} ` : '')

function describeIssue(issue: ValidationIssue, branches: ValidationIssue[]): string {
  const p = issue.params ?? {}
  if (issue.keyword === 'required') {
    return `${fieldPath(issue.instancePath, String(p.missingProperty))} 为必填项`
  }
  const s = subject(fieldPath(issue.instancePath))
  if (issue.keyword === 'additionalProperties') {
    return `${s}含有不支持的字段 ${String(p.additionalProperty)}`
  }
  const limit = p.limit as number | undefined
  switch (issue.keyword) {
    case 'type':
      return `${s}应为${typeNames(String(p.type).split(','))}`
    case 'minLength':
      return limit === 1 ? `${s}不能为空` : `${s}至少需要 ${limit} 个字符`
    case 'maxLength':
      return `${s}不能超过 ${limit} 个字符`
    case 'minimum':
      return `${s}不能小于 ${limit}`
    case 'maximum':
      return `${s}不能大于 ${limit}`
    case 'exclusiveMinimum':
      return `${s}应大于 ${limit}`
    case 'exclusiveMaximum':
      return `${s}应小于 ${limit}`
    case 'minItems':
      return `${s}至少需要 ${limit} 项`
    case 'maxItems':
      return `${s}最多 ${limit} 项`
    case 'minProperties':
      return `${s}不能为空`
    case 'uniqueItems':
      return `${s}中有重复项`
    case 'multipleOf':
      return `${s}应为 ${String(p.multipleOf)} 的整数倍`
    case 'pattern':
      return `${s}格式不正确`
    case 'controlCharacters':
      return `${s}含有不允许的字符（控制字符或无效编码）`
    case 'finiteNumber':
      return `${s}应为有限的数字`
    case 'format': {
      const label = FORMAT_LABEL[String(p.format)]
      return label ? `${s}格式不正确，应为${label}` : `${s}格式不正确`
    }
    case 'enum':
      return oneOfValues(s, (p.allowedValues as unknown[] | undefined) ?? [])
    case 'const':
      return `${s}应为 ${String(p.allowedValue)}`
    case 'anyOf':
    case 'oneOf': {
      // A union: say what any branch would accept when the branches are simple (literals or types).
      if (branches.length && branches.every((b) => b.keyword === 'const')) {
        return oneOfValues(s, branches.map((b) => b.params?.allowedValue))
      }
      if (branches.length && branches.every((b) => b.keyword === 'type')) {
        return `${s}应为${typeNames(branches.flatMap((b) => String(b.params?.type).split(',')))}`
      }
      return `${s}不符合要求`
    }
    default:
      return `${s}不符合要求`
  }
}

function typeNames(types: string[]): string {
  return [...new Set(types)].map((t) => TYPE_LABEL[t] ?? t).join('或')
}

function oneOfValues(s: string, values: unknown[]): string {
  return values.length ? `${s}应为以下之一：${values.map((v) => String(v)).join('、')}` : `${s}取值不在允许范围内`
}

/** A readable Chinese sentence for ajv's issues, e.g. "请求内容有误：name 为必填项". */
export function validationMessage(issues: ValidationIssue[], context = 'body'): string {
  const label = CONTEXT_LABEL[context] ?? '请求'
  // ajv reports each failed branch of a union before the union itself: fold them into one sentence.
  const unions = issues.filter((i) => (i.keyword === 'anyOf' || i.keyword === 'oneOf') && i.schemaPath)
  const branchOf = (issue: ValidationIssue) =>
    unions.find((u) => u !== issue && issue.schemaPath?.startsWith(`${u.schemaPath}/`))
  const sentences = issues
    .filter((issue) => !branchOf(issue))
    .map((issue) => describeIssue(issue, issues.filter((i) => branchOf(i) === issue)))
  return `${label}有误：${[...new Set(sentences)].slice(0, 3).join('；')}`
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MB`
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KB`
  return `${bytes} 字节`
}

/** Maps anything thrown to what the client sees. Unknown errors become INTERNAL; their text is never sent. */
export function toErrorReply(err: unknown, options: { bodyLimit?: number } = {}): ErrorReply {
  if (err instanceof AppError) {
    return {
      status: err.status,
      body: { code: err.code, message: err.message },
      headers: err.headers,
      logLevel: err.status >= 500 ? 'error' : 'info',
    }
  }
  const e = (typeof err === 'object' && err !== null ? err : {}) as FrameworkError
  if (Array.isArray(e.validation)) {
    return {
      status: 400,
      body: { code: 'VALIDATION_FAILED', message: validationMessage(e.validation, e.validationContext) },
      logLevel: 'info',
    }
  }
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { status: 400, body: { code: 'BAD_JSON', message: '请求内容不是有效的 JSON' }, logLevel: 'info' }
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, body: { code: 'BAD_JSON', message: '请求内容为空，但声明为 JSON' }, logLevel: 'info' }
    case 'FST_ERR_CTP_BODY_TOO_LARGE': {
      const limit = options.bodyLimit ? `（上限 ${formatBytes(options.bodyLimit)}）` : ''
      return { status: 413, body: { code: 'PAYLOAD_TOO_LARGE', message: `提交的内容过大${limit}，请精简后重试` }, logLevel: 'info' }
    }
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, body: BY_STATUS[415], logLevel: 'info' }
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: 400, body: { code: 'BAD_REQUEST', message: '请求内容长度与声明不符' }, logLevel: 'info' }
  }
  const status = e.statusCode
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { status, body: BY_STATUS[status] ?? BY_STATUS[400], logLevel: 'info' }
  }
  return { status: 500, body: INTERNAL_ERROR, logLevel: 'error' }
}

/** What Node's HTTP parser says before a request exists (fastify's clientErrorHandler receives it). */
interface ParserError {
  code?: string
  /** The bytes the parser was reading when it failed (Node sets it for parse errors). */
  rawPacket?: unknown
}

/** A request line longer than this is a URL that is too long (414); otherwise the headers are (431). */
const LONG_REQUEST_LINE = 8 * 1024

/**
 * The answer to a request Node's parser refused before routing: a URL or headers over the size limit (414/431), a
 * request that took too long to arrive (408), or bytes that are not HTTP (400). Same {code, message} as the rest.
 */
export function clientErrorReply(err: ParserError): { status: number; body: HttpErrorBody } {
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') return { status: 408, body: BY_STATUS[408] }
  if (err.code === 'HPE_HEADER_OVERFLOW') {
    const packet = Buffer.isBuffer(err.rawPacket) ? err.rawPacket : Buffer.alloc(0)
    const lineEnd = packet.indexOf('\r\n')
    const lineLength = lineEnd === -1 ? packet.length : lineEnd
    return lineLength > LONG_REQUEST_LINE ? { status: 414, body: BY_STATUS[414] } : { status: 431, body: BY_STATUS[431] }
  }
  return { status: 400, body: { code: 'BAD_REQUEST', message: '请求格式无效，无法识别' } }
}

/** The raw HTTP/1.1 answer for clientErrorReply (written to the socket: there is no reply object yet). */
export function clientErrorResponse(err: ParserError): string {
  const { status, body } = clientErrorReply(err)
  const json = JSON.stringify(body)
  const reason = { 400: 'Bad Request', 408: 'Request Timeout', 414: 'URI Too Long', 431: 'Request Header Fields Too Large' }[status]
  return (
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
    `Content-Length: ${Buffer.byteLength(json)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${json}`
  )
}

/** The 404 for an unknown /api route. */
export const API_NOT_FOUND: HttpErrorBody = { code: 'NOT_FOUND', message: '找不到该接口' }
