// 在线办件 queue: the department's applications (dispatcher / admin: every department's), earliest deadline first,
// with 临期 / 超期 marks, 待办 / 已办结 / 全部, paged. Tapping one opens 办件详情.
import { View, Text } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import ActionButton from '@/components/action-button'
import PageState from '@/components/page-state'
import { ROUTES, routeUrl } from '@/routes'
import { useStores } from '@/stores'
import { applicationDeskOf, type DeskQueue } from '@/stores/application-desk'
import { openRoute } from '@/utils/nav'
import '@/packages/staff/workbench.scss'
import { withPage } from '@/components/page'

const TABS: { key: DeskQueue; label: string }[] = [
  { key: 'open', label: '待办' },
  { key: 'decided', label: '已办结' },
  { key: 'all', label: '全部' },
]

const day = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10)

function StaffApplicationsPage() {
  const { staff } = useStores()
  const desk = applicationDeskOf(useStores())

  useDidShow(() => {
    void staff.load()
    if (staff.signedIn) void desk.load(desk.queue, desk.page)
  })
  usePullDownRefresh(() => {
    void desk.load(desk.queue, desk.page).finally(() => void Taro.stopPullDownRefresh())
  })

  if (!staff.signedIn) {
    return (
      <View className='os-bench'>
        <View className='os-bench__head'>
          <Text className='os-bench__title'>在线办件</Text>
        </View>
        <View className='os-bench__card'>
          <PageState kind='empty' message='请先使用工作账号登录' />
          <ActionButton id='apps-sign-in' text='工作人员登录' onTap={() => openRoute(ROUTES.staffLogin)} />
        </View>
      </View>
    )
  }
  const r = desk.result
  return (
    <View className='os-bench'>
      <View className='os-bench__head'>
        <Text className='os-bench__title'>在线办件</Text>
      </View>
      <View className='os-bench__tabs' ariaRole='tablist'>
        {TABS.map((t) => (
          <View
            key={t.key}
            id={`apps-tab-${t.key}`}
            className={`os-bench__tab${t.key === desk.queue ? ' os-bench__tab--active' : ''}`}
            ariaRole='tab'
            ariaLabel={t.key === desk.queue ? `${t.label}（当前）` : t.label}
            onClick={() => void desk.load(t.key, 1)}
          >
            <Text>{t.label}</Text>
          </View>
        ))}
      </View>
      {desk.status === 'failed' && <PageState kind='error' message={desk.error?.message} onRetry={() => void desk.load(desk.queue, desk.page)} />}
      {!r && desk.status !== 'failed' && <PageState kind='loading' />}
      {r && (
        <View id='apps-queue' className='os-bench__queue'>
          <Text className='os-bench__count'>{`共 ${r.total} 件，按办结期限排序`}</Text>
          {r.items.length === 0 && <PageState kind='empty' message='没有办件' />}
          {r.items.map((a) => (
            <View key={a.id} id={`apps-item-${a.number}`} className='os-bench__item' ariaRole='button' onClick={() => openRoute(routeUrl(ROUTES.staffApplication, { id: a.id }))}>
              <View className='os-bench__row os-bench__row--between'>
                <Text className='os-bench__number'>{a.number}</Text>
                <Text className='os-bench__meta-part'>{a.statusLabel}</Text>
              </View>
              <Text className='os-bench__item-text'>{a.serviceName}</Text>
              <View className='os-bench__row os-bench__meta'>
                <Text className='os-bench__meta-part'>{a.departmentName}</Text>
                {a.bundleNumber && <Text className='os-bench__meta-part'>{`一件事 ${a.bundleNumber}`}</Text>}
                <Text className={`os-bench__deadline${a.mark === 'overdue' ? ' os-bench__deadline--overdue' : ''}`}>
                  {`${a.mark === 'overdue' ? '超期 · ' : a.mark === 'due-soon' ? '临期 · ' : ''}期限 ${day(a.deadline)}`}
                </Text>
              </View>
            </View>
          ))}
          {desk.pages > 1 && (
            <View className='os-bench__row os-bench__row--between'>
              <ActionButton id='apps-prev' text='上一页' tone='secondary' disabled={desk.page <= 1} onTap={() => void desk.load(desk.queue, desk.page - 1)} />
              <Text className='os-bench__meta-part'>{`${desk.page} / ${desk.pages}`}</Text>
              <ActionButton id='apps-next' text='下一页' tone='secondary' disabled={desk.page >= desk.pages} onTap={() => void desk.load(desk.queue, desk.page + 1)} />
            </View>
          )}
        </View>
      )}
    </View>
  )
}

export default withPage(observer(StaffApplicationsPage))
