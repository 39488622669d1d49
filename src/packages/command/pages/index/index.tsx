// 一屏观 — the 一网统管 command view for staff on a desktop browser (1280×800) or a wall display (1920×1080, large
// type: the toggle or ?wall=1): the period's figures, the 三率 and on-time rate with numerator and denominator, the
// district map with hotspots, the trend, the categories and the graded department table. Refreshes every 30 s
// without reload; every number opens the work orders behind it; every table exports as CSV.
import { useEffect } from 'react'
import { useDidHide, useDidShow, useRouter } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import PageState from '@/components/page-state'
import { useStores } from '@/stores'
import type { DrillTarget } from '@/stores/dashboard'
import { STAFF_ROLE_NAMES } from '@/stores/staff'
import { openRoute } from '@/utils/nav'
import { ROUTES } from '@/routes'
import DepartmentTable from '../../components/departments'
import DistrictMap from '../../components/district-map'
import Figures from '../../components/figures'
import Toolbar from '../../components/toolbar'
import { CategoryPanel, Trend } from '../../components/trend'
import { backOr, drillUrl } from '../../nav'
import { dashboardOf } from '../../store'
import '../../command.scss'
import '../../care.scss'

const ROLES = ['dispatcher', 'admin', 'dept_staff']

function CommandPage() {
  const root = useStores()
  const { staff, departments } = root
  const dashboard = dashboardOf(root)
  const wallParam = useRouter().params.wall

  useEffect(() => {
    if (wallParam === '1') dashboard.setWall(true)
  }, [wallParam, dashboard])
  useDidShow(() => {
    void staff.load()
    void departments.load()
    if (staff.signedIn) {
      void dashboard.load(dashboard.data !== null)
      dashboard.startPolling()
    }
  })
  useDidHide(() => dashboard.stopPolling())
  useEffect(() => () => dashboard.stopPolling(), [dashboard])

  const profile = staff.profile
  const drill = (t: DrillTarget) => openRoute(drillUrl(t))
  let body
  if (!staff.signedIn) {
    body = (
      <div className='os-cmd__state'>
        <PageState kind='empty' message='请先使用工作账号登录' />
        <button type='button' id='cmd-sign-in' className='os-cmd__chip os-cmd__chip--on' onClick={() => openRoute(ROUTES.staffLogin)}>
          工作人员登录
        </button>
      </div>
    )
  } else if (!profile) {
    body = staff.status === 'failed' ? <PageState kind='error' message={staff.error?.message} onRetry={() => void staff.load(true)} /> : <PageState kind='loading' />
  } else if (!ROLES.includes(profile.role)) {
    body = <PageState kind='empty' message={`${STAFF_ROLE_NAMES[profile.role]}账号没有一屏观`} />
  } else if (dashboard.periodProblem) {
    body = <PageState kind='empty' message={dashboard.periodProblem} />
  } else if (dashboard.status === 'failed' && dashboard.error) {
    body = <PageState kind='error' message={dashboard.error.message} onRetry={() => void dashboard.load()} />
  } else if (!dashboard.data) {
    body = <PageState kind='loading' message='正在统计…' />
  } else {
    const data = dashboard.data
    body = (
      <main className={`os-cmd__grid${dashboard.status === 'loading' ? ' os-cmd__grid--busy' : ''}`} aria-busy={dashboard.status === 'loading'}>
        {data.received === 0 && data.departments.length === 0 && (
          <p id='cmd-empty' className='os-cmd__empty'>
            所选周期和范围内没有工单。可以换一个周期或清除筛选。
          </p>
        )}
        <Figures store={dashboard} data={data} drill={drill} />
        <div className='os-cmd__row'>
          <DistrictMap store={dashboard} data={data} drill={drill} />
          <div className='os-cmd__col'>
            <Trend store={dashboard} data={data} drill={drill} />
            <CategoryPanel store={dashboard} data={data} drill={drill} />
          </div>
        </div>
        <DepartmentTable store={dashboard} data={data} drill={drill} />
      </main>
    )
  }

  const own = profile?.role === 'dept_staff' && profile.departmentCode ? { code: profile.departmentCode, name: departments.byCode.get(profile.departmentCode)?.name ?? profile.departmentCode } : null
  return (
    <div className={`os-cmd${dashboard.wall ? ' os-cmd--wall' : ''}`}>
      <Toolbar store={dashboard} ownDepartment={own} departments={departments.list} who={profile ? `${profile.displayName} · ${STAFF_ROLE_NAMES[profile.role]}` : ''} onBack={() => backOr(ROUTES.staff)} />
      {body}
    </div>
  )
}

export default observer(CommandPage)
