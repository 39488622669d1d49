// The readable sections of 导出我的数据's summary, built from what each module's export hook collects: a count, the latest
// few records named in Chinese (service, hall, status, date), never a phone, an ID number, an address or a free text.
import { APPOINTMENT_STATUS_LABEL, type AppointmentState } from '@domain/appointment'
import { STATUS_LABEL as APPLICATION_STATUS_LABEL, type ApplicationStatus } from '@domain/application'
import { SCENE_LABELS, type CityScene } from '@domain/citycode-scenes'
import { categoryLabel } from '@domain/request-categories'
import { RATING_LABEL, STATUS_LABEL as REQUEST_STATUS_LABEL, TYPE_LABEL, type RequestStatus, type RequestType } from '@domain/workorder'
import { EXPORT_SUMMARY_ITEMS_MAX, type ExportSummaryItem, type ExportSummarySection } from '@contract/me-export'

type Row = Record<string, unknown>

/** An instant as ISO text, from a database Date, ISO text or epoch milliseconds. */
function instant(v: unknown): string | undefined {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v.toISOString()
  if (typeof v === 'number' && Number.isFinite(v)) return new Date(v).toISOString()
  if (typeof v === 'string' && !Number.isNaN(Date.parse(v))) return new Date(v).toISOString()
  return undefined
}

const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '')
const label = <K extends string>(labels: Record<K, string>, v: unknown): string => (labels as Record<string, string>)[text(v)] ?? text(v)
const rows = (v: unknown): Row[] => (Array.isArray(v) ? (v.filter((r) => r && typeof r === 'object') as Row[]) : [])
const joined = (...parts: string[]): string => parts.filter(Boolean).join(' · ')

/** A section of the rows, the newest `at` first. */
function section(key: string, title: string, list: Row[], item: (r: Row) => ExportSummaryItem, note?: string): ExportSummarySection {
  const items = list.map(item).sort((a, b) => (b.at ?? '').localeCompare(a.at ?? '')).slice(0, EXPORT_SUMMARY_ITEMS_MAX)
  return note ? { key, title, count: list.length, items, note } : { key, title, count: list.length, items }
}

/** What the export's modules hold that the summary does not name one by one: a count of records. */
function countOf(v: unknown): number {
  if (Array.isArray(v)) return v.length
  if (v && typeof v === 'object') return Object.values(v).reduce<number>((n, x) => n + (Array.isArray(x) ? x.length : 0), 0)
  return 0
}

const RATED_KIND: Record<string, string> = { appointment: '大厅办事', request: '12345 诉求', application: '办件' }

const item = (title: string, detail: string, at: unknown): ExportSummaryItem => {
  const out: ExportSummaryItem = { title: title || '（未命名）' }
  if (detail) out.detail = detail
  const when = instant(at)
  if (when) out.at = when
  return out
}

/** The sections in the order the page shows them; a module the summary does not know yet still gets its count. */
export function summarySections(records: Record<string, unknown>): ExportSummarySection[] {
  const out: ExportSummarySection[] = []
  const known = new Set<string>()
  const take = (name: string): unknown => {
    known.add(name)
    return records[name]
  }
  const kept = (v: unknown): { note?: string; items: Row[] } => {
    const o = (v && typeof v === 'object' && !Array.isArray(v) ? v : {}) as { retention?: unknown; items?: unknown }
    return { note: typeof o.retention === 'string' ? o.retention : undefined, items: rows(Array.isArray(v) ? v : o.items) }
  }

  out.push(
    section('appointments', '预约', rows(take('appointments')), (r) =>
      item(text(r.service), joined(text(r.hall), label<AppointmentState>(APPOINTMENT_STATUS_LABEL, r.status)), r.startsAt),
    ),
  )
  out.push(
    section('requests', '12345 诉求', rows(take('requests')), (r) =>
      item(
        joined(label<RequestType>(TYPE_LABEL, r.type), categoryLabel(text(r.category)) ?? ''),
        joined(`编号 ${text(r.number)}`, label<RequestStatus>(REQUEST_STATUS_LABEL, r.status)),
        r.filedAt,
      ),
    ),
  )
  const applications = kept(take('applications'))
  out.push(
    section(
      'applications',
      '办件',
      applications.items,
      (r) => item(text(r.serviceName), joined(`办件编号 ${text(r.number)}`, label<ApplicationStatus>(APPLICATION_STATUS_LABEL, r.status)), r.submittedAt),
      applications.note,
    ),
  )
  const licences = kept(take('licences'))
  out.push(
    section('licences', '证照', licences.items, (r) => item(text(r.title), joined(text(r.issuer), r.revokedAt ? '已废止' : ''), r.issuedAt), licences.note),
  )
  const saved = (take('收藏与最近浏览') ?? {}) as { favourites?: unknown; recent?: unknown }
  out.push(section('favourites', '收藏', rows(saved.favourites), (r) => item(text(r.name), text(r.department), r.at)))
  out.push(section('recent', '最近浏览', rows(saved.recent), (r) => item(text(r.name), text(r.department), r.at)))
  const citycode = (take('citycode') ?? {}) as { printedCodes?: unknown; usage?: unknown; familyLinks?: unknown }
  const printed = rows(citycode.printedCodes)
  const usage = rows(citycode.usage)
  out.push(
    section('citycode', '一码通城', [...printed, ...usage], (r) =>
      'issuedAt' in r
        ? item(`打印版长期码 · ${label<CityScene>(SCENE_LABELS, r.scene)}`, r.revokedAt ? '已作废' : '', r.issuedAt)
        : item(`使用记录 · ${label<CityScene>(SCENE_LABELS, r.scene)}`, r.ok ? '核验通过' : '未通过', r.at),
    ),
  )
  out.push(
    section('ratings', '好差评', rows(take('ratings')), (r) =>
      item(`${RATED_KIND[text(r.subjectKind)] ?? '评价'} · ${RATING_LABEL[Number(r.level)] ?? text(r.level)}`, r.isDefault ? '系统默认好评' : '', r.ratedAt),
    ),
  )
  for (const [name, value] of Object.entries(records)) {
    if (!known.has(name)) out.push({ key: name, title: name, count: countOf(value), items: [] })
  }
  return out
}
