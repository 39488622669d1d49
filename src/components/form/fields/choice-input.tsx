// choice and multi answers: large chips (one, or several with multi); a long list of single choices opens a picker.
import { Picker, Text, View } from '@tarojs/components'
import Feedback from './feedback'
import { labelOf, type FieldProps } from './types'

/** More options than this and a single choice becomes a picker. */
const CHIPS_MAX = 8

export default function ChoiceInput({ id, field, value, error, onChange }: FieldProps) {
  const options = field.options ?? []
  const multi = field.kind === 'multi'
  const picked = multi ? (Array.isArray(value) ? (value as string[]) : []) : typeof value === 'string' ? [value] : []
  const label = labelOf(field)
  const toggle = (v: string) => {
    if (!multi) return onChange(v)
    onChange(picked.includes(v) ? picked.filter((p) => p !== v) : [...picked, v])
  }
  if (!multi && options.length > CHIPS_MAX) {
    const index = options.findIndex((o) => o.value === picked[0])
    const shown = index >= 0 ? options[index].label : ''
    return (
      <View className='os-form__field'>
        <Text className='os-form__label'>{label}</Text>
        <Picker mode='selector' range={options.map((o) => o.label)} value={Math.max(index, 0)} onChange={(e) => onChange(options[Number(e.detail.value)]?.value)}>
          <View id={id} className={`os-form__input os-form__picker${error ? ' os-form__input--error' : ''}`} ariaRole='button' ariaLabel={`${label}：${shown || '请选择'}`}>
            <Text className={shown ? '' : 'os-form__placeholder'}>{shown || '请选择'}</Text>
          </View>
        </Picker>
        <Feedback id={id} error={error} hint={field.hint} />
      </View>
    )
  }
  return (
    <View className='os-form__field'>
      <Text className='os-form__label'>{multi ? `${label}（可多选）` : label}</Text>
      <View id={id} className='os-form__chips' ariaRole='group' ariaLabel={label}>
        {options.map((o, i) => {
          const on = picked.includes(o.value)
          return (
            <View
              key={o.value}
              id={`${id}-${i}`}
              className={`os-form__chip${on ? ' os-form__chip--on' : ''}${error ? ' os-form__chip--error' : ''}`}
              ariaRole='button'
              ariaLabel={on ? `${o.label}（已选）` : o.label}
              onClick={() => toggle(o.value)}
            >
              <Text>{o.label}</Text>
            </View>
          )
        })}
      </View>
      <Feedback id={id} error={error} hint={field.hint} />
    </View>
  )
}
