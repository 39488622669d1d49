// A field filled from 实名认证: shown read-only and masked, never typed.
import { Text, View } from '@tarojs/components'
import type { Prefill } from '@contract/forms'
import { prefillText, type ReadonlyPrefill } from '../state'

export default function PrefillField({ id, label, prefill, data }: { id: string; label: string; prefill: Prefill; data?: ReadonlyPrefill }) {
  const text = prefillText(prefill, data)
  return (
    <View className='os-form__field'>
      <Text className='os-form__label'>{label}</Text>
      <View id={id} className='os-form__readonly' ariaLabel={`${label}：${text}，取自实名认证，不可修改`}>
        <Text>{text}</Text>
        <Text className='os-form__badge'>实名</Text>
      </View>
    </View>
  )
}
