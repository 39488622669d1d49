// What every field component of the form renderer receives.
import type { FormField, GroupItemField } from '@contract/forms'

export interface FieldProps<V = unknown> {
  /** Unique in the page: the field path with '[', ']' and '.' turned into '-'. */
  id: string
  field: FormField | GroupItemField
  value: V | undefined
  /** What is wrong with this answer, shown under it. */
  error?: string
  onChange: (value: unknown) => void
}

/** An element id from a field path: 'members[0].name' → 'form-members-0-name'. */
export function fieldId(path: string): string {
  return `form-${path.replace(/[[\].]+/g, '-').replace(/-$/, '')}`
}

/** The label with a mark for required answers (screen readers read 必填). */
export function labelOf(field: FormField | GroupItemField): string {
  return field.required ? field.label : `${field.label}（选填）`
}
