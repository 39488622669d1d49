// Application forms (在线办 申请表): checking a resident's answers against a form — on the device while typing and on
// the server as the authority, with the same function — and joining the forms of a 一件事 bundle into one.
import type { AddressValue, BankValue, FieldError, FormField, FormMaterial, GroupItemField, Prefill, ServiceForm } from '@contract/forms'
import { GZ_DISTRICTS } from './districts'
import { checkIdNumber, normalizeIdNumber } from './idcard'
import { checkPhone } from './phone'

export type ValidateResult = { ok: true; value: Record<string, unknown> } | { ok: false; errors: FieldError[] }

export interface ValidateOptions {
  /** What "today" means for date bounds and ID birth dates (defaults to now; the calendar day in Beijing time). */
  today?: Date
}

/** The applicant's 实名 data the server fills prefill fields with. */
export interface RealnameData {
  name: string
  idNumber: string
  phone: string
}

/** `field` of an error that concerns the whole answer set rather than one field. */
export const FORM_ERROR_FIELD = '_form'

/** Default length limits when a field does not set its own. */
export const TEXT_MAX = 100
export const TEXTAREA_MAX = 2000
/** Default largest number of entries in a repeating group. */
export const GROUP_MAX = 20

const DISTRICT_NAMES = new Set(GZ_DISTRICTS.map((d) => d.name))
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

type Field = FormField | GroupItemField
type Answers = Record<string, unknown>

const isObject = (v: unknown): v is Answers => typeof v === 'object' && v !== null && !Array.isArray(v)
const chars = (s: string) => [...s].length

/** YYYY-MM-DD of `now` in Beijing time (UTC+8, no daylight saving), so the device and the server agree. */
export function beijingDate(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10)
}

/** True for a YYYY-MM-DD string that names a real calendar day. */
export function isDateString(s: string): boolean {
  const m = DATE.exec(s)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const date = new Date(Date.UTC(y, mo - 1, d))
  return y >= 1900 && date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d
}

/** True when the field is shown (and asked) given the answers at its level. */
export function isFieldShown(field: Field, answers: unknown): boolean {
  if (!field.showIf) return true
  const other = isObject(answers) ? answers[field.showIf.field] : undefined
  const values = field.showIf.values
  if (Array.isArray(other)) return other.some((v) => values.includes(v as string))
  return values.includes(other as string | boolean)
}

/** The fields a resident is asked to type: shown and not filled from 实名. */
export function isAsked(field: Field, answers: unknown): boolean {
  return !field.prefill && isFieldShown(field, answers)
}

function isEmpty(field: Field, v: unknown): boolean {
  if (v === undefined || v === null) return true
  if (typeof v === 'string') return v.trim() === ''
  if (Array.isArray(v)) return v.length === 0
  if (field.kind === 'address' && isObject(v)) return ['district', 'street', 'detail'].every((k) => typeof v[k] !== 'string' || v[k].trim() === '')
  if (field.kind === 'bank' && isObject(v)) return ['bank', 'account'].every((k) => typeof v[k] !== 'string' || v[k].trim() === '')
  return false
}

const PICK_KINDS = new Set(['date', 'choice', 'multi', 'boolean'])
function missingMessage(field: Field): string {
  if (field.kind === 'boolean') return `请确认${field.label}`
  if (field.kind === 'group' && 'itemLabel' in field) return `请至少添加 1 项${field.itemLabel ?? field.label}`
  return `${PICK_KINDS.has(field.kind) ? '请选择' : '请填写'}${field.label}`
}

function resolveDate(bound: string, today: Date): string {
  return bound === 'today' ? beijingDate(today) : bound
}

type Check = { value: unknown } | { message: string }

function checkText(field: Field, v: unknown): Check {
  if (typeof v !== 'string') return { message: `${field.label}应为文字` }
  const s = v.trim()
  const max = field.maxLength ?? (field.kind === 'textarea' ? TEXTAREA_MAX : TEXT_MAX)
  if (chars(s) > max) return { message: `${field.label}最多 ${max} 个字，现在 ${chars(s)} 个` }
  if (field.minLength !== undefined && chars(s) < field.minLength) return { message: `${field.label}至少 ${field.minLength} 个字` }
  if (field.pattern && !new RegExp(`^(?:${field.pattern})$`).test(s)) return { message: field.patternMessage ?? `${field.label}格式不对` }
  return { value: s }
}

function checkNumber(field: Field, v: unknown): Check {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v) ? Number(v) : NaN
  if (!Number.isFinite(n)) return { message: `${field.label}应为数字` }
  if (field.integer && !Number.isInteger(n)) return { message: `${field.label}应为整数` }
  const unit = field.unit ?? ''
  if (field.min !== undefined && n < field.min) return { message: `${field.label}不能小于 ${field.min}${unit}` }
  if (field.max !== undefined && n > field.max) return { message: `${field.label}不能大于 ${field.max}${unit}` }
  return { value: n }
}

