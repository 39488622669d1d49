// The one transport to the API over an injected function (Taro.request in the app, real HTTP in tests): attaches
// the session token, times out, retries idempotent GETs, maps every failure to ApiError. The endpoints are typed
// functions in one module per domain beside this file (catalog.ts, identity.ts, appointments.ts …).
import { ApiError, MESSAGES, errorFromResponse, errorFromTransport } from './errors'

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/** The subset of Taro.request's options and result the client relies on. */
export interface TransportRequest {
  url: string
  method: HttpMethod
  data?: unknown
  header: Record<string, string>
  timeout: number
  dataType?: 'json'
}
export interface TransportResponse {
  statusCode: number
  data: unknown
  header?: Record<string, string>
}
export type Transport = (req: TransportRequest) => Promise<TransportResponse>

export interface ApiClientOptions {
  baseUrl: string
  transport: Transport
  /** Returns the current session token, if any. */
  getToken?: () => string | undefined
  /** Called when the server says the session is no longer valid. */
  onUnauthorized?: () => void
  timeoutMs?: number
  /** Delays before each retry of a GET; its length is the number of retries. */
  retryDelaysMs?: number[]
  sleep?: (ms: number) => Promise<void>
}

/**
 * How a field the app reads must look: 'list' is an array of objects (rows a page maps over); 'object-or-null' is
 * present and an object or null (e.g. a request's 整改, null until there is one).
 */
export type FieldKind = 'string' | 'number' | 'boolean' | 'object' | 'object-or-null' | 'array' | 'list'
/**
 * What a 2xx answer must hold before a store reads it: the top-level fields the app relies on and their kinds, or
 * 'nothing' for calls whose answer is not read (204). Without one, any JSON object passes. Checked once, here, so
 * a wrong-shaped answer (a proxy's `{}`, a stale API) becomes BAD_RESPONSE instead of a TypeError in a page.
 */
export type AnswerShape = Readonly<Record<string, FieldKind>> | 'nothing'

export interface RequestOptions {
  /** The answer's expected shape; see AnswerShape. */
  expect?: AnswerShape
  query?: Record<string, string | number | boolean | undefined>
  body?: unknown
  headers?: Record<string, string>
  /**
   * A token to send instead of the resident's session (the staff session), or null to send none.
   * A 401 on such a call does not sign the resident out.
   */
  token?: string | null
}

const RETRY_STATUSES = new Set([502, 503, 504])

function queryString(query: RequestOptions['query']): string {
  if (!query) return ''
  const parts = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
  return parts.length ? `?${parts.join('&')}` : ''
}

export class ApiClient {
  private readonly opts: Required<Omit<ApiClientOptions, 'getToken' | 'onUnauthorized'>> &
    Pick<ApiClientOptions, 'getToken' | 'onUnauthorized'>

  constructor(options: ApiClientOptions) {
    this.opts = {
      timeoutMs: 10_000,
      retryDelaysMs: [300, 1000],
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      ...options,
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
    }
  }

  async request<T>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<T> {
    const header: Record<string, string> = { Accept: 'application/json', ...options.headers }
    if (options.body !== undefined) header['Content-Type'] = 'application/json'
    const ownToken = options.token !== undefined
    const token = ownToken ? options.token : this.opts.getToken?.()
    if (token) header.Authorization = `Bearer ${token}`
    // Only a rejected resident session signs the resident out; a failed sign-in (401 with no token)
    // or a staff call does not.
    const residentSession = Boolean(token) && !ownToken
    const req: TransportRequest = {
      url: `${this.opts.baseUrl}${path}${queryString(options.query)}`,
      method,
      data: options.body,
      header,
      timeout: this.opts.timeoutMs,
      dataType: 'json',
    }
    // Only GETs are retried here: a POST may have reached the server, so it is resent only
    // by callers that carry an Idempotency-Key.
    const delays = method === 'GET' ? this.opts.retryDelaysMs : []
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.once<T>(req, residentSession, options.expect)
      } catch (err) {
        if (!(err instanceof ApiError)) throw err
        const canRetry = err.kind === 'network' || err.kind === 'timeout' || RETRY_STATUSES.has(err.status)
        if (!canRetry || attempt >= delays.length) throw err
        await this.opts.sleep(delays[attempt])
      }
    }
  }

  private async once<T>(req: TransportRequest, residentSession: boolean, expect: AnswerShape | undefined): Promise<T> {
    let res: TransportResponse
    try {
      res = await this.opts.transport(req)
    } catch (err) {
      throw errorFromTransport(err)
    }
    // A transport that resolves with nothing (no response object, no status) has no answer to read.
    if (!res || typeof res.statusCode !== 'number' || res.statusCode < 100) {
      throw new ApiError('server', 'BAD_RESPONSE', MESSAGES.badResponse, 0)
    }
    const data = decodeBody(res.data)
    if (res.statusCode >= 200 && res.statusCode < 300) {
      // A call whose answer is not read takes 204 or any JSON object, but not a proxy's text page.
      if (expect === 'nothing' && (data === undefined || data === null || data === '' || fits(data, undefined))) return undefined as T
      if (!fits(data, expect)) throw new ApiError('server', 'BAD_RESPONSE', MESSAGES.badResponse, res.statusCode)
      return data as T
    }
    const error = errorFromResponse(res.statusCode, data, res.header)
    if (error.kind === 'auth' && residentSession) this.opts.onUnauthorized?.()
    throw error
  }
}

function fitsKind(value: unknown, kind: FieldKind): boolean {
  if (kind === 'array') return Array.isArray(value)
  if (kind === 'list') return Array.isArray(value) && value.every((v) => v !== null && typeof v === 'object')
  if (kind === 'object') return value !== null && typeof value === 'object' && !Array.isArray(value)
  if (kind === 'object-or-null') return value === null || fitsKind(value, 'object')
  return typeof value === kind
}

/** Whether a 2xx body is a JSON object with every field `shape` names, of its kind (see AnswerShape). */
export function fits(data: unknown, shape: AnswerShape | undefined): boolean {
  if (!fitsKind(data, 'object')) return false
  if (!shape || shape === 'nothing') return true
  const record = data as Record<string, unknown>
  return Object.keys(shape).every((key) => fitsKind(record[key], shape[key]))
}

/** An answer's body as data: JSON text parsed (mini-program transports may hand it over as a string), other text kept. */
export function decodeBody(data: unknown): unknown {
  if (typeof data !== 'string' || data === '') return data
  try {
    return JSON.parse(data)
  } catch {
    return data // kept as text: a proxy's HTML error page, for example
  }
}
