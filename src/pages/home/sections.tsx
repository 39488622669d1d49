// The home page's lists below the entries: 热门服务, 一件事, 最近浏览 (this device) and 通知公告. Each hides when it has
// nothing, and 通知公告 shows its own failure with 重试.
import { View, Text, Image } from '@tarojs/components'
import { observer } from 'mobx-react-lite'
import chevron from '@/assets/icons/chevron-right-blue.svg'
import speaker from '@/assets/icons/speakerphone-blue.svg'
import PageState from '@/components/page-state'
import { ROUTES, bundleUrl, guideUrl, routeUrl } from '@/routes'
import { useStores } from '@/stores'
import { openRoute } from '@/utils/nav'

const HOT = 6
const BUNDLES = 4
const RECENT = 5

function Row({ id, title, note, onOpen }: { id: string; title: string; note?: string; onOpen: () => void }) {
  return (
    <View id={id} className='os-home__row' hoverClass='os-home__row--pressed' ariaRole='button' onClick={onOpen}>
      <View className='os-home__row-body'>
        <Text className='os-home__row-title'>{title}</Text>
        {note && <Text className='os-home__row-note'>{note}</Text>}
      </View>
      <Image className='os-home__chevron' src={chevron} mode='aspectFit' nativeProps={{ alt: '' }} />
    </View>
  )
}

function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <View className='os-home__section' id={id} ariaRole='region' ariaLabel={title}>
      <Text className='os-home__section-title'>{title}</Text>
      {children}
    </View>
  )
}

export const HotServices = observer(function HotServices() {
  const { browse } = useStores()
  const hot = browse.hot.slice(0, HOT)
  if (hot.length === 0) return null
  return (
    <Section id='home-hot' title='热门服务'>
      <View className='os-home__chips'>
        {hot.map((s) => (
          <View key={s.code} id={`hot-${s.code}`} className='os-home__chip' hoverClass='os-home__chip--pressed' ariaRole='button' onClick={() => openRoute(guideUrl(s.code))}>
            <Text>{s.name}</Text>
          </View>
        ))}
      </View>
    </Section>
  )
})

export const Bundles = observer(function Bundles() {
  const { browse } = useStores()
  const bundles = browse.bundleList.slice(0, BUNDLES)
  if (bundles.length === 0) return null
  return (
    <Section id='home-bundles' title='一件事 · 一次办'>
      <View className='os-home__list'>
        {bundles.map((b) => (
          <Row key={b.code} id={`home-bundle-${b.code}`} title={b.name} note={`${b.items.length} 个事项一次申请`} onOpen={() => openRoute(bundleUrl(b.code))} />
        ))}
      </View>
    </Section>
  )
})

export const Recent = observer(function Recent() {
  const { saved } = useStores()
  const recent = saved.recent.slice(0, RECENT)
  if (recent.length === 0) return null
  return (
    <Section id='home-recent' title='最近浏览'>
      <View className='os-home__list'>
        {recent.map((s) => (
          <Row key={s.code} id={`recent-${s.code}`} title={s.name} note={s.department} onOpen={() => openRoute(guideUrl(s.code))} />
        ))}
      </View>
    </Section>
  )
})

export const Notices = observer(function Notices() {
  const { home } = useStores()
  return (
    <Section id='home-notices' title='通知公告'>
      {home.noticesStatus === 'failed' && <PageState kind='error' message={`公告加载失败：${home.noticesError}`} onRetry={() => void home.loadNotices()} />}
      {(home.noticesStatus === 'loading' || home.noticesStatus === 'idle') && <PageState kind='loading' message='正在加载公告…' />}
      {home.noticesStatus === 'ready' && home.notices.length === 0 && <PageState kind='empty' message='暂无公告' />}
      {home.noticesStatus === 'ready' && home.notices.length > 0 && (
        <View className='os-home__list'>
          {home.notices.map((n) => (
            <View key={n.id} id={`notice-${n.id}`} className='os-home__row' hoverClass='os-home__row--pressed' ariaRole='button' onClick={() => openRoute(routeUrl(ROUTES.announcement, { id: n.id }))}>
              <Image className='os-home__row-icon' src={speaker} mode='aspectFit' nativeProps={{ alt: '' }} />
              <View className='os-home__row-body'>
                <Text className='os-home__row-title'>{n.title}</Text>
              </View>
            </View>
          ))}
        </View>
      )}
    </Section>
  )
})