function checkDate(field: Field, v: unknown, today: Date): Check {
  if (typeof v !== 'string' || !isDateString(v.trim())) return { message: `${field.label}应为有效日期（年-月-日）` }
  const s = v.trim()
  if (field.minDate && s < resolveDate(field.minDate, today)) {
    return { message: field.minDate === 'today' ? `${field.label}不能早于今天` : `${field.label}不能早于 ${field.minDate}` }
  }
  if (field.maxDate && s > resolveDate(field.maxDate, today)) {
    return { message: field.maxDate === 'today' ? `${field.label}不能晚于今天` : `${field.label}不能晚于 ${field.maxDate}` }
  }
  return { value: s }
}

function checkChoice(field: Field, v: unknown): Check {
  const allowed = new Set((field.options ?? []).map((o) => o.value))
  if (typeof v !== 'string' || !allowed.has(v)) return { message: `请从选项中选择${field.label}` }
  return { value: v }
}

function checkMulti(field: Field, v: unknown): Check {
  const allowed = new Set((field.options ?? []).map((o) => o.value))
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || !allowed.has(x))) return { message: `请从选项中选择${field.label}` }
  const picked = [...new Set(v as string[])]
  if (field.min !== undefined && picked.length < field.min) return { message: `${field.label}至少选 ${field.min} 项` }
  if (field.max !== undefined && picked.length > field.max) return { message: `${field.label}最多选 ${field.max} 项` }
  return { value: picked }
}

function checkAddress(field: Field, v: unknown): Check {
  if (!isObject(v)) return { message: `${field.label}应包含区、街道和详细地址` }
  const part = (k: keyof AddressValue) => (typeof v[k] === 'string' ? (v[k] as string).trim() : '')
  const value: AddressValue = { district: part('district'), street: part('street'), detail: part('detail') }
  if (!value.district) return { message: `请选择${field.label}所在的区` }
  if (!DISTRICT_NAMES.has(value.district)) return { message: `${field.label}的区应为广州市的 11 个区之一` }
  if (!value.street) return { message: `请填写${field.label}所在的街道（镇）` }
  if (chars(value.street) > 40) return { message: `${field.label}的街道最多 40 个字` }
  if (!value.detail) return { message: `请填写${field.label}的详细地址（门牌、楼栋、房号）` }
  if (chars(value.detail) > 100) return { message: `${field.label}的详细地址最多 100 个字` }
  return { value }
}

function checkBank(field: Field, v: unknown): Check {
  if (!isObject(v)) return { message: `${field.label}应包含开户银行和账号` }
  const bank = typeof v.bank === 'string' ? v.bank.trim() : ''
  const account = typeof v.account === 'string' ? v.account.replace(/[\s\u3000-]+/g, '') : ''
  if (!bank) return { message: `请选择${field.label}的开户银行` }
  if (field.options && !field.options.some((o) => o.value === bank)) return { message: `请从列出的银行中选择${field.label}的开户银行` }
  if (chars(bank) > 40) return { message: `${field.label}的开户银行最多 40 个字` }
  if (!account) return { message: `请填写${field.label}的账号` }
  if (!/^\d+$/.test(account)) return { message: `${field.label}的账号只能包含数字` }
  if (account.length < 10 || account.length > 30) return { message: `${field.label}的账号应为 10–30 位数字，现在 ${account.length} 位` }
  const value: BankValue = { bank, account }
  return { value }
}

function checkLeaf(field: Field, v: unknown, today: Date): Check {
  switch (field.kind) {
    case 'text':
    case 'textarea':
      return checkText(field, v)
    case 'number':
      return checkNumber(field, v)
    case 'date':
      return checkDate(field, v, today)
    case 'choice':
      return checkChoice(field, v)
    case 'multi':
      return checkMulti(field, v)
    case 'phone': {
      const c = typeof v === 'string' ? checkPhone(v) : { ok: false, message: undefined }
      return c.ok ? { value: c.phone } : { message: `${field.label}：${c.message ?? '应为 11 位手机号'}` }
    }
    case 'idcard': {
      const c = typeof v === 'string' ? checkIdNumber(v, today) : { ok: false, message: undefined }
      return c.ok ? { value: normalizeIdNumber(v as string) } : { message: `${field.label}：${c.message ?? '应为 18 位身份证号码'}` }
    }
    case 'address':
      return checkAddress(field, v)
    case 'bank':
      return checkBank(field, v)
    case 'boolean':
      if (typeof v !== 'boolean') return { message: `${field.label}应为是或否` }
      if (field.required && !v) return { message: missingMessage(field) }
      return { value: v }
    default:
      return { message: `${field.label}无法填写` }
  }
}

/** Checks one level of fields (the form, or one entry of a group); errors are pushed with `prefix` before the key. */
function checkLevel(fields: readonly Field[], answers: Answers, prefix: string, today: Date, errors: FieldError[]): Answers {
  const value: Answers = {}
  for (const field of fields) {
    if (!isAsked(field, answers)) continue
    const path = prefix + field.key
    const v = answers[field.key]
    if (field.kind === 'group') {
      const group = checkGroup(field as FormField, v, path, today, errors)
      if (group) value[field.key] = group
      continue
    }
    if (field.kind === 'boolean' && v === undefined) {
      if (field.required) errors.push({ field: path, message: missingMessage(field) })
      else value[field.key] = false
      continue
    }
    if (isEmpty(field, v)) {
      if (field.required) errors.push({ field: path, message: missingMessage(field) })
      continue
    }
    const c = checkLeaf(field, v, today)
    if ('message' in c) errors.push({ field: path, message: c.message })
    else value[field.key] = c.value
  }
  return value
}

