// Hostile requests generated from the API contract: every route buildApp registers (its TypeBox schemas for params,
// querystring, body and headers), every field of them, with the values of hostile-values.ts, plus bad JSON, wrong
// content types, duplicate keys and hostile path segments. hostile.test.ts sends them; this module only builds them
// (deterministically: no randomness, no clock).
import type { RouteOptions } from 'fastify'
import { deepArray, deepObject, hostileValues, validValue, type Hostile, type Schema } from './hostile-values'

export type Part = 'params' | 'querystring' | 'body' | 'headers'

export interface ContractRoute {
  method: string
  url: string
  schema: Partial<Record<Part, Schema>>
}

/** Which session a request carries: none, a real-name (level 2) resident's, or an admin clerk's. */
export type Who = 'anonymous' | 'resident' | 'staff'

export interface HostileCase {
  /** e.g. "POST /api/appointments body.slotId: 1e309". */
  name: string
  route: ContractRoute
  method: string
  /** Path and query, already encoded. */
  url: string
  headers: Record<string, string>
  /** Raw request body text (JSON text may hold what JSON.stringify cannot write: 1e309, duplicate keys). */
  body?: string
  /** true: the request is invalid and must be refused (4xx). false: it may be accepted (e.g. emoji in free text). */
  mustRefuse: boolean
}

/** Collects what buildApp's onRoute hook reports, HEAD twins dropped (they share the GET's schema and handler). */
export function routeCollector(): { onRoute: (route: RouteOptions) => void; routes: ContractRoute[] } {
  const routes: ContractRoute[] = []
  const onRoute = (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method]
    const s = (route.schema ?? {}) as Record<string, unknown>
    const schema: ContractRoute['schema'] = {}
    for (const part of ['params', 'querystring', 'body', 'headers'] as const) if (s[part]) schema[part] = s[part] as Schema
    for (const method of methods) {
      if (method === 'HEAD' && route.exposeHeadRoute !== false && methods.length === 1) continue
      if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) continue
      routes.push({ method, url: route.url, schema })
    }
  }
  return { onRoute, routes }
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** Which session a route is tried with besides none: clerks' routes take an admin, everything else a resident. */
export function sessionFor(route: ContractRoute): Who {
  return /^\/api\/(staff|citycode\/staff)\//.test(route.url) || route.url === '/api/staff/me' ? 'staff' : 'resident'
}

// ---------------------------------------------------------------------------------------------------------------
// Cases: one hostile value in one field of an otherwise valid request.

interface Field {
  path: string[]
  schema: Schema
}

/** Every property, nested properties and array items (as index 0) of an object schema. */
function fieldsOf(schema: Schema, prefix: string[] = []): Field[] {
  const out: Field[] = []
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    const path = [...prefix, key]
    out.push({ path, schema: prop })
    const inner = prop.anyOf?.find((b) => b.type === 'object' || b.type === 'array') ?? prop
    if (inner.type === 'object') out.push(...fieldsOf(inner, path))
    if (inner.type === 'array' && inner.items) {
      out.push({ path: [...path, '0'], schema: inner.items })
      if (inner.items.type === 'object') out.push(...fieldsOf(inner.items, [...path, '0']))
    }
  }
  return out
}

const MARK = '__hostile_value__'

function setAt(target: unknown, path: string[], value: unknown): unknown {
  const copy = structuredClone(target) as Record<string, unknown>
  let node = copy
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>
  node[path[path.length - 1]] = value
  return copy
}

/** JSON text of `base` with the value at `path` replaced by raw JSON text. */
function jsonWith(base: unknown, path: string[], raw: string): string {
  return JSON.stringify(setAt(base, path, MARK)).replace(`"${MARK}"`, () => raw)
}

