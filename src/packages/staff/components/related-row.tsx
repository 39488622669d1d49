// One related or likely-duplicate request in 工单详情's side panel: number, status, summary, how similar and why;
// with `onMerge`, a 并案 button that opens the merge form with this request as its target.
import { View, Text } from '@tarojs/components'
import type { RelatedRequest } from '@contract/similar'
import StatusTag from '@/components/status-tag'
import { distanceText } from '@/utils/request-format'

export default function RelatedRow({ item, onMerge }: { item: RelatedRequest; onMerge?: () => void }) {
  return (
    <View className='os-bench__related'>
      <View className='os-bench__row os-bench__row--between'>
        <Text className='os-bench__number'>{item.number}</Text>
        <StatusTag status={item.status} label={item.statusLabel} />
      </View>
      <Text className='os-bench__item-text'>{item.summary}</Text>
      <Text className='os-bench__hint'>
        相似度 {Math.round(item.score * 100)}%{item.distanceMeters !== undefined ? ` · ${distanceText(item.distanceMeters)}` : ''}
        {item.department ? ` · ${item.department.name}` : ''}
        {item.sharedEntities.length ? ` · 共同涉及：${item.sharedEntities.join('、')}` : ''}
      </Text>
      {onMerge && (
        <View id={`bench-merge-${item.number}`} className='os-bench__small-button' hoverClass='os-bench__pressed' ariaRole='button' onClick={onMerge}>
          <Text>并案</Text>
        </View>
      )}
    </View>
  )
}
