// The frame of every 在线办 page: the page's heading (the same words as its title bar) above its content.
import { View, Text } from '@tarojs/components'

export default function Shell({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <View className='os-apply'>
      <Text className='os-apply__heading'>{title}</Text>
      {children}
    </View>
  )
}
