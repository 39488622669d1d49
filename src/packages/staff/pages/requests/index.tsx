// 12345 工单 queues: the hotline's (待受理派单, 退单, 延期申请, 待审核答复, 已超期, 全部) or a department's (待签收, 办理中,
// 已超期, 全部), earliest deadline first, with 超期 / 即将超期 / 督办 marks. Works on a phone and in a desktop browser.
import { View, Text } from '@tarojs/components'
import { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import Taro from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import ActionButton from '@/components/action-button'
import PageState from '@/components/page-state'
import StatusTag, { ClockTag } from '@/components/status-tag'
import { isOpen } from '@domain/workorder'
import { useStores } from '@/stores'
import { workbenchOf } from '@/stores/workbench'
import { STAFF_ROLE_NAMES } from '@/stores/staff'
import { deadlineText } from '@/utils/request-format'
import { goBack, openRoute } from '@/utils/nav'
import { ROUTES, routeUrl } from '@/routes'
import '@/packages/staff/workbench.scss'
import { withPage } from '@/components/page'

const WORKS_REQUESTS = ['dispatcher', 'dept_staff', 'admin']

function StaffRequestsPage() {
  const { staff } = useStores()
  const workbench = workbenchOf(useStores())

  useDidShow(() => {
    void staff.load()
    if (staff.signedIn) void workbench.loadQueue(true)
  })
  usePullDownRefresh(() => {
    if (staff.signedIn) void workbench.loadQueue(true)
    void Taro.stopPullDownRefresh()
  })

  const profile = staff.profile
  let body
  if (!staff.signedIn) {
    body = (
      <View className='os-bench__card'>
        <PageState kind='empty' message='请先使用工作账号登录' />
        <ActionButton id='bench-sign-in' text='工作人员登录' onTap={() => openRoute(ROUTES.staffLogin)} />
      </View>
    )
  } else if (!profile) {
    body =
      staff.status === 'failed' ? <PageState kind='error' message={staff.error?.message} onRetry={() => void staff.load(true)} /> : <PageState kind='loading' />
  } else if (!WORKS_REQUESTS.includes(profile.role)) {
    body = <PageState kind='empty' message={`${STAFF_ROLE_NAMES[profile.role]}账号不办理 12345 工单`} />
  } else {
    const current = workbench.currentTab.key
    const queue = workbench.queue
    body = (
      <View>
        <View className='os-bench__tabs' ariaRole='tablist'>
          {workbench.tabs.map((t) => (
            <View
              key={t.key}
              id={`bench-tab-${t.key}`}
              className={`os-bench__tab${t.key === current ? ' os-bench__tab--active' : ''}`}
              ariaRole='tab'
              ariaLabel={t.key === current ? `${t.label}（当前）` : t.label}
              onClick={() => workbench.setTab(t.key)}
            >
              <Text>{t.label}</Text>
            </View>
          ))}
        </View>
        {queue.length === 0 && workbench.queueStatus === 'failed' && (
          <PageState kind='error' message={workbench.queueError?.message} onRetry={() => void workbench.loadQueue(true)} />
        )}
        {queue.length === 0 && (workbench.queueStatus === 'loading' || workbench.queueStatus === 'idle') && <PageState kind='loading' />}
        {queue.length === 0 && workbench.queueStatus === 'ready' && <PageState kind='empty' message='这里暂时没有工单' />}
        {queue.length > 0 && (
          <View id='bench-queue' className='os-bench__queue'>
            <Text className='os-bench__count'>
              共 {workbench.queueTotal} 件，按办理时限排序{workbench.queueStatus === 'loading' ? ' · 正在刷新…' : ''}
            </Text>
            {queue.map((q) => (
              <View
                key={q.id}
                id={`bench-item-${q.number}`}
                className='os-bench__item'
                hoverClass='os-bench__pressed'
                ariaRole='button'
                onClick={() => openRoute(routeUrl(ROUTES.workOrder, { id: q.id }))}
              >
                <View className='os-bench__row os-bench__row--between'>
                  <Text className='os-bench__number'>{q.number}</Text>
                  <View className='os-bench__row'>
                    {q.overdue && isOpen(q.status) && <ClockTag kind='overdue' />}
                    {!q.overdue && q.warning && isOpen(q.status) && <ClockTag kind='warning' />}
                    {q.supervised && <ClockTag kind='supervised' />}
                    <StatusTag status={q.status} label={q.statusLabel} />
                  </View>
                </View>
                <Text className='os-bench__item-text'>{q.summary}</Text>
                <View className='os-bench__row os-bench__meta'>
                  <Text className='os-bench__meta-part'>
                    {q.typeLabel}
                    {q.categoryLabel ? ` · ${q.categoryLabel}` : ''}
                  </Text>
                  {q.district && <Text className='os-bench__meta-part'>{q.district}</Text>}
                  {q.departmentName && <Text className='os-bench__meta-part'>承办：{q.departmentName}</Text>}
                  {q.extensionDays !== null && <Text className='os-bench__meta-part os-bench__meta-part--warn'>申请延期 {q.extensionDays} 个工作日</Text>}
                  {q.urgeCount > 0 && <Text className='os-bench__meta-part os-bench__meta-part--warn'>催办 {q.urgeCount} 次</Text>}
                  {q.anonymous && <Text className='os-bench__meta-part'>匿名</Text>}
                </View>
                {isOpen(q.status) && (
                  <Text className={`os-bench__deadline${q.overdue ? ' os-bench__deadline--overdue' : ''}`}>
                    {q.status === 'submitted' || q.status === 'accepted' || q.status === 'returned'
                      ? `派单时限 ${deadlineText(q.dispatchDeadline)} · `
                      : ''}
                    办结时限 {deadlineText(q.deadline)}
                  </Text>
                )}
              </View>
            ))}
          </View>
        )}
      </View>
    )
  }

  return (
    <View className='os-bench'>
      <View className='os-bench__head'>
        <Text className='os-bench__title'>12345 工单</Text>
        {profile && <Text className='os-bench__who'>{profile.displayName} · {STAFF_ROLE_NAMES[profile.role]}</Text>}
      </View>
      {body}
      <ActionButton id='bench-back' text='返回工作台' tone='secondary' onTap={goBack} />
    </View>
  )
}

export default withPage(observer(StaffRequestsPage))
