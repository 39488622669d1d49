// ComingSoon: the honest page for a feature that is not open yet — what it will do and what to do today.
import { View, Text } from '@tarojs/components'
import { goBack } from '@/utils/nav'
import './index.scss'

export interface ComingSoonProps {
  title: string
  description: string
  /** What a resident can do today instead. */
  meanwhile: string[]
}

export default function ComingSoon({ title, description, meanwhile }: ComingSoonProps) {
  return (
    <View className='os-coming-soon'>
      <Text className='os-coming-soon__title'>{title}</Text>
      <Text className='os-coming-soon__status'>该功能正在建设中，暂未开放</Text>
      <Text className='os-coming-soon__desc'>{description}</Text>
      {meanwhile.length > 0 && (
        <View className='os-coming-soon__meanwhile'>
          <Text className='os-coming-soon__label'>现在您可以：</Text>
          {meanwhile.map((line) => (
            <Text key={line} className='os-coming-soon__line'>
              · {line}
            </Text>
          ))}
        </View>
      )}
      <View id='coming-soon-back' className='os-coming-soon__back' hoverClass='os-coming-soon__back--pressed' onClick={goBack}>
        <Text>返回</Text>
      </View>
    </View>
  )
}
