// boolean answers: one full-width row with a check box (a 承诺 to tick, or a yes/no).
import { Text, View } from '@tarojs/components'
import Feedback from './feedback'
import { labelOf, type FieldProps } from './types'

export default function BooleanInput({ id, field, value, error, onChange }: FieldProps) {
  const on = value === true
  const label = field.required ? field.label : labelOf(field)
  return (
    <View className='os-form__field'>
      <View id={id} className={`os-form__check${error ? ' os-form__check--error' : ''}`} ariaRole='button' ariaLabel={`${label}：${on ? '已勾选' : '未勾选'}`} onClick={() => onChange(!on)}>
        <View className={`os-form__box${on ? ' os-form__box--on' : ''}`}>
          {on && <View className='os-form__tick' />}
        </View>
        <Text className='os-form__check-text'>{label}</Text>
      </View>
      <Feedback id={id} error={error} hint={field.hint} />
    </View>
  )
}
