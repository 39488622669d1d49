// Offline: a page opened without the network shows 网络已断开, what still works on this device and 重试 instead of a
// blank page; a page already shown (or one that works offline) keeps its content under a banner while offline.
import { View, Text } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import { useState, type PropsWithChildren } from 'react'
import { ROUTES } from '@/routes'
import { openRoute } from '@/utils/nav'
import { network } from './network'
import './index.scss'

/**
 * Pages that work from what the device holds: the tabs, 我的收藏/最近浏览 and 办事指南 (saved copies of the guides opened
 * before), the 12345 form (its draft is kept on the device), 一码通城 (pre-signed offline codes), the privacy text.
 */
const WORKS_OFFLINE: readonly string[] = [
  ROUTES.home,
  ROUTES.catalog,
  ROUTES.me,
  ROUTES.saved,
  ROUTES.guide,
  ROUTES.requests,
  ROUTES.citycode,
  ROUTES.privacy,
  ROUTES.notFound,
]

/** What still works, said only where the code makes it true (see WORKS_OFFLINE). */
const STILL_WORKS: readonly { id: string; text: string; route: string }[] = [
  { id: 'offline-saved', text: '已收藏的办事指南和最近浏览（看过的指南保存在本机）', route: ROUTES.saved },
  { id: 'offline-draft', text: '已保存的 12345 诉求草稿（保存在本机，联网后可提交）', route: ROUTES.requests },
  { id: 'offline-citycode', text: '一码通城离线码（登录后联网打开过一次即可离线使用）', route: ROUTES.citycode },
]

export function OfflineBanner() {
  return (
    <View id='offline-banner' className='os-offline-banner' ariaRole='status'>
      <Text>网络已断开，当前显示的可能不是最新内容</Text>
    </View>
  )
}

export function OfflineState({ onRetry, stillOffline }: { onRetry: () => void; stillOffline: boolean }) {
  return (
    <View id='offline-state' className='os-offline' ariaRole='alert'>
      <Text className='os-offline__title'>网络已断开</Text>
      <Text className='os-offline__text'>这个页面需要联网才能打开。请检查网络后点“重试”。</Text>
      <Text className='os-offline__subtitle'>没有网络时仍可使用：</Text>
      {STILL_WORKS.map((w) => (
        <View key={w.id} id={w.id} className='os-offline__link' hoverClass='os-offline__link--pressed' ariaRole='link' onClick={() => openRoute(w.route)}>
          <Text>{w.text}</Text>
        </View>
      ))}
      {stillOffline && <Text id='offline-still' className='os-offline__still'>仍未连接网络，请稍后再试</Text>}
      <View id='offline-retry' className='os-offline__retry' hoverClass='os-offline__retry--pressed' ariaRole='button' onClick={onRetry}>
        <Text>重试</Text>
      </View>
    </View>
  )
}

/**
 * Wraps a page's content (mounted by <Page>): opened offline, a page that needs the network is not mounted (its
 * requests would only fail) and the offline state shows instead until 重试 finds the network and opens the page
 * again (the banner alone follows the network by itself).
 */
export const OfflineGate = observer(function OfflineGate({ path, children }: PropsWithChildren<{ path: string }>) {
  network.install()
  const router = useRouter()
  const [blocked, setBlocked] = useState(() => !network.online && !WORKS_OFFLINE.includes(path))
  const [stillOffline, setStillOffline] = useState(false)

  if (blocked) {
    const retry = () => {
      void network.check().then((online) => {
        setStillOffline(!online)
        if (!online) return
        // Opened again, so that the page's own onLoad/onShow (which ran while it was held back) load its data.
        const query = Object.entries(router.params)
          .filter(([k, v]) => v !== undefined && v !== '' && !k.startsWith('$taro') && k !== 'stamp')
          .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
          .join('&')
        Taro.redirectTo({ url: query ? `${path}?${query}` : path }).catch(() => setBlocked(false))
      })
    }
    return <OfflineState onRetry={retry} stillOffline={stillOffline} />
  }
  return (
    <>
      {!network.online && <OfflineBanner />}
      {children}
    </>
  )
})

export default OfflineGate
