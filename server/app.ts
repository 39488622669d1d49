// buildApp: the Fastify instance with its plugins, error handling, H5 hosting and API modules; main.ts and tests share it.
import { createHash, randomUUID } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import path from 'node:path'
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
  type RawServerDefault,
  type RouteOptions,
} from 'fastify'
import fastifyRateLimit from '@fastify/rate-limit'
import fastifyStatic from '@fastify/static'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import helmet from 'helmet'
import type { Config, TrustProxy } from './config'
import type { Db } from './db'
import { registerAuth } from './auth'
import { createDataCrypto, loadDataKey, type DataCrypto } from './crypto'
import { API_NOT_FOUND, clientErrorResponse, toErrorReply } from './errors'
import { refuseControlCharacters, refuseNonFiniteNumbers } from './input-guard'
import { createJobs, type Jobs } from './jobs'
import { createJobLeases } from './jobs.repo'
import { apiModules } from './modules'
import { registerOpenApi } from './openapi'
import type { BookingPath } from './modules/appointments/service'
import { localDiskStorage, type PhotoStorage } from './modules/uploads/storage'
import { rateLimitOptions } from './rate-limit'

declare module 'fastify' {
  interface FastifyInstance {
    db: Db
    config: Config
    /** The server's version (package.json). */
    appVersion: string
    /** Background jobs; main.ts starts them, tests run them with `app.jobs.run(name)`. */
    jobs: Jobs
  }
}

/** The app as buildApp returns it: routes added to it get TypeBox-typed requests. */
export type App = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>

export interface AppDeps {
  config: Config
  /** An open, migrated database; buildApp neither opens nor migrates it. */
  db: Db
  /** false to silence, true or pino options to log; default: pino at config.logLevel. */
  logger?: FastifyServerOptions['logger']
  /** Defaults to package.json's version. */
  version?: string
  /** The time for sessions, codes and lock-outs; tests move it forward. Default: the real clock. */
  clock?: () => Date
  /** Encryption and lookup keys; default: from config.dataKey or DATA_DIR/keys/data.key. */
  crypto?: DataCrypto
  /** Where photos are stored; default: the directory config.uploadsDir. */
  photos?: PhotoStorage
  /** How bookings are made: 'fast' (default, book_appointment() first) or 'transaction' (tests compare the two). */
  bookingPath?: BookingPath
  /** Told of every route as it is registered, API modules included (tests enumerate the API from it). */
  onRoute?: (route: RouteOptions) => void
}

const ROOT = path.join(__dirname, '..')

/** Hashed build output, safe to cache for a year. */
const IMMUTABLE_DIRS = ['js', 'css', 'static']

/** Accept an incoming X-Request-Id when it looks like an id; otherwise make one. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version?: string }
  return pkg.version ?? '0.0.0'
}

/**
 * sha256 sources for the inline <script> blocks of the built index.html (Taro's rem setter), so the CSP can
 * allow exactly them instead of 'unsafe-inline'.
 */
export function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = []
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (/\bsrc\s*=/i.test(m[1]) || m[2] === '') continue
    hashes.push(`'sha256-${createHash('sha256').update(m[2], 'utf8').digest('base64')}'`)
  }
  return [...new Set(hashes)]
}

function isApi(url: string): boolean {
  return url === '/api' || url.startsWith('/api/') || url.startsWith('/api?')
}

function wantsHtml(request: FastifyRequest): boolean {
  return (request.method === 'GET' || request.method === 'HEAD') && (request.headers.accept ?? '').includes('text/html')
}

/** A route url like '/api/requests/:id' as a regular expression over concrete paths. */
function routePattern(url: string): RegExp {
  const source = url
    .split('/')
    .map((segment) => {
      if (segment === '*') return '.*'
      if (segment.startsWith(':')) return '[^/]+'
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    })
    .join('/')
  return new RegExp(`^${source}/?$`)
}

/**
 * fastify takes addresses or true as they are. A hop count it would ignore (fail closed), so it
 * becomes proxy-addr's function form: trust the nearest `hops` addresses. Only safe when the
 * server cannot be reached except through those proxies.
 */
