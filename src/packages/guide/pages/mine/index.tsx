// 我的收藏 / 最近浏览 (?tab=favourites|recent): kept on this device, and in the account when signed in (synced on open).
import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import Taro, { useLoad } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import PageState from '@/components/page-state'
import ServiceCard from '@/components/service-card'
import { useStores } from '@/stores'
import { guideUrl } from '@/routes'
import { openRoute } from '@/utils/nav'
import './index.scss'
import { withPage } from '@/components/page'

type Tab = 'favourites' | 'recent'
const TABS: { key: Tab; label: string }[] = [
  { key: 'favourites', label: '我的收藏' },
  { key: 'recent', label: '最近浏览' },
]

function MinePage() {
  const { saved, session } = useStores()
  const [tab, setTab] = useState<Tab>('favourites')

  useLoad((query: Record<string, string | undefined>) => {
    if (query.tab === 'recent') setTab('recent')
    void saved.sync()
  })

  const switchTo = (t: Tab) => {
    setTab(t)
    void Taro.setNavigationBarTitle({ title: t === 'recent' ? '最近浏览' : '我的收藏' }).catch(() => undefined)
  }
  const list = tab === 'favourites' ? saved.favourites : saved.recent

  return (
    <View className='os-mine'>
      <View className='os-mine__tabs' ariaRole='tablist'>
        {TABS.map((t) => (
          <View key={t.key} id={`mine-tab-${t.key}`} ariaRole='tab' className={`os-mine__tab${tab === t.key ? ' os-mine__tab--active' : ''}`} onClick={() => switchTo(t.key)}>
            <Text>{t.label}</Text>
          </View>
        ))}
      </View>
      <Text id='mine-sync-note' className='os-mine__note'>
        {!session.signedIn
          ? '保存在本机；登录后将同步到您的账号，换手机也能看到'
          : saved.syncStatus === 'failed'
            ? '暂时无法同步到账号，显示的是本机保存的内容，联网后会自动同步'
            : saved.syncStatus === 'loading'
              ? '正在与账号同步…'
              : '已同步到您的账号'}
      </Text>
      {list.length === 0 ? (
        <PageState kind='empty' message={tab === 'favourites' ? '还没有收藏的事项，在办事指南中点击“收藏”即可保存' : '还没有浏览过的事项'} />
      ) : (
        <View id={`mine-list-${tab}`} className='os-mine__list'>
          {list.map((s) => (
            <ServiceCard key={s.code} id={`mine-${s.code}`} name={s.name} department={s.department} onOpen={() => openRoute(guideUrl(s.code))} />
          ))}
        </View>
      )}
      {tab === 'recent' && list.length > 0 && (
        <View id='mine-clear-recent' className='os-mine__clear' ariaRole='button' onClick={() => saved.clearRecent()}>
          <Text>清空浏览记录</Text>
        </View>
      )}
    </View>
  )
}

export default withPage(observer(MinePage))
