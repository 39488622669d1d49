// The form renderer's state, kept pure (no Taro) so a page, a store and the unit test share it: answers as the
// resident typed them, the fields shown, errors by field, group entries added and removed, and the check before
// submitting with the same validateAnswers the server runs (the typed answers are never thrown away).
import type { FieldError, FormField, GroupItemField, Prefill, ServiceForm } from '@contract/forms'
import { isFieldShown, validateAnswers } from '@domain/forms'
import { maskIdNumber, maskName, maskPhone } from '@domain/mask'

export type Answers = Record<string, unknown>

/** The applicant's 实名 data shown (masked, read-only) in prefill fields. */
export interface ReadonlyPrefill {
  name?: string
  idNumber?: string
  phone?: string
}

/** A first answer set: saved answers kept, every multi an empty list, every required group with its first entries. */
export function initialAnswers(form: ServiceForm, saved: Answers = {}): Answers {
  const out: Answers = {}
  for (const f of form.fields) {
    if (f.prefill) continue
    if (saved[f.key] !== undefined) out[f.key] = saved[f.key]
    else if (f.kind === 'group') out[f.key] = Array.from({ length: f.minItems ?? (f.required ? 1 : 0) }, () => ({}))
  }
  return out
}

/** The fields shown at one level given its answers (showIf). */
export function shownFields<F extends FormField | GroupItemField>(fields: readonly F[], answers: Answers): F[] {
  return fields.filter((f) => isFieldShown(f, answers))
}

export function setAnswer(answers: Answers, key: string, value: unknown): Answers {
  return { ...answers, [key]: value }
}

function entries(answers: Answers, groupKey: string): Answers[] {
  const v = answers[groupKey]
  return Array.isArray(v) ? (v as Answers[]) : []
}

export function setGroupAnswer(answers: Answers, groupKey: string, index: number, key: string, value: unknown): Answers {
  const list = entries(answers, groupKey).slice()
  list[index] = { ...(list[index] ?? {}), [key]: value }
  return { ...answers, [groupKey]: list }
}

/** One more empty entry, unless the group is full. */
export function addGroupItem(answers: Answers, field: FormField): Answers {
  const list = entries(answers, field.key)
  if (field.maxItems !== undefined && list.length >= field.maxItems) return answers
  return { ...answers, [field.key]: [...list, {}] }
}

/** Removes an entry, unless that would leave fewer than the group needs. */
export function removeGroupItem(answers: Answers, field: FormField, index: number): Answers {
  const list = entries(answers, field.key)
  const min = field.minItems ?? (field.required ? 1 : 0)
  if (list.length <= min) return answers
  return { ...answers, [field.key]: list.filter((_, i) => i !== index) }
}

/** Errors keyed by field path ('key' or 'group[i].key'); the first message per path. */
export function errorsByField(errors: readonly FieldError[] | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  for (const e of errors ?? []) if (!(e.field in out)) out[e.field] = e.message
  return out
}

/** What a prefill field shows: the 实名 value masked, or a line saying where it will come from. */
export function prefillText(prefill: Prefill, data: ReadonlyPrefill | undefined): string {
  if (prefill === 'realname.name') return data?.name ? maskName(data.name) : '取自实名认证'
  if (prefill === 'realname.idNumber') return data?.idNumber ? maskIdNumber(data.idNumber) : '取自实名认证'
  return data?.phone ? maskPhone(data.phone) : '取自实名认证'
}

/** The check before submitting: the same rules as the server; the answers stay as typed either way. */
export function checkAnswers(form: ServiceForm, answers: Answers, today?: Date): FieldError[] {
  const r = validateAnswers(form, answers, { today })
  return r.ok ? [] : r.errors
}

/** Errors that remain once a field changes: the changed path's (and its children's) error is cleared. */
export function clearError(errors: readonly FieldError[], path: string): FieldError[] {
  return errors.filter((e) => e.field !== path && !e.field.startsWith(`${path}[`) && !e.field.startsWith(`${path}.`))
}
