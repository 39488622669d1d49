// Building one ServiceForm from form data: library references resolved, options expanded, the applicant's 实名 fields
// put first and the 受理条件 confirmation last, and every rule a renderer and validateAnswers rely on checked.
import { Value } from '@sinclair/typebox/value'
import { FormField, type GroupItemField, type ServiceForm } from '@contract/forms'
import type { Audience } from '@contract/service'
import { shortHash } from '@domain/forms'
import type { FieldData, FieldEntry } from './data'

export class FormDataError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'FormDataError'
  }
}

type Library = Record<string, FieldData>

/** "@key" or { ref, ...changes } → the field written out; options as { value, label }. */
function resolve(entry: FieldEntry | unknown, library: Library, where: string): FormField {
  let raw: Record<string, unknown>
  if (typeof entry === 'string') {
    const base = library[entry.slice(1)]
    if (!base) throw new FormDataError(`${where}：引用的公共字段 ${entry} 不存在`)
    raw = { ...base }
  } else if (entry && typeof entry === 'object' && 'ref' in entry) {
    const { ref, ...changes } = entry as { ref: string } & Record<string, unknown>
    const base = library[ref]
    if (!base) throw new FormDataError(`${where}：引用的公共字段 ${ref} 不存在`)
    raw = { ...base, ...changes }
  } else {
    raw = { ...(entry as Record<string, unknown>) }
  }
  if (Array.isArray(raw.options)) raw.options = raw.options.map((o: unknown) => (typeof o === 'string' ? { value: o, label: o } : o))
  if (Array.isArray(raw.fields)) raw.fields = raw.fields.map((f: unknown) => resolve(f, library, `${where} 的字段 ${String(raw.key)}`))
  const first = Value.Errors(FormField, raw).First()
  if (first) throw new FormDataError(`${where}：字段 ${String(raw.key ?? '?')} 不符合要求（${first.path || '/'}：${first.message}）`)
  return raw as FormField
}

const NEEDS_OPTIONS = new Set(['choice', 'multi'])

/** The checks a form must pass to be rendered and validated: unique keys, options, groups, showIf targets, patterns. */
function checkLevel(fields: readonly (FormField | GroupItemField)[], where: string, inGroup: boolean): void {
  const keys = new Set<string>()
  for (const f of fields) {
    const at = `${where} 的字段 ${f.key}`
    if (keys.has(f.key)) throw new FormDataError(`${where}：字段键 ${f.key} 重复`)
    keys.add(f.key)
    if (NEEDS_OPTIONS.has(f.kind) && !f.options?.length) throw new FormDataError(`${at}：选择题须列出选项`)
    if (f.options && new Set(f.options.map((o) => o.value)).size !== f.options.length) throw new FormDataError(`${at}：选项重复`)
    if (f.pattern) {
      try {
        new RegExp(f.pattern)
      } catch {
        throw new FormDataError(`${at}：pattern 不是有效的正则表达式`)
      }
    }
    if (f.min !== undefined && f.max !== undefined && f.min > f.max) throw new FormDataError(`${at}：min 大于 max`)
    const group = f as FormField
    if (f.kind === 'group') {
      if (inGroup) throw new FormDataError(`${at}：分组内不能再嵌套分组`)
      if (!group.fields?.length) throw new FormDataError(`${at}：分组须列出字段`)
      if (group.minItems !== undefined && group.maxItems !== undefined && group.minItems > group.maxItems) throw new FormDataError(`${at}：minItems 大于 maxItems`)
      checkLevel(group.fields, at, true)
    } else if (group.fields) throw new FormDataError(`${at}：只有分组（group）可以有 fields`)
    if (inGroup && f.prefill) throw new FormDataError(`${at}：分组内的字段不能取自实名信息`)
  }
  for (const f of fields) {
    if (!f.showIf) continue
    const target = fields.find((o) => o.key === f.showIf?.field)
    if (!target || target === f) throw new FormDataError(`${where} 的字段 ${f.key}：showIf 引用的字段 ${f.showIf.field} 不在同一层`)
    const allowed = target.options?.map((o) => o.value)
    for (const v of f.showIf.values) {
      if (target.kind === 'boolean' ? typeof v !== 'boolean' : !allowed?.includes(v as string)) {
        throw new FormDataError(`${where} 的字段 ${f.key}：showIf 的取值 ${String(v)} 不是字段 ${target.key} 的选项`)
      }
    }
  }
}

function applicantFields(audience: Audience, library: Library): FormField[] {
  const who = audience === 'business' ? '经办人' : '申请人'
  return ['applicantName', 'applicantIdNumber', 'applicantPhone'].map((key) => {
    const f = resolve(`@${key}`, library, '公共字段')
    return { ...f, label: f.label.replace('申请人', who) }
  })
}

/** The last question of every form: the resident confirms the item's own 受理条件 (listed in the hint). */
export function conditionsField(conditions: string[]): FormField {
  return {
    key: 'conditionsConfirmed',
    label: '本人确认符合受理条件，所填信息和所交材料真实有效',
    kind: 'boolean',
    required: true,
    hint: `受理条件：${conditions.map((c, i) => `${i + 1}. ${c}`).join('；')}`,
  }
}

export interface BuildInput {
  serviceCode: string
  audience: Audience
  conditions: string[]
  entries: unknown[]
  materials: ServiceForm['materials']
  /** Where the fields come from, for error messages: 'items/hrss.json 的 gz-hrss-ss-card-apply'. */
  where: string
}

export function buildForm(input: BuildInput, library: Library): ServiceForm {
  const own = input.entries.map((e) => resolve(e, library, input.where))
  const fields = [...applicantFields(input.audience, library), ...own, conditionsField(input.conditions)]
  checkLevel(fields, input.where, false)
  const body = { serviceCode: input.serviceCode, fields, materials: input.materials }
  return { serviceCode: body.serviceCode, version: shortHash(JSON.stringify(body)), fields, materials: body.materials }
}
