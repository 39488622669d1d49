// Open311 GeoReport v2: every response, .json and .xml, validated against the community's JSON schemas in ../shared/open311-georeport-v2
// (discovery and errors against the shapes the spec gives); partner filing enters the work-order loop; nothing personal is published.
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import Ajv, { type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import type { FiledRequest } from '@contract/request'
import { buildApp } from '../../server/app'
import { createApiKey } from '../../server/auth/api-keys'
import { createDataCrypto } from '../../server/crypto'
import type { Db } from '../../server/db'
import { REQUEST_CATEGORIES } from '@domain/request-categories'
import { generateCorpus, loadHistory } from '../fixtures/similar-corpus'
import { databases, inject, prepareDatabase, testConfig, type HttpResponse, type Served } from './helpers'
import { makeResident, makeStaff } from './similar-support'

const SCHEMAS = path.resolve(__dirname, '../../../shared/open311-georeport-v2')
const NOW = new Date('2026-11-24T04:00:00Z')
const KEY = randomBytes(32)

const ajv = new Ajv({ strict: false, allErrors: true })
addFormats(ajv)
// swagger.json's own "uid" format: any identifier string.
ajv.addFormat('uid', /^.+$/)
const load = (file: string) => JSON.parse(readFileSync(path.join(SCHEMAS, file), 'utf8')) as Record<string, unknown>
ajv.addSchema({ ...load('request.json'), $id: 'request.json' })
ajv.addSchema({ ...load('service.json'), $id: 'service.json' })
const swagger = load('swagger.json') as { definitions: Record<string, Record<string, unknown>> }
const schema = {
  requests: ajv.compile({ ...load('requests.json'), $id: 'requests.json' }),
  services: ajv.compile({ ...load('services.json'), $id: 'services.json' }),
  definition: ajv.compile(load('service-definition.json')),
  // POST requests answers an array of swagger.json's RequestResponse.
  created: ajv.compile({ type: 'array', minItems: 1, items: { ...swagger.definitions.RequestResponse, required: ['service_request_id'] } }),
  // The GeoReport v2 spec's discovery and error shapes (no schema file ships for them).
  discovery: ajv.compile({
    type: 'object',
    required: ['changeset', 'contact', 'endpoints'],
    properties: {
      changeset: { type: 'string', format: 'date-time' },
      contact: { type: 'string' },
      key_service: { type: 'string' },
      endpoints: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          required: ['specification', 'url', 'type', 'formats'],
          properties: {
            specification: { type: 'string' },
            url: { type: 'string', format: 'uri' },
            changeset: { type: 'string', format: 'date-time' },
            type: { enum: ['production', 'test'] },
            formats: { type: 'array', items: { enum: ['application/json', 'text/xml'] } },
          },
        },
      },
    },
  }),
  errors: ajv.compile({
    type: 'array',
    minItems: 1,
    items: { type: 'object', required: ['code', 'description'], additionalProperties: false, properties: { code: { type: 'integer' }, description: { type: 'string', minLength: 1 } } },
  }),
}

// ---------------------------------------------------------------- a small XML reader for these documents

type XmlNode = { name: string; children: XmlNode[]; text: string | null }

function parseXml(xml: string): XmlNode {
  expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true)
  const tokens = xml.replace(/^<\?xml[^>]*\?>/, '').match(/<\/?[a-z_]+\/?>|[^<]+/g) ?? []
  const stack: XmlNode[] = [{ name: '#doc', children: [], text: null }]
  for (const t of tokens) {
    const top = stack[stack.length - 1]
    if (/^<[a-z_]+\/>$/.test(t)) top.children.push({ name: t.slice(1, -2), children: [], text: null })
    else if (t.startsWith('</')) {
      const done = stack.pop() as XmlNode
      expect(`</${done.name}>`).toBe(t) // well-formed: every element closes in order
    } else if (t.startsWith('<')) {
      const node: XmlNode = { name: t.slice(1, -1), children: [], text: null }
      top.children.push(node)
      stack.push(node)
    } else if (t.trim()) {
      top.text = t.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&')
    }
  }
  expect(stack).toHaveLength(1)
  expect(stack[0].children).toHaveLength(1)
  return stack[0].children[0]
}

const LISTS = new Set(['services', 'service_requests', 'errors', 'endpoints', 'formats', 'attributes', 'values'])
const NUMBERS = new Set(['lat', 'long'])
const INTEGERS = new Set(['order', 'code'])
const BOOLEANS = new Set(['metadata', 'variable', 'required'])

