// 我的诉求: the resident's requests, newest first — number, type, status, the first words, deadline; loading,
// empty, failure with 重试, and sign-in when signed out.
import { View, Text } from '@tarojs/components'
import { observer } from 'mobx-react-lite'
import ActionButton from '@/components/action-button'
import PageState from '@/components/page-state'
import StatusTag, { ClockTag } from '@/components/status-tag'
import { isOpen } from '@domain/workorder'
import { useStores } from '@/stores'
import { myRequestsOf } from '@/stores/my-requests'
import { deadlineText, formatShort } from '@/utils/request-format'
import { openRoute } from '@/utils/nav'
import { ROUTES, routeUrl } from '@/routes'

function MyRequests({ onNew }: { onNew: () => void }) {
  const { me } = useStores()
  const myRequests = myRequestsOf(useStores())

  if (!me.signedIn) {
    return (
      <View className='os-request__card'>
        <PageState kind='empty' message='登录后可查看您提交的诉求和办理进度' />
        <ActionButton id='request-sign-in' text='去登录' onTap={() => openRoute(ROUTES.login)} />
      </View>
    )
  }
  const list = myRequests.list
  if (list.length === 0 && myRequests.listStatus === 'failed') {
    return <PageState kind='error' message={myRequests.listError?.message} onRetry={() => void myRequests.loadList(true)} />
  }
  if (list.length === 0 && myRequests.listStatus !== 'ready') return <PageState kind='loading' />
  if (list.length === 0) {
    return (
      <View className='os-request__card'>
        <PageState kind='empty' message='您还没有提交过诉求' />
        <ActionButton id='request-empty-new' text='我要反映' onTap={onNew} />
      </View>
    )
  }
  return (
    <View id='request-list' className='os-request__list'>
      {list.map((r) => (
        <View
          key={r.id}
          id={`request-item-${r.number}`}
          className='os-request__item'
          hoverClass='os-request__pressed'
          ariaRole='button'
          onClick={() => openRoute(routeUrl(ROUTES.request, { id: r.id }))}
        >
          <View className='os-request__row os-request__row--between'>
            <Text className='os-request__item-type'>
              {r.typeLabel}
              {r.categoryLabel ? ` · ${r.categoryLabel}` : ''}
            </Text>
            <View className='os-request__row'>
              {r.overdue && isOpen(r.status) && <ClockTag kind='overdue' />}
              <StatusTag status={r.status} label={r.statusLabel} />
            </View>
          </View>
          <Text className='os-request__item-text'>{r.summary}</Text>
          <Text className='os-request__muted'>
            {r.number} · {formatShort(r.filedAt)} 提交
          </Text>
          {isOpen(r.status) && <Text className='os-request__muted'>办理时限：{deadlineText(r.deadline)}</Text>}
        </View>
      ))}
      {myRequests.listError && <Text className='os-request__error-text'>{myRequests.listError.message}</Text>}
      {myRequests.hasMore && (
        <ActionButton id='request-more' text='加载更多' tone='secondary' busy={myRequests.loadingMore} busyText='正在加载…' onTap={() => void myRequests.loadMore()} />
      )}
    </View>
  )
}

export default observer(MyRequests)
