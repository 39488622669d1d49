// 我的办件: every application of the resident, newest first — number, item, status, department, promised date;
// a 一件事's parts carry its bundle number. Tapping one opens its detail.
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import ActionButton from '@/components/action-button'
import PageState from '@/components/page-state'
import { ROUTES, routeUrl } from '@/routes'
import { useStores } from '@/stores'
import { myApplicationsOf } from '@/stores/my-applications'
import { openRoute } from '@/utils/nav'
import { beijingDate, promisedText, statusTone } from '../../status'
import Shell from '../../components/shell'
import '../../styles.scss'
import { withPage } from '@/components/page'

function MyApplicationsPage() {
  const { me } = useStores()
  const store = myApplicationsOf(useStores())

  useDidShow(() => {
    if (me.signedIn && (store.status === 'idle' || store.stale || store.status === 'ready')) void store.load()
  })
  usePullDownRefresh(() => {
    void store.load().finally(() => void Taro.stopPullDownRefresh())
  })

  if (!me.signedIn) {
    return (
      <Shell title='我的办件'>
        <View className='os-apply__card'>
          <Text className='os-apply__text'>登录后查看您在线申请的办件</Text>
          <ActionButton id='apps-sign-in' text='登录' onTap={() => openRoute(ROUTES.login)} />
        </View>
      </Shell>
    )
  }
  if (store.items.length === 0) {
    return (
      <Shell title='我的办件'>
        {store.status === 'failed' ? (
          <PageState kind='error' message={store.error?.message} onRetry={() => void store.load()} />
        ) : store.status === 'ready' ? (
          <PageState kind='empty' message='还没有在线申请的办件。在办事指南中点“在线办理”即可申请。' />
        ) : (
          <PageState kind='loading' />
        )}
      </Shell>
    )
  }
  return (
    <Shell title='我的办件'>
      <View id='apps-list' className='os-apply__card'>
        {store.items.map((a) => (
          <View key={a.id} id={`app-${a.number}`} className='os-apply__row' ariaRole='button' onClick={() => openRoute(routeUrl(ROUTES.myApplication, { id: a.id }))}>
            <View className='os-apply__row-head'>
              <Text className='os-apply__text'>{a.serviceName}</Text>
              <Text className={`os-apply__status${statusTone(a.status)}`}>{a.statusLabel}</Text>
            </View>
            <Text className='os-apply__note'>{`${a.number} · ${a.departmentName} · ${beijingDate(a.submittedAt)} 提交`}</Text>
            {a.bundleNumber && <Text className='os-apply__note'>{`一件事 ${a.bundleNumber}`}</Text>}
            {promisedText(a) && <Text className='os-apply__note'>{promisedText(a)}</Text>}
          </View>
        ))}
      </View>
      {store.hasMore && <ActionButton id='apps-more' text='加载更多' tone='secondary' busy={store.status === 'loading'} onTap={() => void store.load(true)} />}
    </Shell>
  )
}

export default withPage(observer(MyApplicationsPage))