function checkGroup(field: FormField, v: unknown, path: string, today: Date, errors: FieldError[]): Answers[] | null {
  const what = field.itemLabel ?? field.label
  const min = field.minItems ?? (field.required ? 1 : 0)
  const max = field.maxItems ?? GROUP_MAX
  if (v !== undefined && v !== null && !Array.isArray(v)) {
    errors.push({ field: path, message: `${field.label}格式不对` })
    return null
  }
  const entries = (v ?? []) as unknown[]
  if (entries.length < min) errors.push({ field: path, message: `请至少添加 ${min} 项${what}` })
  if (entries.length > max) {
    errors.push({ field: path, message: `${what}最多 ${max} 项，现在 ${entries.length} 项` })
    return null
  }
  return entries.map((entry, i) => {
    if (!isObject(entry)) {
      errors.push({ field: `${path}[${i}]`, message: `第 ${i + 1} 项${what}格式不对` })
      return {}
    }
    return checkLevel(field.fields ?? [], entry, `${path}[${i}].`, today, errors)
  })
}

/**
 * Checks a resident's answers against a form and gives every problem at once (一次性告知), or the clean value
 * (text trimmed, phone and ID numbers normalised, numbers as numbers, hidden and prefill fields left out, unknown
 * keys dropped). Prefill fields are never required here: the server fills them from 实名 (see fillPrefill).
 * A required boolean must be true (a 承诺 the resident ticks); a boolean left out is false.
 */
export function validateAnswers(form: ServiceForm, answers: unknown, options: ValidateOptions = {}): ValidateResult {
  const today = options.today ?? new Date()
  if (!isObject(answers)) return { ok: false, errors: [{ field: FORM_ERROR_FIELD, message: '申请表内容格式不对，请重新填写' }] }
  const errors: FieldError[] = []
  const value = checkLevel(form.fields, answers, '', today, errors)
  return errors.length ? { ok: false, errors } : { ok: true, value }
}

const PREFILL_SOURCE: Record<Prefill, keyof RealnameData> = {
  'realname.name': 'name',
  'realname.idNumber': 'idNumber',
  'realname.phone': 'phone',
}

/** The value with every top-level prefill field set from the applicant's 实名 data (what the server stores). */
export function fillPrefill(form: ServiceForm, value: Record<string, unknown>, realname: RealnameData): Record<string, unknown> {
  const out = { ...value }
  for (const f of form.fields) if (f.prefill) out[f.key] = realname[PREFILL_SOURCE[f.prefill]]
  return out
}

/** FNV-1a, 32 bits, as 8 hex digits: a short, stable fingerprint for versions (no node: crypto in domain/). */
export function shortHash(text: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h.toString(16).padStart(8, '0')
}

function mergeMaterial(a: FormMaterial, b: FormMaterial): FormMaterial {
  // What satisfies both items: the ways both accept; when they share none, every way either asks for.
  const both = a.provide.filter((p) => b.provide.includes(p))
  const provide = both.length ? both : [...new Set([...a.provide, ...b.provide])]
  const licenceTypes = [...new Set([...(a.licenceTypes ?? []), ...(b.licenceTypes ?? [])])]
  const merged: FormMaterial = { ...a, required: a.required || b.required, provide }
  if (licenceTypes.length) merged.licenceTypes = licenceTypes
  return merged
}

function mergeField(a: FormField, b: FormField): FormField {
  const merged: FormField = { ...a, required: a.required || b.required }
  if (a.options && b.options) {
    const seen = new Set(a.options.map((o) => o.value))
    merged.options = [...a.options, ...b.options.filter((o) => !seen.has(o.value))]
  }
  return merged
}

/**
 * One form for a 一件事 bundle: the union of the items' fields and materials, each asked once (an equal key or id
 * is the same question; required if any item requires it). The serviceCode joins the items' codes with '+';
 * formForBundle sets the bundle's own code.
 */
export function mergeForms(forms: readonly ServiceForm[]): ServiceForm {
  const fields = new Map<string, FormField>()
  const materials = new Map<string, FormMaterial>()
  for (const form of forms) {
    for (const f of form.fields) {
      const before = fields.get(f.key)
      fields.set(f.key, before ? mergeField(before, f) : f)
    }
    for (const m of form.materials) {
      const before = materials.get(m.id)
      materials.set(m.id, before ? mergeMaterial(before, m) : m)
    }
  }
  return {
    serviceCode: forms.map((f) => f.serviceCode).join('+'),
    version: shortHash(forms.map((f) => `${f.serviceCode}@${f.version}`).join(',')),
    fields: [...fields.values()],
    materials: [...materials.values()],
  }
}
