// FormRenderer: the one renderer of application forms (ServiceForm from GET /api/services/:code/form). Controlled:
// the page (or its store) holds `value` and `errors`; every change comes back through onChange with the whole
// answer set, as typed. Prefill fields show the 实名 data masked and read-only; every error sits under its field.
import { useRef } from 'react'
import { View } from '@tarojs/components'
import type { FieldError, ServiceForm } from '@contract/forms'
import GroupInput from './fields/group-input'
import LeafField from './fields/leaf-field'
import PrefillField from './fields/prefill-field'
import { fieldId, labelOf } from './fields/types'
import { errorsByField, shownFields, type Answers, type ReadonlyPrefill } from './state'
import './index.scss'

export type { Answers, ReadonlyPrefill } from './state'

export interface FormRendererProps {
  form: ServiceForm
  value: Answers
  onChange: (value: Answers) => void
  /** From checkAnswers on the device or the server's answer; all shown at once. */
  errors?: readonly FieldError[]
  /** The applicant's 实名 data for the prefill fields (masked when shown). */
  readonlyPrefill?: ReadonlyPrefill
}

export default function FormRenderer({ form, value, onChange, errors, readonlyPrefill }: FormRendererProps) {
  const byField = errorsByField(errors)
  // The answers as last sent: two changes before the page renders again (fast taps, an input and a tap) both count.
  const latest = useRef(value)
  latest.current = value
  const update = (change: (prev: Answers) => Answers) => {
    latest.current = change(latest.current)
    onChange(latest.current)
  }
  return (
    <View className='os-form'>
      {shownFields(form.fields, value).map((f) => {
        if (f.prefill) return <PrefillField key={f.key} id={fieldId(f.key)} label={labelOf(f)} prefill={f.prefill} data={readonlyPrefill} />
        if (f.kind === 'group') return <GroupInput key={f.key} field={f} answers={value} errors={byField} update={update} />
        return <LeafField key={f.key} id={fieldId(f.key)} field={f} value={value[f.key]} error={byField[f.key]} onChange={(v) => update((prev) => ({ ...prev, [f.key]: v }))} />
      })}
    </View>
  )
}
