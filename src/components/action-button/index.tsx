// ActionButton: a full-width tappable action (primary, secondary or danger) that shows when it is busy.
import { View, Text } from '@tarojs/components'
import './index.scss'

export interface ActionButtonProps {
  id?: string
  text: string
  tone?: 'primary' | 'secondary' | 'danger'
  /** Shown instead of `text` while busy; taps are ignored meanwhile. */
  busyText?: string
  busy?: boolean
  disabled?: boolean
  onTap: () => void
}

export default function ActionButton({ id, text, tone = 'primary', busyText, busy = false, disabled = false, onTap }: ActionButtonProps) {
  const inactive = busy || disabled
  return (
    <View
      id={id}
      className={`os-action-button os-action-button--${tone}${inactive ? ' os-action-button--inactive' : ''}`}
      hoverClass={inactive ? 'none' : 'os-action-button--pressed'}
      ariaRole='button'
      aria-disabled={inactive ? 'true' : 'false'}
      onClick={() => {
        if (!inactive) onTap()
      }}
    >
      <Text>{busy ? (busyText ?? '请稍候…') : text}</Text>
    </View>
  )
}