/** encodeURIComponent, except that lone surrogates become their (invalid) 3-byte UTF-8 form instead of throwing. */
export function encodeText(text: string): string {
  let out = ''
  for (const ch of text) {
    const c = ch.charCodeAt(0)
    if (ch.length === 1 && c >= 0xd800 && c <= 0xdfff) {
      out += [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('')
    } else out += encodeURIComponent(ch)
  }
  return out
}

function queryString(values: Record<string, unknown>): string {
  const parts = Object.entries(values).map(([k, v]) => `${encodeText(k)}=${encodeText(String(v))}`)
  return parts.length ? `?${parts.join('&')}` : ''
}

function fillPath(url: string, params: Record<string, unknown>): string {
  return url.replace(/:(\w+)/g, (_m, name: string) => (name in params ? String(params[name]) : encodeText(String(validValue({ type: 'string' })))))
}

/** Header values Node's HTTP client can write at all (no control characters but tab, nothing above U+00FF). */
const WRITABLE_HEADER = /^[\t\x20-\x7e\x80-\xff]*$/

export interface Baseline {
  params: Record<string, unknown>
  query: Record<string, unknown>
  body: unknown
  headers: Record<string, string>
}

export function baselineOf(route: ContractRoute): Baseline {
  const s = route.schema
  const params = (s.params ? validValue(s.params) : {}) as Record<string, unknown>
  const query = (s.querystring ? validValue(s.querystring) : {}) as Record<string, unknown>
  const body = s.body ? validValue(s.body) : BODY_METHODS.has(route.method) ? {} : undefined
  const headers: Record<string, string> = {}
  for (const [k, v] of Object.entries((s.headers ? validValue(s.headers) : {}) as Record<string, unknown>)) headers[k] = String(v)
  return { params, query, body, headers }
}

/** Every field of every part of a route, each with its hostile values; `accepts` says whether the field's schema takes a value. */
export function fieldCases(route: ContractRoute, accepts: (schema: Schema, value: unknown) => boolean): HostileCase[] {
  const base = baselineOf(route)
  const out: HostileCase[] = []
  const make = (part: string, label: string, mustRefuse: boolean, parts: Partial<Baseline> & { rawBody?: string }): HostileCase => {
    const params = parts.params ?? Object.fromEntries(Object.entries(base.params).map(([k, v]) => [k, encodeText(String(v))]))
    const body = parts.rawBody ?? (base.body === undefined ? undefined : JSON.stringify(base.body))
    return {
      name: `${route.method} ${route.url} ${part}: ${label}`,
      route,
      method: route.method,
      url: fillPath(route.url, params) + queryString(parts.query ?? base.query),
      headers: { ...base.headers, ...parts.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body,
      mustRefuse,
    }
  }
  const refuses = (h: Hostile, schema: Schema, value: unknown) => h.mustRefuse || !accepts(schema, value)
  for (const field of fieldsOf(route.schema.body ?? {})) {
    for (const h of hostileValues(field.schema, 'json')) {
      const raw = h.raw as string
      let parsed: unknown
      try {
        parsed = JSON.parse(raw)
      } catch {
        parsed = undefined
      }
      const bodyValue = setAt(base.body, field.path, parsed)
      const mustRefuse = h.mustRefuse || !accepts(route.schema.body as Schema, bodyValue)
      out.push(make(`body.${field.path.join('.')}`, h.label, mustRefuse, { rawBody: jsonWith(base.body, field.path, raw) }))
    }
  }
  for (const field of fieldsOf(route.schema.querystring ?? {})) {
    if (field.path.length > 1) continue
    for (const h of hostileValues(field.schema, 'text')) {
      out.push(make(`query.${field.path[0]}`, h.label, refuses(h, field.schema, h.text), { query: { ...base.query, [field.path[0]]: h.text } }))
    }
  }
  for (const field of fieldsOf(route.schema.params ?? {})) {
    if (field.path.length > 1) continue
    for (const h of hostileValues(field.schema, 'text')) {
      const params = Object.fromEntries(Object.entries(base.params).map(([k, v]) => [k, encodeText(String(v))]))
      params[field.path[0]] = encodeText(h.text as string)
      out.push(make(`params.${field.path[0]}`, h.label, refuses(h, field.schema, h.text), { params }))
    }
  }
  for (const field of fieldsOf(route.schema.headers ?? {})) {
    for (const h of hostileValues(field.schema, 'text')) {
      if (!WRITABLE_HEADER.test(h.text as string)) continue
      out.push(make(`header ${field.path[0]}`, h.label, refuses(h, field.schema, h.text), { headers: { [field.path[0]]: h.text as string } }))
    }
  }
  return out
}

/** Path segments for routes whose parameters have no schema (or none at all), and junk query keys. */
const SEGMENTS: Hostile[] = [
  { label: 'NUL', text: '%00', mustRefuse: true },
  { label: 'NUL inside', text: 'ab%00cd.json', mustRefuse: true },
  { label: 'control characters', text: 'a%01%1B%7F.json', mustRefuse: true },
  { label: 'lone surrogate', text: '%ED%A0%80.json', mustRefuse: true },
  { label: 'broken percent-encoding', text: '%E0%A4%A.json', mustRefuse: true },
  { label: 'overlong UTF-8 slash', text: '%C0%AF..%C0%AF.json', mustRefuse: false },
  { label: 'encoded slashes', text: '..%2F..%2Fetc%2Fpasswd', mustRefuse: false },
  { label: 'emoji', text: '%F0%9F%98%80.json', mustRefuse: false },
  { label: 'huge number', text: '1e309.json', mustRefuse: false },
  { label: '2**53+1', text: '9007199254740993.json', mustRefuse: false },
  { label: '5,000 characters', text: `${'x'.repeat(5000)}.json`, mustRefuse: false },
]

const JUNK_QUERY: Record<string, string>[] = [
  { page: '1e309', page_size: '1e309' },
  { page: '9007199254740993', page_size: '9007199254740993' },
  { page: '1e20', pageSize: '-1e309' },
  { page: 'NaN', page_size: 'Infinity' },
  { start_date: '9999999-99-99T99:99:99Z', end_date: '%00' },
  { start_date: '-271821-04-20T00:00:00Z', end_date: '+275760-09-13T00:00:00.001Z' },
  { service_request_id: 'a\u0000b,9007199254740993', service_code: 'x\u0000' },
  { status: 'open\u0000', id: '\ud800' },
]

/** Cases about the route as a whole: hostile path segments, junk query keys, hostile bodies where no body schema says more. */
export function routeCases(route: ContractRoute): HostileCase[] {
  const base = baselineOf(route)
  const out: HostileCase[] = []
  const hasParamSchema = route.schema.params !== undefined
  const bodyText = base.body === undefined ? undefined : JSON.stringify(base.body)
  const jsonHeaders = { ...base.headers, ...(bodyText === undefined ? {} : { 'content-type': 'application/json' }) }
  const params = Object.fromEntries(Object.entries(base.params).map(([k, v]) => [k, encodeText(String(v))]))
  const path = fillPath(route.url, params)
  const wild = route.url.includes('*') || (!hasParamSchema && route.url.includes(':'))
  if (wild) {
    for (const seg of SEGMENTS) {
      const url = route.url.includes('*') ? route.url.replace('*', seg.text as string) : route.url.replace(/:\w+/g, seg.text as string)
      out.push({ name: `${route.method} ${route.url} path: ${seg.label}`, route, method: route.method, url, headers: jsonHeaders, body: bodyText, mustRefuse: seg.mustRefuse })
    }
  }
  if (!route.schema.querystring) {
    for (const q of JUNK_QUERY) {
      out.push({ name: `${route.method} ${route.url} junk query ${Object.keys(q).join(',')}`, route, method: route.method, url: path + queryString(q), headers: jsonHeaders, body: bodyText, mustRefuse: false })
    }
  }
  if (BODY_METHODS.has(route.method) && !route.schema.body) {
    const junk = ['{"page":1e309,"id":"a\\u0000b","n":9007199254740993}', deepObject(1000), deepArray(1000), '{"a":1,"a":{"$gt":""}}']
    for (const [i, raw] of junk.entries()) {
      out.push({ name: `${route.method} ${route.url} junk body #${i + 1}`, route, method: route.method, url: path, headers: { ...base.headers, 'content-type': 'application/json' }, body: raw, mustRefuse: false })
    }
  }
  return out
}

/** Bad JSON, wrong content types, duplicate keys and whole-body nesting for a route that takes a JSON body. */
export function bodyCases(route: ContractRoute, accepts: (schema: Schema, value: unknown) => boolean): HostileCase[] {
  if (!BODY_METHODS.has(route.method) || !route.schema.body) return []
  const base = baselineOf(route)
  const params = Object.fromEntries(Object.entries(base.params).map(([k, v]) => [k, encodeText(String(v))]))
  const url = fillPath(route.url, params) + queryString(base.query)
  const valid = JSON.stringify(base.body)
  const c = (label: string, contentType: string | undefined, body: string, mustRefuse: boolean): HostileCase => ({
    name: `${route.method} ${route.url} ${label}`,
    route,
    method: route.method,
    url,
    headers: { ...base.headers, ...(contentType ? { 'content-type': contentType } : {}) },
    body,
    mustRefuse,
  })
  const out = [
    c('bad JSON: cut short', 'application/json', valid.slice(0, -1), true),
    c('bad JSON: trailing comma', 'application/json', '{"a":1,}', true),
    c('bad JSON: NaN', 'application/json', '{"a":NaN}', true),
    c('bad JSON: single quotes', 'application/json', "{'a':1}", true),
    c('bad JSON: raw control character', 'application/json', '{"a":"\u0001"}', true),
    c('bad JSON: invalid UTF-8', 'application/json', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]).toString('latin1'), true),
    c('bad JSON: __proto__', 'application/json', '{"__proto__":{"isAdmin":true}}', true),
    c('bad JSON: constructor.prototype', 'application/json', '{"constructor":{"prototype":{"x":1}}}', true),
    c('JSON null', 'application/json', 'null', true),
    c('JSON array', 'application/json', '[]', true),
    c('JSON 1e309', 'application/json', '1e309', true),
    c('JSON text', 'application/json', '"x"', true),
    c('empty JSON', 'application/json', '', true),
    c('1000-deep body', 'application/json', deepObject(1000), !accepts(route.schema.body as Schema, {})),
    c('text/plain', 'text/plain', valid, true),
    c('application/xml', 'application/xml', '<a>1</a>', true),
    c('form-urlencoded', 'application/x-www-form-urlencoded', 'a=1', true),
    c('multipart without boundary', 'multipart/form-data', valid, true),
    c('no content type', undefined, valid, true),
    c('JSON in latin1', 'application/json; charset=latin1', valid, false),
    c('content type with junk', 'application/json; \u00ff=\u00ff', valid, false),
  ]
  // Duplicate keys: the last one counts (JSON.parse).
  const [first] = Object.keys((base.body ?? {}) as object)
  if (first) {
    const inner = valid.slice(1, -1)
    // A NUL is never accepted, so the hostile-last body must be refused whatever the field.
    out.push(c(`duplicate key ${first}: NUL last`, 'application/json', `{${inner},"${first}":"\\u0000"}`, true))
    const text = `{"${first}":"\\u0000",${inner}}`
    out.push(c(`duplicate key ${first}: NUL first`, 'application/json', text, !accepts(route.schema.body as Schema, JSON.parse(text))))
  }
  return out
}