/** XML → the JSON value it stands for (lists by element name, numbers and booleans by field name). */
function xmlValue(node: XmlNode, parent?: string): unknown {
  if (LISTS.has(node.name)) return node.children.map((c) => xmlValue(c, node.name))
  if (node.children.length) return Object.fromEntries(node.children.map((c) => [c.name, xmlValue(c, node.name)]))
  if (node.text === null) return null
  if (NUMBERS.has(node.name)) return Number(node.text)
  if (BOOLEANS.has(node.name)) return node.text === 'true'
  if (INTEGERS.has(node.name) && (parent === 'error' || node.name === 'order')) return Number(node.text)
  return node.text
}

describe.each(databases())('Open311 GeoReport v2 on $name', ({ open }) => {
  let db: Db
  let api: Served
  let partnerKey: string
  let citycodeKey: string
  let residentFiled: FiledRequest
  let privateFiled: FiledRequest

  /** Checks status, content type and the schema for the body (json or xml) and returns the JSON value. */
  function valid(res: HttpResponse, status: number, check: ValidateFunction, format: 'json' | 'xml', root?: string): unknown {
    expect({ status: res.statusCode, body: res.body.slice(0, 300) }).toEqual({ status, body: expect.any(String) as string })
    expect(res.headers['content-type']).toBe(format === 'json' ? 'application/json; charset=utf-8' : 'text/xml; charset=utf-8')
    let value: unknown
    if (format === 'json') value = JSON.parse(res.body)
    else {
      const doc = parseXml(res.body)
      if (root) expect(doc.name).toBe(root)
      value = xmlValue(doc)
    }
    if (!check(value)) throw new Error(`不符合 schema：${ajv.errorsText(check.errors)}\n${res.body.slice(0, 500)}`)
    return value
  }
  const get = (url: string) => api.request(url)
  const post = (url: string, form: Record<string, string>) =>
    api.request({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(form).toString() })

  beforeAll(async () => {
    db = await prepareDatabase(await open())
    const crypto = createDataCrypto(KEY)
    const app = await buildApp({ config: testConfig({ DATA_KEY: KEY.toString('base64') }), db, clock: () => NOW, logger: false, crypto })
    api = await inject(app)
    partnerKey = (await createApiKey(db, '区网格化平台', 'open311', NOW)).key
    citycodeKey = (await createApiKey(db, '地铁闸机', 'citycode:transit', NOW)).key
    // History: some inside the default 90 days (some closed by a department), some older.
    await loadHistory(db, generateCorpus({ count: 40, spreadDays: 200, seed: 11 }), NOW)
    const alice = await makeResident(db, crypto, '13800138000', NOW)
    const file = async (body: object, key: string) => {
      const res = await api.request({ method: 'POST', url: '/api/requests', headers: { ...alice.headers, 'idempotency-key': key }, payload: body })
      expect(res.statusCode).toBe(201)
      return res.json<FiledRequest>()
    }
    residentFiled = await file(
      {
        type: 'help',
        category: 'urban.facility',
        content: '天河区体育西路123号门口井盖丢失，我叫张伟，电话13912345678，车牌粤A·D1234 的车差点掉进去',
        location: { lat: 23.13654, lng: 113.32101, address: '天河区体育西路123号 3栋1502房', district: '天河区' },
        public: true,
      },
      'open311-public-1',
    )
    privateFiled = await file(
      { type: 'complaint', category: 'environment.noise', content: '我家楼上每天深夜装修噪音很大，住在丽江花园8栋1201', location: { lat: 23.02, lng: 113.305, address: '番禺区丽江花园8栋1201', district: '番禺区' } },
      'open311-private-1',
    )
  }, 120_000)
  afterAll(async () => {
    await api?.close()
    await db?.close()
  })

  it.each(['json', 'xml'] as const)('discovery.%s names the endpoint and its formats', async (format) => {
    const d = valid(await get(`/open311/v2/discovery.${format}`), 200, schema.discovery, format, 'discovery') as { endpoints: { url: string; formats: string[] }[] }
    expect(d.endpoints[0].url).toMatch(/\/open311\/v2$/)
    expect(d.endpoints[0].formats).toEqual(['application/json', 'text/xml'])
  })

  it.each(['json', 'xml'] as const)('services.%s lists every request category of the tree', async (format) => {
    const list = valid(await get(`/open311/v2/services.${format}`), 200, schema.services, format, 'services') as { service_code: string; service_name: string; group: string }[]
    const leaves = REQUEST_CATEGORIES.flatMap((c) => c.children ?? [])
    expect(list.map((s) => s.service_code)).toEqual(leaves.map((l) => l.code))
    expect(list.find((s) => s.service_code === 'urban.facility')).toMatchObject({ service_name: '市政设施', group: '城市管理' })
  })

  it.each(['json', 'xml'] as const)('services/{code}.%s defines the request-type attribute; an unknown code is 404', async (format) => {
    const def = valid(await get(`/open311/v2/services/urban.facility.${format}`), 200, schema.definition, format, 'service_definition') as {
      attributes: { code: string; values: { key: string }[] }[]
    }
    expect(def.attributes[0].code).toBe('request_type')
    expect(def.attributes[0].values.map((v) => v.key)).toEqual(['consult', 'help', 'complaint', 'report', 'suggestion'])
    const missing = valid(await get(`/open311/v2/services/no.such.${format}`), 404, schema.errors, format, 'errors') as { code: number }[]
    expect(missing[0].code).toBe(404)
  })

  it('POST requests needs a live open311 api_key (403), a known service (404) and valid fields (400), each in Open311 errors', async () => {
    const form = { service_code: 'urban.facility', lat: '23.1201', long: '113.3305', address_string: '天河区花城大道68号', description: '花城大道68号人行道地砖大面积破损，老人容易绊倒' }
    for (const [body, status] of [
      [form, 403],
      [{ ...form, api_key: 'os_not-a-real-key' }, 403],
      [{ ...form, api_key: citycodeKey }, 403],
      [{ ...form, api_key: partnerKey, service_code: '' }, 400],
      [{ ...form, api_key: partnerKey, service_code: 'no.such' }, 404],
      [{ ...form, api_key: partnerKey, description: '太短了' }, 400],
      [{ ...form, api_key: partnerKey, lat: 'abc' }, 400],
      [{ api_key: partnerKey, service_code: 'urban.facility', description: form.description }, 400],
    ] as const) {
      for (const format of ['json', 'xml'] as const) {
        const errors = valid(await post(`/open311/v2/requests.${format}`, body), status, schema.errors, format, 'errors') as { code: number }[]
        expect(errors[0].code).toBe(status)
      }
    }
    const count = await db.query<{ n: number }>("SELECT count(*) AS n FROM requests WHERE source = 'open311'")
    expect(Number(count.rows[0].n)).toBe(0)
  })

  it('POST requests files into the same work-order loop: a number, the dispatcher queue, the similar index; the contact sealed, never published', async () => {
    for (const format of ['json', 'xml'] as const) {
      const created = valid(
        await post(`/open311/v2/requests.${format}`, {
          api_key: partnerKey,
          jurisdiction_id: 'guangzhou',
          service_code: 'environment.noise',
          'attribute[request_type]': 'complaint',
          lat: '23.1191',
          long: '113.3302',
          address_string: '天河区珠江新城花城大道68号',
          description: `花城大道68号工地夜间施工，噪音扰民（${format}）`,
          first_name: '小明',
          last_name: '王',
          phone: '+86 139 0013 9000',
          email: 'wang@example.com',
        }),
        200,
        schema.created,
        format,
        'service_requests',
      ) as { service_request_id: string }[]
      const number = created[0].service_request_id
      expect(number).toMatch(/^GZ\d{13}$/)
      const row = await db.query<{ id: string; source: string; status: string; type: string; district: string; contact_phone_enc: string | null; contact_name_enc: string | null }>(
        'SELECT id, source, status, type, district, contact_phone_enc, contact_name_enc FROM requests WHERE number = $1',
        [number],
      )
      expect(row.rows[0]).toMatchObject({ source: 'open311', status: 'submitted', type: 'complaint', district: '天河区' })
      expect(row.rows[0].contact_phone_enc).not.toContain('13900139000')
      expect(createDataCrypto(KEY).open('requests.contact_phone', row.rows[0].contact_phone_enc as string)).toBe('13900139000')
      const indexed = await db.query('SELECT 1 FROM similar_docs WHERE request_id = $1', [row.rows[0].id])
      expect(indexed.rowCount).toBe(1)
      const published = valid(await get(`/open311/v2/requests/${number}.${format}`), 200, schema.requests, format, 'service_requests')
      const text = JSON.stringify(published)
      for (const secret of ['13900139000', '139****9000', '王小明', 'wang@example.com', '工地夜间施工']) expect(text).not.toContain(secret)
      expect(published).toMatchObject([{ service_request_id: number, status: 'open', service_code: 'environment.noise', agency_responsible: '广州 12345 热线', description: null }])
    }
    const dispatcher = await makeStaff(db, 'open311-dispatcher', 'dispatcher', null, NOW)
    const queue = await api.request({ url: '/api/staff/requests?queue=dispatch&pageSize=100', headers: dispatcher.headers })
    expect(queue.statusCode).toBe(200)
    expect(queue.json<{ items: { summary: string }[] }>().items.filter((i) => i.summary.includes('花城大道68号工地'))).toHaveLength(2)
  })

  it.each(['json', 'xml'] as const)('GET requests/{id}.%s publishes a public request masked, times with +08:00; a private one without text or place', async (format) => {
    const [pub] = valid(await get(`/open311/v2/requests/${residentFiled.number}.${format}`), 200, schema.requests, format, 'service_requests') as Record<string, unknown>[]
    expect(pub).toMatchObject({ status: 'open', status_notes: '已提交', service_name: '城市管理/市政设施', lat: 23.137, long: 113.321 })
    expect(pub.requested_datetime).toMatch(/^2026-11-24T12:00:00\+08:00$/)
    expect(pub.description).toContain('井盖丢失')
    for (const secret of ['13912345678', '张伟', 'D1234', '1502']) expect(JSON.stringify(pub)).not.toContain(secret)
    expect(pub.description).toContain('139****5678')
    const [priv] = valid(await get(`/open311/v2/requests/${privateFiled.number}.${format}`), 200, schema.requests, format, 'service_requests') as Record<string, unknown>[]
    expect(priv).toMatchObject({ description: null, address: null, lat: null, long: null, status: 'open' })
    const missing = valid(await get(`/open311/v2/requests/GZ0000000000000.${format}`), 404, schema.errors, format, 'errors') as { code: number }[]
    expect(missing[0].code).toBe(404)
  })

  it('GET requests: the last 90 days by default, filters by id, service, dates and status, pages; bad filters are 400', async () => {
    const all = valid(await get('/open311/v2/requests.json'), 200, schema.requests, 'json') as { service_request_id: string; requested_datetime: string; status: string; service_code: string }[]
    const inWindow = await db.query<{ n: number }>("SELECT count(*) AS n FROM requests WHERE filed_at >= $1::timestamptz - interval '90 days'", [NOW])
    expect(all).toHaveLength(Number(inWindow.rows[0].n))
    const older = await db.query<{ n: number }>("SELECT count(*) AS n FROM requests WHERE filed_at < $1::timestamptz - interval '90 days'", [NOW])
    expect(Number(older.rows[0].n)).toBeGreaterThan(0)
    const times = all.map((r) => Date.parse(r.requested_datetime))
    expect([...times].sort((a, b) => b - a)).toEqual(times)

    const closed = valid(await get('/open311/v2/requests.json?status=closed'), 200, schema.requests, 'json') as { status: string; agency_responsible: string }[]
    expect(closed.length).toBeGreaterThan(0)
    expect(closed.every((r) => r.status === 'closed' && r.agency_responsible.startsWith('广州市'))).toBe(true)
    const open = valid(await get('/open311/v2/requests.xml?status=open'), 200, schema.requests, 'xml') as { status: string }[]
    expect(open.length + closed.length).toBe(all.length)

    const byCode = valid(await get('/open311/v2/requests.json?service_code=urban.facility,environment.noise'), 200, schema.requests, 'json') as { service_code: string }[]
    expect(byCode.length).toBeGreaterThanOrEqual(4)
    expect(byCode.every((r) => ['urban.facility', 'environment.noise'].includes(r.service_code))).toBe(true)

    const byId = valid(await get(`/open311/v2/requests.json?service_request_id=${residentFiled.number},${privateFiled.number}&status=closed`), 200, schema.requests, 'json') as {
      service_request_id: string
    }[]
    expect(byId.map((r) => r.service_request_id).sort()).toEqual([residentFiled.number, privateFiled.number].sort())

    const old = valid(await get('/open311/v2/requests.json?start_date=2026-04-01T00:00:00%2B08:00&end_date=2026-08-01T00:00:00%2B08:00'), 200, schema.requests, 'json') as {
      requested_datetime: string
    }[]
    expect(old.length).toBeGreaterThan(0)
    expect(old.every((r) => r.requested_datetime >= '2026-04-01' && r.requested_datetime < '2026-08-01')).toBe(true)

    const page1 = valid(await get('/open311/v2/requests.json?page_size=5&page=1'), 200, schema.requests, 'json') as { service_request_id: string }[]
    const page2 = valid(await get('/open311/v2/requests.json?page_size=5&page=2'), 200, schema.requests, 'json') as { service_request_id: string }[]
    expect(page1.map((r) => r.service_request_id)).toEqual(all.slice(0, 5).map((r) => r.service_request_id))
    expect(page2.map((r) => r.service_request_id)).toEqual(all.slice(5, 10).map((r) => r.service_request_id))

    for (const q of ['start_date=yesterday', 'end_date=2026-13-45', 'status=pending', 'page_size=1001', 'page=0', 'start_date=2026-11-01&end_date=2026-10-01']) {
      for (const format of ['json', 'xml'] as const) {
        const errors = valid(await get(`/open311/v2/requests.${format}?${q}`), 400, schema.errors, format, 'errors') as { code: number }[]
        expect(errors[0].code).toBe(400)
      }
    }
  })

  it('an unknown Open311 path answers 404 in Open311 errors', async () => {
    valid(await get('/open311/v2/tokens/abc.json'), 404, schema.errors, 'json')
  })
})
