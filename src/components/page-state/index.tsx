// PageState: loading, failure (with the reason and a retry) and empty states, worded for a person.
import { View, Text } from '@tarojs/components'
import './index.scss'

export interface PageStateProps {
  kind: 'loading' | 'error' | 'empty'
  message?: string
  onRetry?: () => void
}

const DEFAULT_TEXT: Record<PageStateProps['kind'], string> = {
  loading: '正在加载…',
  error: '加载失败，请稍后重试',
  empty: '暂无内容',
}

export default function PageState({ kind, message, onRetry }: PageStateProps) {
  return (
    <View className={`os-page-state os-page-state--${kind}`} ariaRole={kind === 'error' ? 'alert' : undefined}>
      <Text className='os-page-state__text'>{message ?? DEFAULT_TEXT[kind]}</Text>
      {kind === 'error' && onRetry && (
        <View className='os-page-state__retry' hoverClass='os-page-state__retry--pressed' ariaRole='button' onClick={onRetry}>
          <Text>重试</Text>
        </View>
      )}
    </View>
  )
}
