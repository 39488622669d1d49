// Home, the resident's hub: search, the entry grid, 我的待办 (or a sign-in prompt), 热门服务, 一件事, 最近浏览 and
// 通知公告. In 长辈版 (the care class <Page> puts on the root) a simpler home: five big entries and the switch.
import { View, Text } from '@tarojs/components'
import { useDidShow } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import CareModeSwitch from '@/components/care-mode-switch'
import EntryGrid from '@/components/entry-grid'
import { withPage } from '@/components/page'
import { HOME_FEATURES, type Feature } from '@/features'
import { careMode } from '@/platform/care-mode'
import { ROUTES } from '@/routes'
import { useStores } from '@/stores'
import { openRoute } from '@/utils/nav'
import { Bundles, HotServices, Notices, Recent } from './sections'
import TodoSection from './todo-section'
import './index.scss'

/** 长辈版: fewer, bigger entries — 办事, 预约, 12345, 一码通城, 子女代办. */
const CARE_FEATURES: Feature[] = [
  { key: 'guide', title: '办事', glyph: '', url: ROUTES.catalog, status: 'ready', tone: 'blue' },
  { key: 'appointment', title: '预约', glyph: '', url: ROUTES.appointments, status: 'ready', tone: 'green' },
  { key: 'request', title: '12345', glyph: '', url: ROUTES.requests, status: 'ready', tone: 'orange' },
  { key: 'citycode', title: '一码通城', glyph: '', url: ROUTES.citycode, status: 'ready', tone: 'teal' },
  { key: 'family', title: '子女代办', glyph: '', url: ROUTES.printedCodes, status: 'ready', tone: 'purple' },
]

function HomePage() {
  const { search, browse, home } = useStores()
  useDidShow(() => {
    void home.load()
    void browse.load()
  })
  const care = careMode.on
  return (
    <View className='os-home'>
      <View className='os-home__hero'>
        <Text className='os-home__title'>一站办</Text>
        <Text className='os-home__subtitle'>广州市民的政务服务，一站办理</Text>
        <View
          id='home-search'
          className='os-home__search'
          hoverClass='os-home__search--pressed'
          ariaRole='button'
          onClick={() => {
            search.requestFocus()
            openRoute(ROUTES.catalog)
          }}
        >
          <Text className='os-home__search-text'>搜索办事事项，如“身份证丢了”</Text>
        </View>
      </View>
      <View className='os-home__entries'>
        <EntryGrid items={care ? CARE_FEATURES : HOME_FEATURES} large={care} onOpen={(f) => openRoute(f.url)} />
      </View>
      <View className='os-home__section' id='home-todo-section' ariaRole='region' ariaLabel='我的待办'>
        <Text className='os-home__section-title'>我的待办</Text>
        <TodoSection />
      </View>
      {!care && <HotServices />}
      {!care && <Bundles />}
      {!care && <Recent />}
      <Notices />
      <View className='os-home__section'>
        <CareModeSwitch id='home-care-switch' />
      </View>
      <View className='os-home__hotline'>
        <Text className='os-home__hotline-text'>遇到问题？拨打 12345 政府服务便民热线，24 小时有人接听。</Text>
      </View>
    </View>
  )
}

export default withPage(observer(HomePage))
