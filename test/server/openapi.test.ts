// Tests for the published contract: /api/openapi.json is a valid OpenAPI 3.1 document listing every /api route the app
// registers, with its declared answers and the {code, message} error body; /api/docs is the reference page, all local.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { RouteOptions } from 'fastify'
import { buildApp } from '../../server/app'
import type { Db } from '../../server/db'
import { DOCS_PATH, OPENAPI_PATH } from '../../server/openapi'
import { migrate } from '../../server/db/migrate'
import { databases, inject, testConfig, type Served } from './helpers'

// Every route as fastify registers it (url, method, schema, guards), told by buildApp's onRoute option.
const routes: RouteOptions[] = []

const VERSION = (JSON.parse(readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as { version: string }).version
const ERROR_REF = '#/components/schemas/ErrorBody'
/** The reference page's own routes (hidden from the document on purpose). */
const isDocsRoute = (url: string) => url === OPENAPI_PATH || url === DOCS_PATH || url.startsWith(`${DOCS_PATH}/`)

interface Media {
  schema?: { $ref?: string; [key: string]: unknown }
}
interface Answer {
  description: string
  content?: Record<string, Media>
}
interface Operation {
  tags?: string[]
  summary?: string
  parameters?: { in: string; name: string }[]
  security?: Record<string, string[]>[]
  responses: Record<string, Answer>
}
interface Document {
  openapi: string
  info: { title: string; version: string }
  servers: { url: string }[]
  tags: { name: string; description?: string }[]
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, Record<string, string>> }
  paths: Record<string, Record<string, Operation>>
}

/** fastify's '/api/requests/:id' as OpenAPI's '/api/requests/{id}'. */
const openApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')

/** The registered /api routes, one entry per method (HEAD, which fastify adds for every GET, left out). */
function apiOperations(): { method: string; url: string; route: RouteOptions }[] {
  return routes
    .filter((route) => (route.url === '/api' || route.url.startsWith('/api/')) && !isDocsRoute(route.url))
    .flatMap((route) => (Array.isArray(route.method) ? route.method : [route.method]).map((method) => ({ method: method.toLowerCase(), url: route.url, route })))
    .filter((op) => op.method !== 'head')
}

// The document does not depend on the data: one database (PGlite), migrated, no reference data.
const [pglite] = databases()

