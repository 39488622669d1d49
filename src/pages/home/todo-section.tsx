// 我的待办 on the home page: signed out, a prompt to sign in; signed in, loading / failed (重试) / empty / the items,
// each opening its page (appointment, rating, request, 办件).
import { View, Text, Image } from '@tarojs/components'
import { observer } from 'mobx-react-lite'
import type { TodoItem } from '@contract/home'
import calendar from '@/assets/icons/calendar-time-blue.svg'
import fileAlert from '@/assets/icons/file-alert-blue.svg'
import qrcode from '@/assets/icons/qrcode-blue.svg'
import star from '@/assets/icons/star-blue.svg'
import PageState from '@/components/page-state'
import { ROUTES, routeUrl } from '@/routes'
import { useStores } from '@/stores'
import { openRoute } from '@/utils/nav'

const ICON: Record<TodoItem['kind'], string> = { appointment: calendar, 'rate-visit': star, 'rate-request': star, 'correct-application': fileAlert, 'printed-code': qrcode, 'rate-application': star }
const WHEN_PREFIX: Record<TodoItem['kind'], string> = { appointment: '', 'rate-visit': '评价截止 ', 'rate-request': '评价截止 ', 'correct-application': '提交于 ', 'printed-code': '到期 ', 'rate-application': '评价截止 ' }

/** 12月8日 09:00 in Guangzhou time, whatever the device's zone. */
export function localWhen(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3_600_000)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
}

function TodoSection() {
  const { session, home } = useStores()
  if (!session.signedIn) {
    return (
      <View className='os-home__card' id='home-todo-signin'>
        <Text className='os-home__card-text'>登录后在这里查看您的预约、待评价和待补正事项。</Text>
        <View id='home-signin' className='os-home__button' hoverClass='os-home__button--pressed' ariaRole='button' onClick={() => openRoute(ROUTES.login)}>
          <Text>登录 / 注册</Text>
        </View>
      </View>
    )
  }
  if (home.todoStatus === 'failed') return <PageState kind='error' message={`待办加载失败：${home.todoError}`} onRetry={() => void home.loadTodo()} />
  if (home.todoStatus !== 'ready') return <PageState kind='loading' message='正在加载待办…' />
  if (home.todo.length === 0) return <PageState kind='empty' message='暂无待办，办事进度会显示在这里' />
  return (
    <View className='os-home__list' id='home-todo'>
      {home.todo.map((item) => (
        <View
          key={`${item.kind}-${item.id}`}
          id={`todo-${item.kind}-${item.id}`}
          className='os-home__row'
          hoverClass='os-home__row--pressed'
          ariaRole='button'
          onClick={() => openRoute(routeUrl(ROUTES[item.page], { id: item.id }))}
        >
          <Image className='os-home__row-icon' src={ICON[item.kind]} mode='aspectFit' nativeProps={{ alt: '' }} />
          <View className='os-home__row-body'>
            <Text className='os-home__row-title'>{item.title}</Text>
            <Text className='os-home__row-note'>{`${WHEN_PREFIX[item.kind]}${localWhen(item.when)} · ${item.detail}`}</Text>
          </View>
        </View>
      ))}
    </View>
  )
}

export default observer(TodoSection)
