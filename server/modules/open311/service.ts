// Open311 GeoReport v2 over the 12345 requests: discovery, services from the category tree, filing through fileRequest
// (the same work-order loop), and the public request list — status, category, department and place, never a person.
import { GZ_DISTRICTS } from '@domain/districts'
import { categoryLabel, REQUEST_CATEGORIES } from '@domain/request-categories'
import { isOpen, OPEN_STATES, REQUEST_TYPES, STATUS_LABEL, TYPE_LABEL } from '@domain/workorder'
import type { RequestType } from '@contract/request'
import type { Queryable } from '../../db'
import { AppError } from '../../errors'
import { fileRequest, type RequestsContext } from '../requests/service'
import { distanceMeters } from '../similar/score'
import { maskPersonal } from '../similar/text'
import { isoShanghai, Open311Failure } from './format'
import { publicRequestByNumber, publicRequests, type PublicRequestFilter, type PublicRequestRow } from './repo'

export const MAX_PAGE_SIZE = 1000
export const DEFAULT_DAYS = 90

interface Leaf {
  code: string
  label: string
  group: string
}

const LEAVES: Leaf[] = REQUEST_CATEGORIES.flatMap((top) => (top.children ?? []).map((leaf) => ({ code: leaf.code, label: leaf.label, group: top.label })))

export function discovery(baseUrl: string) {
  return {
    changeset: '2026-11-24T00:00:00+08:00',
    contact: '广州 12345 政务服务便民热线（一站办 OneStop）',
    key_service: '合作方密钥由管理员以 npm run admin -- create-api-key <名称> 签发',
    endpoints: [
      {
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: `${baseUrl}/open311/v2`,
        changeset: '2026-11-24T00:00:00+08:00',
        type: 'production',
        formats: ['application/json', 'text/xml'],
      },
    ],
  }
}

export function services() {
  return LEAVES.map((l) => ({
    service_code: l.code,
    service_name: l.label,
    description: `${l.group} / ${l.label}`,
    metadata: true,
    type: 'realtime',
    keywords: null,
    group: l.group,
  }))
}

const TYPE_ATTRIBUTE = 'request_type'

export function serviceDefinition(code: string) {
  if (!LEAVES.some((l) => l.code === code)) throw new Open311Failure(404, `服务（诉求分类）${code} 不存在`)
  return {
    service_code: code,
    attributes: [
      {
        variable: true,
        code: TYPE_ATTRIBUTE,
        datatype: 'singlevaluelist',
        required: false,
        datatype_description: '诉求类型，默认 complaint（投诉）',
        order: 1,
        description: '诉求类型：咨询、求助、投诉、举报或建议',
        values: REQUEST_TYPES.map((t) => ({ key: t, name: TYPE_LABEL[t] })),
      },
    ],
  }
}

/** The district named in the address, else the one whose centre is nearest (partners send WGS-84 points). */
export function districtOf(address: string, lat: number, lng: number): string {
  const named = GZ_DISTRICTS.find(({ name }) => address.includes(name) || address.includes(name.slice(0, 2)))
  if (named) return named.name
  return GZ_DISTRICTS.map((c) => ({ name: c.name, d: distanceMeters({ lat, lng }, c) })).sort((a, b) => a.d - b.d)[0].name
}

const FORM_STRING = (form: Record<string, unknown>, key: string): string | undefined => {
  const v = form[key]
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined
}

function number(form: Record<string, unknown>, key: string, min: number, max: number): number | undefined {
  const raw = FORM_STRING(form, key)
  if (raw === undefined) return undefined
  const n = Number(raw)
  if (!Number.isFinite(n) || n < min || n > max) throw new Open311Failure(400, `${key} 应为 ${min} 到 ${max} 之间的数字`)
  return n
}

/**
 * POST requests: the form a partner sends → fileRequest as that partner (source 'open311'). Personal fields
 * (first_name, last_name, phone, email) become the sealed contact; email is not kept.
 */
export async function createRequest(ctx: RequestsContext, partnerId: string, form: Record<string, unknown>) {
  const code = FORM_STRING(form, 'service_code')
  if (!code) throw new Open311Failure(400, 'service_code 为必填项')
  if (!LEAVES.some((l) => l.code === code)) throw new Open311Failure(404, `服务（诉求分类）${code} 不存在`)
  const description = FORM_STRING(form, 'description')
  if (!description) throw new Open311Failure(400, 'description 为必填项（诉求内容 10–2000 字）')
  const lat = number(form, 'lat', -90, 90)
  const lng = number(form, 'long', -180, 180)
  const address = FORM_STRING(form, 'address_string')
  if ((lat === undefined) !== (lng === undefined)) throw new Open311Failure(400, 'lat 与 long 须同时提供')
  if (lat === undefined && !address) throw new Open311Failure(400, '须提供位置：lat/long 或 address_string')
  const typeRaw = FORM_STRING(form, `attribute[${TYPE_ATTRIBUTE}]`) ?? 'complaint'
  if (!REQUEST_TYPES.includes(typeRaw as RequestType)) throw new Open311Failure(400, `attribute[${TYPE_ATTRIBUTE}] 应为 ${REQUEST_TYPES.join('、')} 之一`)
  const phoneRaw = FORM_STRING(form, 'phone')?.replace(/[\s-]/g, '').replace(/^\+?86/, '')
  const name = [FORM_STRING(form, 'last_name'), FORM_STRING(form, 'first_name')].filter(Boolean).join('')
  try {
    const { request } = await fileRequest(
      ctx,
      {
        type: typeRaw as RequestType,
        category: code,
        content: description,
        ...(lat !== undefined && lng !== undefined
          ? { location: { lat, lng, address: (address ?? '（合作方未提供地址）').slice(0, 200), district: districtOf(address ?? '', lat, lng) } }
          : {}),
        ...(phoneRaw && /^1[3-9][0-9]{9}$/.test(phoneRaw) ? { contactPhone: phoneRaw } : {}),
        ...(name ? { contactName: name.slice(0, 30) } : {}),
        // Partner requests are not published with their text: the partner did not ask the person.
        public: false,
      },
      { kind: 'partner', partnerId },
      null,
    )
    return [{ service_request_id: request.number, service_notice: `已受理登记，编号 ${request.number}，将按工作日时限办理` }]
  } catch (err) {
    if (err instanceof AppError && err.status === 400) throw new Open311Failure(400, err.message)
    throw err
  }
}