describe('the OpenAPI document and the reference page', () => {
  let db: Db
  let http: Served
  let doc: Document
  beforeAll(async () => {
    db = await pglite.open()
    await migrate(db)
    http = await inject(await buildApp({ config: testConfig(), db, logger: false, onRoute: (route) => void routes.push(route) }))
    const res = await http.request(OPENAPI_PATH)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toMatch(/^application\/json/)
    doc = res.json<Document>()
  }, 60_000)
  afterAll(async () => {
    await http?.close()
    await db?.close()
  })

  it('is a valid OpenAPI 3.1 document named after the API and its version', async () => {
    // The validator is an ES module; a native import() (not the one babel turns into require) loads it.
    const load = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<typeof import('@seriousme/openapi-schema-validator')>
    const { Validator } = await load('@seriousme/openapi-schema-validator')
    const validator = new Validator()
    const result = await validator.validate(structuredClone(doc) as unknown as Record<string, unknown>)
    expect(result.errors).toBeUndefined()
    expect(result.valid).toBe(true)
    expect(validator.version).toBe('3.1')
    expect(doc.openapi).toBe('3.1.0')
    expect(doc.info).toMatchObject({ title: '一站办 OneStop API', version: VERSION })
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/' })])
  })

  it('describes how residents, staff and partners authenticate', () => {
    const schemes = doc.components.securitySchemes
    expect(schemes.session).toMatchObject({ type: 'http', scheme: 'bearer' })
    expect(schemes.partnerKey).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-Api-Key' })
    expect(schemes.open311Key).toMatchObject({ type: 'apiKey', in: 'query', name: 'api_key' })
    expect(doc.paths['/api/citycode/verify'].post.security).toEqual([{ partnerKey: [] }, { partnerBearer: [] }])
    // Every route behind a guard (requireResident, requireLevel, requireStaff) asks for a session.
    for (const { method, url, route } of apiOperations()) {
      if (route.preHandler) expect({ op: `${method} ${url}`, security: doc.paths[openApiPath(url)][method].security }).toEqual({ op: `${method} ${url}`, security: [{ session: [] }] })
    }
    expect(doc.paths['/api/auth/logout'].post.security).toEqual([{ session: [] }])
    expect(doc.paths['/api/auth/sms/verify'].post.security).toEqual([{ session: [] }, {}])
    expect(doc.paths['/api/auth/sms/send'].post.security).toBeUndefined()
    expect(doc.paths['/api/services'].get.security).toBeUndefined()
  })

  it('declares exactly the tags its operations use, each with a description', () => {
    const used = new Set(Object.values(doc.paths).flatMap((item) => Object.values(item).flatMap((op) => op.tags ?? [])))
    expect(doc.tags.map((t) => t.name).sort()).toEqual([...used].sort())
    for (const tag of doc.tags) expect(tag.description).toBeTruthy()
  })

  it('defines the error body once: {code, message}, both required', () => {
    expect(doc.components.schemas.ErrorBody).toMatchObject({
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$' }, message: { type: 'string' } },
      additionalProperties: false,
    })
  })

  it('lists every /api route the app registers, and no other', () => {
    const registered = apiOperations()
    expect(registered.length).toBeGreaterThan(60)
    const documented = Object.entries(doc.paths)
      .filter(([p]) => p.startsWith('/api/'))
      .flatMap(([p, item]) => Object.keys(item).map((method) => `${method} ${p}`))
    expect(documented.sort()).toEqual(registered.map((op) => `${op.method} ${openApiPath(op.url)}`).sort())
  })

  it('gives each route its summary, tag, parameters, declared answers and the error body for every error', () => {
    const problems: string[] = []
    for (const { method, url, route } of apiOperations()) {
      const name = `${method.toUpperCase()} ${url}`
      const op = doc.paths[openApiPath(url)][method]
      if (!op.summary || !op.tags?.length) problems.push(`${name}: no summary or tag`)
      for (const param of url.match(/:[A-Za-z0-9_]+/g) ?? []) {
        if (!op.parameters?.some((p) => p.in === 'path' && p.name === param.slice(1))) problems.push(`${name}: path parameter ${param} missing`)
      }
      const declared = Object.keys((route.schema?.response as Record<string, unknown> | undefined) ?? {})
      if (declared.length === 0) problems.push(`${name}: declares no response schema`)
      for (const status of declared) if (!op.responses[status]) problems.push(`${name}: declared ${status} missing`)
      // A 2xx answer with its schema (204 has no body).
      const success = Object.entries(op.responses).filter(([status]) => /^2\d\d$/.test(status))
      if (success.length === 0) problems.push(`${name}: no 2xx answer`)
      for (const [status, answer] of success.filter(([status]) => status !== '204')) {
        const schema = answer.content && Object.values(answer.content)[0]?.schema
        if (!schema || Object.keys(schema).length === 0) problems.push(`${name}: ${status} without a schema`)
      }
      const errors = Object.entries(op.responses).filter(([status]) => /^[45]\d\d$/.test(status) || status === 'default')
      // 429 from the global rate limit and a default for anything else, at least.
      if (!op.responses['429'] || !op.responses.default) problems.push(`${name}: no 429 or default answer`)
      for (const [status, answer] of errors) {
        const schema = answer.content?.['application/json']?.schema
        if (schema?.$ref !== ERROR_REF) problems.push(`${name}: ${status} is not the {code, message} body`)
        if (!answer.description || answer.description === 'Default Response') problems.push(`${name}: ${status} has no description`)
      }
    }
    expect(problems).toEqual([])
  })

  it('keeps the contract’s unions, literals and formats as they are', () => {
    const health = doc.paths['/api/health'].get.responses['200'].content?.['application/json'].schema as {
      properties: { status: unknown; time: unknown; database: { properties: { kind: unknown } } }
    }
    expect(health.properties.status).toEqual({ type: 'string', const: 'ok' })
    expect(health.properties.time).toEqual({ type: 'string', format: 'date-time' })
    expect(health.properties.database.properties.kind).toEqual({
      anyOf: [
        { type: 'string', const: 'pglite' },
        { type: 'string', const: 'postgres' },
      ],
    })
  })

  it('shows the photo upload as multipart and the photo as a JPEG, not as JSON', () => {
    const upload = doc.paths['/api/uploads'].post as Operation & { requestBody?: { content: Record<string, Media> } }
    expect(Object.keys(upload.requestBody?.content ?? {})).toEqual(['multipart/form-data'])
    expect(Object.keys(doc.paths['/api/uploads/{id}'].get.responses['200'].content ?? {})).toEqual(['image/jpeg'])
  })

  it('also documents the Open311 partner interface, with its key', () => {
    expect(doc.paths['/open311/v2/requests.json'].post).toMatchObject({ tags: ['open311'], security: [{ open311Key: [] }] })
    expect(doc.paths['/open311/v2/services/{file}'].get.parameters).toEqual([expect.objectContaining({ in: 'path', name: 'file', required: true })])
    expect(Object.keys(doc.paths).filter((p) => !p.startsWith('/api/') && !p.startsWith('/open311/v2/'))).toEqual([])
  })

  it('serves the reference page as HTML with every asset from this server', async () => {
    const page = await http.request({ url: DOCS_PATH, headers: { accept: 'text/html' } })
    expect(page.statusCode).toBe(200)
    expect(page.headers['content-type']).toMatch(/^text\/html/)
    expect(page.body).toContain('<title>一站办 OneStop API 参考</title>')
    // The app's CSP stays as it is: scripts only from this origin, which is where every asset comes from.
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'[;\s]/)
    expect(page.body).not.toMatch(/(src|href)="(https?:)?\/\//)
    const assets = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1])
    expect(assets).toEqual(expect.arrayContaining([`${DOCS_PATH}/static/swagger-ui-bundle.js`, `${DOCS_PATH}/static/swagger-initializer.js`]))
    for (const asset of assets) {
      const res = await http.request(asset)
      expect({ asset, status: res.statusCode }).toEqual({ asset, status: 200 })
    }
    const init = await http.request(`${DOCS_PATH}/static/swagger-initializer.js`)
    expect(init.body).toContain('validatorUrl: null')
  })
})
