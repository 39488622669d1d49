// text, textarea, number, phone and idcard answers: one input (or text area) with the right keyboard.
import { Input, Text, Textarea, View } from '@tarojs/components'
import Feedback from './feedback'
import { labelOf, type FieldProps } from './types'

const KEYBOARD = { text: 'text', textarea: 'text', number: 'digit', phone: 'number', idcard: 'idcard' } as const

export default function TextInput({ id, field, value, error, onChange }: FieldProps) {
  const text = value === undefined || value === null ? '' : String(value)
  const label = labelOf(field)
  const className = `os-form__input${field.kind === 'textarea' ? ' os-form__input--area' : ''}${error ? ' os-form__input--error' : ''}`
  const max = field.maxLength ?? (field.kind === 'textarea' ? 2000 : field.kind === 'idcard' ? 18 : field.kind === 'phone' ? 13 : 100)
  return (
    <View className='os-form__field'>
      <Text className='os-form__label'>{field.unit ? `${label}（${field.unit}）` : label}</Text>
      {field.kind === 'textarea' ? (
        <Textarea id={id} className={className} value={text} maxlength={max} ariaLabel={label} onInput={(e) => onChange(String(e.detail.value ?? ''))} />
      ) : (
        <Input
          id={id}
          className={className}
          value={text}
          type={KEYBOARD[field.kind as keyof typeof KEYBOARD] ?? 'text'}
          maxlength={max}
          ariaLabel={label}
          onInput={(e) => onChange(String(e.detail.value ?? ''))}
        />
      )}
      <Feedback id={id} error={error} hint={field.hint} />
    </View>
  )
}
