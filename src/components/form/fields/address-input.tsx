// address answers: the district (one of Guangzhou's 11, from a picker), the street (街道/镇) and the detail.
import { Input, Picker, Text, View } from '@tarojs/components'
import type { AddressValue } from '@contract/forms'
import { GZ_DISTRICTS } from '@domain/districts'
import Feedback from './feedback'
import { labelOf, type FieldProps } from './types'

const DISTRICTS = GZ_DISTRICTS.map((d) => d.name)

export default function AddressInput({ id, field, value, error, onChange }: FieldProps) {
  const v: AddressValue = { district: '', street: '', detail: '', ...(value && typeof value === 'object' ? (value as Partial<AddressValue>) : {}) }
  const set = (part: keyof AddressValue, text: string) => onChange({ ...v, [part]: text })
  const label = labelOf(field)
  const bad = error ? ' os-form__input--error' : ''
  return (
    <View className='os-form__field' ariaRole='group' ariaLabel={label}>
      <Text className='os-form__label'>{label}</Text>
      <Picker mode='selector' range={DISTRICTS} value={Math.max(DISTRICTS.indexOf(v.district), 0)} onChange={(e) => set('district', DISTRICTS[Number(e.detail.value)] ?? '')}>
        <View id={`${id}-district`} className={`os-form__input os-form__picker${bad}`} ariaRole='button' ariaLabel={`${label}所在区：${v.district || '广州市 · 请选择区'}`}>
          <Text className={v.district ? '' : 'os-form__placeholder'}>{v.district || '广州市 · 请选择区'}</Text>
        </View>
      </Picker>
      <Input id={`${id}-street`} className={`os-form__input os-form__input--gap${bad}`} value={v.street} maxlength={40} placeholder='街道（镇）' placeholderClass='os-form__placeholder' ariaLabel={`${label}街道（镇）`} onInput={(e) => set('street', String(e.detail.value ?? ''))} />
      <Input id={`${id}-detail`} className={`os-form__input os-form__input--gap${bad}`} value={v.detail} maxlength={100} placeholder='路名、门牌、楼栋、房号' placeholderClass='os-form__placeholder' ariaLabel={`${label}详细地址`} onInput={(e) => set('detail', String(e.detail.value ?? ''))} />
      <Feedback id={id} error={error} hint={field.hint} />
    </View>
  )
}