function trustProxyOption(value: TrustProxy): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof value === 'number') return (_address, hop) => hop < value
  return value
}

const H5_MISSING_HTML = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>一站办 OneStop</title></head>
<body style="font-family: sans-serif; max-width: 36em; margin: 3em auto; padding: 0 1em; line-height: 1.6">
<h1>一站办 API 已启动</h1>
<p>H5 应用尚未构建，所以这里还没有页面。请在项目目录运行 <code>npm run build:h5</code> 后刷新本页。</p>
<p>接口状态：<a href="/api/health">/api/health</a></p>
</body></html>
`

export async function buildApp(deps: AppDeps): Promise<App> {
  const { config, db } = deps
  const version = deps.version ?? packageVersion()

  const app = Fastify({
    logger: deps.logger ?? (config.logLevel === 'silent' ? false : { level: config.logLevel }),
    bodyLimit: config.bodyLimit,
    trustProxy: trustProxyOption(config.trustProxy),
    requestIdHeader: false,
    // Infinity and NaN are never a number of the contract (ajv lets them through `integer` and `number` otherwise).
    ajv: { customOptions: { strictNumbers: true } },
    // Graceful stop (main.ts): a request that reaches a node after SIGTERM on an open keep-alive connection is still
    // answered (with Connection: close), not refused with Fastify's bare 503.
    return503OnClosing: false,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id']
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID()
    },
    // What Node's parser refuses before a request exists (URL or headers too long, not HTTP): the same {code, message}.
    clientErrorHandler: (err, socket) => {
      if ((err as NodeJS.ErrnoException).code === 'ECONNRESET' || socket.destroyed) return
      if (socket.writable) socket.write(clientErrorResponse(err))
      socket.destroy(err)
    },
    // Malformed URLs never reach a route: answer them in the same shape as everything else.
    frameworkErrors: (error, _request, reply) => {
      const { status, body } = toErrorReply(error)
      const plain = reply as unknown as FastifyReply
      if (status >= 500) void plain.code(400).send({ code: 'BAD_REQUEST', message: '请求地址无效' })
      else void plain.code(status).send(body)
    },
  }).withTypeProvider<TypeBoxTypeProvider>()

  if (deps.onRoute) app.addHook('onRoute', deps.onRoute)
  app.decorate('db', db)
  app.decorate('config', config)
  app.decorate('appVersion', version)
  registerAuth(app as unknown as FastifyInstance, deps.clock ?? (() => new Date()))
  const crypto = deps.crypto ?? createDataCrypto(loadDataKey(config))
  app.decorate('jobs', createJobs(app.clock, app.log, createJobLeases(db)))
  app.addHook('onClose', async () => app.jobs.stop())

  const indexHtml = path.join(config.h5Dir, 'index.html')
  const scriptHashes = existsSync(indexHtml) ? inlineScriptHashes(readFileSync(indexHtml, 'utf8')) : []
  // helmet's middleware is built once here and run on every request's raw response. (@fastify/helmet calls helmet(options)
  // anew on every request, re-parsing the policy: about a tenth of the API's JavaScript time per booking in the bench.)
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'", ...scriptHashes],
        // Taro's H5 runtime sets style attributes and injects <style> elements.
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'font-src': ["'self'", 'data:'],
        // blob:: Taro.uploadFile on H5 reads the picked photo (a blob: URL) with XHR before posting it.
        'connect-src': ["'self'", 'blob:'],
        'object-src': ["'none'"],
        'base-uri': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'self'"],
      },
    },
    // Plain http on localhost must keep working; TLS is the load balancer's job (it sets HSTS).
    strictTransportSecurity: false,
    crossOriginEmbedderPolicy: false,
  })
  app.addHook('onRequest', (request, reply, done) => securityHeaders(request.raw, reply.raw, (err?: unknown) => done(err as Error | undefined)))

  // Per client address, counted in PostgreSQL when there is one so that every node counts the same (server/rate-limit).
  await app.register(fastifyRateLimit, rateLimitOptions(config, db, app.jobs))

  // Method-not-allowed needs to know which methods each /api path has.
  const apiRoutes: { pattern: RegExp; methods: string[] }[] = []
  app.addHook('onRoute', (route) => {
    if (!isApi(route.url)) return
    const methods = Array.isArray(route.method) ? route.method : [route.method]
    apiRoutes.push({ pattern: routePattern(route.url), methods })
  })

  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-request-id', request.id)
    reply.header('x-content-type-options', 'nosniff')
    reply.header('referrer-policy', 'strict-origin-when-cross-origin')
    reply.header('x-frame-options', 'SAMEORIGIN')
    // API answers hold people's data: never kept by shared caches or the browser.
    if (isApi(request.url) && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store')
    return payload
  })

  // No text of any request holds NUL, control characters or lone surrogates, and no number is infinite (server/input-guard.ts).
  app.addHook('preValidation', refuseControlCharacters)
  app.addHook('preHandler', refuseNonFiniteNumbers)

  app.setErrorHandler((error, request, reply) => {
    const result = toErrorReply(error, { bodyLimit: config.bodyLimit })
    if (result.logLevel === 'error') request.log.error({ err: error }, '请求处理出错')
    else request.log.info({ code: result.body.code, status: result.status }, '请求被拒绝')
    if (result.headers) void reply.headers(result.headers)
    return reply.code(result.status).send(result.body)
  })

  // H5 app: served when it has been built, a hint page otherwise.
  const h5Built = existsSync(path.join(config.h5Dir, 'index.html'))
  if (h5Built) {
    await app.register(fastifyStatic, {
      root: config.h5Dir,
      prefix: '/',
      index: ['index.html'],
      dotfiles: 'ignore',
      cacheControl: false,
      allowedPath: (pathName) => !isApi(pathName),
      setHeaders: (res, filePath) => {
        const first = path.relative(config.h5Dir, filePath).split(path.sep)[0]
        if (filePath.endsWith('.html')) res.setHeader('cache-control', 'no-cache')
        else if (IMMUTABLE_DIRS.includes(first)) res.setHeader('cache-control', 'public, max-age=31536000, immutable')
        else res.setHeader('cache-control', 'public, max-age=3600')
      },
    })
  } else {
    app.get('/', async (request, reply) => {
      if (wantsHtml(request)) return reply.type('text/html; charset=utf-8').send(H5_MISSING_HTML)
      return { code: 'H5_NOT_BUILT', message: 'H5 应用尚未构建，请先运行 npm run build:h5' }
    })
  }

  app.setNotFoundHandler(async (request: FastifyRequest, reply: FastifyReply) => {
    const url = request.url
    if (isApi(url)) {
      const pathname = url.split('?')[0]
      const allowed = new Set(apiRoutes.filter((r) => r.pattern.test(pathname)).flatMap((r) => r.methods))
      if (allowed.size > 0 && !allowed.has(request.method)) {
        return reply
          .code(405)
          .header('allow', [...allowed].sort().join(', '))
          .send({ code: 'METHOD_NOT_ALLOWED', message: `该接口不支持 ${request.method} 请求` })
      }
      return reply.code(404).send(API_NOT_FOUND)
    }
    // The H5 router uses hash mode, so any other page address simply gets the app.
    if (h5Built && wantsHtml(request)) return reply.code(200).sendFile('index.html')
    return reply.code(404).send({ code: 'NOT_FOUND', message: '找不到该页面或文件' })
  })

  // The OpenAPI document and its reference page: before the modules, whose routes it collects as they are added.
  await registerOpenApi(app as unknown as FastifyInstance, version)

  // The API modules, in the order server/modules/index.ts lists them.
  const photos = deps.photos ?? localDiskStorage(config.uploadsDir)
  for (const module of apiModules({ crypto, photos, bookingPath: deps.bookingPath })) await app.register(module.plugin, module.options)

  return app
}
