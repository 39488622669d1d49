// date answers: the platform's date picker, the value as YYYY-MM-DD.
import { Picker, Text, View } from '@tarojs/components'
import Feedback from './feedback'
import { labelOf, type FieldProps } from './types'

const bound = (b: string | undefined, today: string) => (b === 'today' ? today : b)

export default function DateInput({ id, field, value, error, onChange }: FieldProps) {
  const text = typeof value === 'string' ? value : ''
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
  const label = labelOf(field)
  return (
    <View className='os-form__field'>
      <Text className='os-form__label'>{label}</Text>
      <Picker mode='date' value={text || today} start={bound(field.minDate, today) ?? '1900-01-01'} end={bound(field.maxDate, today) ?? '2100-12-31'} onChange={(e) => onChange(String(e.detail.value))}>
        <View id={id} className={`os-form__input os-form__picker${error ? ' os-form__input--error' : ''}`} ariaRole='button' ariaLabel={`${label}：${text || '请选择日期'}`}>
          <Text className={text ? '' : 'os-form__placeholder'}>{text || '请选择日期'}</Text>
        </View>
      </Picker>
      <Feedback id={id} error={error} hint={field.hint} />
    </View>
  )
}
