// Home: who we are, a way into search (opens the 办事 tab with its search field focused), and the entry grid for every feature.
import { View, Text } from '@tarojs/components'
import { useStores } from '@/stores'
import EntryGrid from '@/components/entry-grid'
import { HOME_FEATURES } from '@/features'
import { openRoute } from '@/utils/nav'
import { ROUTES } from '@/routes'
import './index.scss'
import { withPage } from '@/components/page'

function HomePage() {
  const { search } = useStores()
  return (
    <View className='os-home'>
      <View className='os-home__hero'>
        <Text className='os-home__title'>一站办</Text>
        <Text className='os-home__subtitle'>广州市民的政务服务，一站办理</Text>
        <View id='home-search' className='os-home__search' hoverClass='os-home__search--pressed' onClick={() => {
            search.requestFocus()
            openRoute(ROUTES.catalog)
          }}>
          <Text className='os-home__search-text'>搜索办事事项，如“身份证丢了”</Text>
        </View>
      </View>
      <View className='os-home__section'>
        <Text className='os-home__section-title'>常用服务</Text>
        <EntryGrid items={HOME_FEATURES} onOpen={(f) => openRoute(f.url)} />
      </View>
      <View className='os-home__hotline'>
        <Text className='os-home__hotline-text'>遇到问题？拨打 12345 政府服务便民热线，24 小时有人接听。</Text>
      </View>
    </View>
  )
}

export default withPage(HomePage)
