// ToggleRow: an on/off choice as one full-width row — what it means on the left, a switch on the right.
import { View, Text } from '@tarojs/components'
import './index.scss'

export interface ToggleRowProps {
  id: string
  title: string
  /** What switching it on means, in a sentence. */
  description?: string
  checked: boolean
  onChange: (checked: boolean) => void
}

export default function ToggleRow({ id, title, description, checked, onChange }: ToggleRowProps) {
  return (
    <View
      id={id}
      className='os-toggle-row'
      hoverClass='os-toggle-row--pressed'
      ariaRole='switch'
      aria-checked={checked ? 'true' : 'false'}
      ariaLabel={description ? `${title} ${description}` : title}
      onClick={() => onChange(!checked)}
    >
      <View className='os-toggle-row__text'>
        <Text className='os-toggle-row__title'>{title}</Text>
        {description && <Text className='os-toggle-row__desc'>{description}</Text>}
      </View>
      <View className={`os-toggle-row__switch${checked ? ' os-toggle-row__switch--on' : ''}`}>
        <View className='os-toggle-row__knob' />
      </View>
      <Text className='os-toggle-row__state' aria-hidden='true'>{checked ? '开' : '关'}</Text>
    </View>
  )
}
