// One labelled fact of a work order on 工单详情 (类型, 提交时间, 办结时限 …); `alert` shows it in the warning colour.
import { View, Text } from '@tarojs/components'

export default function Fact({ label, value, alert = false, id }: { label: string; value: string; alert?: boolean; id?: string }) {
  return (
    <View className='os-bench__fact'>
      <Text className='os-bench__fact-key'>{label}</Text>
      <Text id={id} className={`os-bench__fact-value${alert ? ' os-bench__fact-value--alert' : ''}`}>
        {value}
      </Text>
    </View>
  )
}
