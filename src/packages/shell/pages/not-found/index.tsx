// 页面不存在: where an unknown address lands (a mistyped or outdated link; Taro.onPageNotFound redirects here),
// with a way home and to 办事.
import { View, Text } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { withPage } from '@/components/page'
import { ROUTES } from '@/routes'
import './index.scss'

function NotFoundPage() {
  return (
    <View className='os-not-found'>
      <Text id='not-found-title' className='os-not-found__title'>页面不存在</Text>
      <Text className='os-not-found__text'>您打开的链接可能有误或已过期。可以回到首页，或在办事中搜索您要办的事。</Text>
      <View id='not-found-home' className='os-not-found__primary' hoverClass='os-not-found__primary--pressed' ariaRole='button' onClick={() => void Taro.switchTab({ url: ROUTES.home })}>
        <Text>回到首页</Text>
      </View>
      <View id='not-found-catalog' className='os-not-found__secondary' hoverClass='os-not-found__secondary--pressed' ariaRole='button' onClick={() => void Taro.switchTab({ url: ROUTES.catalog })}>
        <Text>去办事</Text>
      </View>
    </View>
  )
}

export default withPage(NotFoundPage)
