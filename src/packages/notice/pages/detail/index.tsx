// 通知公告 detail (?id=): the notice's title, when it was published and its full text; a notice withdrawn or out of
// its period says so, with 重试 for a network failure.
import { View, Text } from '@tarojs/components'
import { useDidShow, useRouter } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import { withPage } from '@/components/page'
import PageState from '@/components/page-state'
import { useStores } from '@/stores'
import './index.scss'

/** 2026年12月1日 in Guangzhou time. */
function ymd(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3_600_000)
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`
}

function NoticeDetail() {
  const id = useRouter().params.id ?? ''
  const { home } = useStores()
  useDidShow(() => {
    if (id) void home.loadNotice(id)
  })
  if (!id) return <PageState kind='empty' message='没有指定公告' />
  const n = home.notice
  if (home.noticeStatus === 'failed') return <PageState kind='error' message={home.noticeError} onRetry={() => void home.loadNotice(id)} />
  if (!n || n.id !== id) return <PageState kind='loading' />
  return (
    <View className='os-notice' id='notice-detail'>
      <Text className='os-notice__title'>{n.title}</Text>
      <Text className='os-notice__meta'>{`发布于 ${ymd(n.publishedAt)}${n.endsAt ? ` · 有效至 ${ymd(n.endsAt)}` : ''}`}</Text>
      <Text className='os-notice__body' userSelect>{n.body}</Text>
    </View>
  )
}

export default withPage(observer(NoticeDetail))