/** One request as the public may see it: text and place only when the resident allowed it, masked even then. */
export function publicRequest(row: PublicRequestRow) {
  const open = isOpen(row.status)
  const notes = row.status === 'merged' && row.merged_number ? `${STATUS_LABEL.merged}（并入 ${row.merged_number}）` : STATUS_LABEL[row.status]
  return {
    service_request_id: row.number,
    status: open ? 'open' : 'closed',
    status_notes: notes,
    service_name: categoryLabel(row.category) ?? '其他事项',
    service_code: row.category ?? 'other.general',
    description: row.public ? maskPersonal(row.content).slice(0, 4000) : null,
    agency_responsible: row.department_name ?? '广州 12345 热线',
    service_notice: null,
    requested_datetime: isoShanghai(row.filed_at),
    updated_datetime: isoShanghai(row.updated_at),
    expected_datetime: open ? isoShanghai(row.deadline) : null,
    // A place can point at a home: only for public requests, and to about 100 m.
    address: row.public && row.address ? maskPersonal(row.address) : null,
    address_id: null,
    zipcode: null,
    lat: row.public && row.lat !== null ? Number(row.lat.toFixed(3)) : null,
    long: row.public && row.lng !== null ? Number(row.lng.toFixed(3)) : null,
    media_url: null,
  }
}

function parseDate(value: string | undefined, key: string): Date | undefined {
  if (value === undefined) return undefined
  // ISO 8601 date or date-time; a date-time needs its zone (Z or ±hh:mm), as the spec's examples give it.
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/.test(value)) {
    throw new Open311Failure(400, `${key} 应为 ISO 8601 日期时间，如 2026-11-24T09:00:00+08:00`)
  }
  const d = new Date(value.length === 10 ? `${value}T00:00:00+08:00` : value)
  if (Number.isNaN(d.getTime())) throw new Open311Failure(400, `${key} 不是有效的日期时间`)
  return d
}

export interface ListQuery {
  service_request_id?: string
  service_code?: string
  start_date?: string
  end_date?: string
  status?: string
  page?: string
  page_size?: string
}

/** GET requests: by ids, or by service/status within [start, end] (default the last 90 days), newest first, paged. */
export async function listRequests(db: Queryable, query: ListQuery, now: Date) {
  const pageSize = query.page_size === undefined ? MAX_PAGE_SIZE : Number(query.page_size)
  const page = query.page === undefined ? 1 : Number(query.page)
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) throw new Open311Failure(400, `page_size 应为 1 到 ${MAX_PAGE_SIZE} 的整数`)
  if (!Number.isInteger(page) || page < 1) throw new Open311Failure(400, 'page 应为从 1 开始的整数')
  let filter: PublicRequestFilter
  if (query.service_request_id) {
    // The spec: with service_request_id, the other filters are ignored.
    filter = { numbers: query.service_request_id.split(',').map((s) => s.trim()).filter(Boolean) }
  } else {
    let end = parseDate(query.end_date, 'end_date')
    let start = parseDate(query.start_date, 'start_date')
    if (!start && !end) {
      end = now
      start = new Date(now.getTime() - DEFAULT_DAYS * 86_400_000)
    } else if (start && !end) end = new Date(start.getTime() + DEFAULT_DAYS * 86_400_000)
    else if (!start && end) start = new Date(end.getTime() - DEFAULT_DAYS * 86_400_000)
    if ((start as Date).getTime() > (end as Date).getTime()) throw new Open311Failure(400, 'start_date 不能晚于 end_date')
    filter = { from: start as Date, to: end as Date }
    if (query.service_code) filter.categories = query.service_code.split(',').map((s) => s.trim())
    if (query.status) {
      const wanted = query.status.split(',').map((s) => s.trim())
      if (wanted.some((s) => s !== 'open' && s !== 'closed')) throw new Open311Failure(400, 'status 应为 open 或 closed')
      if (!(wanted.includes('open') && wanted.includes('closed'))) filter.status = { open: wanted.includes('open'), openStates: OPEN_STATES }
    }
  }
  return (await publicRequests(db, filter, pageSize, (page - 1) * pageSize)).map(publicRequest)
}

export async function getRequest(db: Queryable, number: string) {
  const row = await publicRequestByNumber(db, number)
  if (!row) throw new Open311Failure(404, `诉求 ${number} 不存在`)
  return [publicRequest(row)]
}
