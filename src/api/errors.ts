// ApiError: what the app shows a person when a call fails, with whether trying again can help.

export type ApiErrorKind = 'network' | 'timeout' | 'server' | 'client' | 'auth' | 'rate'

export class ApiError extends Error {
  readonly kind: ApiErrorKind
  /** Machine code from the server's `{ code, message }`, or one of NETWORK / TIMEOUT / INTERNAL / BAD_RESPONSE. */
  readonly code: string
  /** HTTP status, 0 when no response arrived. */
  readonly status: number
  /** From the server's Retry-After header (429, 503, 423): seconds to wait before trying again. */
  readonly retryAfterSeconds: number | undefined

  constructor(kind: ApiErrorKind, code: string, message: string, status = 0, retryAfterSeconds?: number) {
    super(message)
    this.name = 'ApiError'
    this.kind = kind
    this.code = code
    this.status = status
    this.retryAfterSeconds = retryAfterSeconds
  }

  /** Whether the same call may succeed if the person simply tries again. */
  get retryable(): boolean {
    return (
      this.kind === 'network' ||
      this.kind === 'timeout' ||
      this.kind === 'rate' ||
      (this.kind === 'server' && this.status !== 501)
    )
  }
}

export const MESSAGES = {
  network: '网络连接不可用，请检查网络后重试',
  timeout: '请求超时，网络较慢，请稍后重试',
  server: '服务暂时不可用，请稍后重试',
  auth: '登录已失效，请重新登录',
  badResponse: '服务返回的内容无法识别，请稍后重试',
  client: '请求未能完成，请检查填写的内容',
  rate: '操作过于频繁，请稍后再试',
} as const

/** Gateway statuses whose own code and message are deliberate (an upstream is busy), not a crash. */
const DELIBERATE_5XX = new Set([502, 503, 504])
const HAS_CHINESE = /[\u4e00-\u9fff]/
const RETRY_HINT = /重试|再试/

interface ErrorBodyLike {
  code?: unknown
  message?: unknown
}

/** Seconds from a Retry-After header (delta-seconds form; header names in any case). */
function retryAfter(headers: Record<string, string> | undefined): number | undefined {
  if (!headers) return undefined
  const key = Object.keys(headers).find((k) => k.toLowerCase() === 'retry-after')
  const value = key ? Number(headers[key]) : NaN
  return Number.isFinite(value) && value >= 0 ? Math.ceil(value) : undefined
}

/** Turns an HTTP failure into an ApiError; a server `{ code, message }` body wins when it has one. */
export function errorFromResponse(status: number, body: unknown, headers?: Record<string, string>): ApiError {
  const b = (body && typeof body === 'object' ? body : {}) as ErrorBodyLike
  const code = typeof b.code === 'string' ? b.code : undefined
  const message = typeof b.message === 'string' && b.message ? b.message : undefined
  const wait = retryAfter(headers)
  if (status >= 500) {
    // A gateway status with the server's own code (UPSTREAM_BUSY …) keeps its Chinese message, with a
    // retry hint; anything else (500 INTERNAL, a proxy page) is worded generically, never shown raw.
    if (DELIBERATE_5XX.has(status) && code && code !== 'INTERNAL' && message && HAS_CHINESE.test(message)) {
      return new ApiError('server', code, RETRY_HINT.test(message) ? message : `${message}，请稍后重试`, status, wait)
    }
    return new ApiError('server', code ?? 'INTERNAL', MESSAGES.server, status)
  }
  if (status === 429) return new ApiError('rate', code ?? 'RATE_LIMITED', message ?? MESSAGES.rate, status, wait)
  if (status === 401) return new ApiError('auth', code ?? 'UNAUTHORIZED', message ?? MESSAGES.auth, status)
  return new ApiError('client', code ?? `HTTP_${status}`, message ?? MESSAGES.client, status, wait)
}

/** What a transport rejection says: Taro's `errMsg`, an Error's message, or the value itself. */
function transportText(err: unknown): string {
  if (err && typeof err === 'object') {
    if ('errMsg' in err && typeof err.errMsg === 'string') return err.errMsg
    if (err instanceof Error) return err.message
  }
  return String(err)
}

/** Turns a transport rejection (no HTTP response) into an ApiError. */
export function errorFromTransport(err: unknown): ApiError {
  const text = transportText(err)
  if (/timeout|timed out|超时/i.test(text)) return new ApiError('timeout', 'TIMEOUT', MESSAGES.timeout)
  return new ApiError('network', 'NETWORK', MESSAGES.network)
}

/** Any failure as an ApiError: one already is; anything else (a bug, a rejected promise) reads as no network. */
export function toApiError(err: unknown): ApiError {
  return err instanceof ApiError ? err : new ApiError('network', 'NETWORK', MESSAGES.network)
}
