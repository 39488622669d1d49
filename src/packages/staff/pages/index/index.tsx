// 工作人员工作台: who is signed in (name, role, department or hall) and a card per workbench they may use, or the way to staff sign-in.
import { View, Text } from '@tarojs/components'
import { useDidShow } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import ActionButton from '@/components/action-button'
import PageState from '@/components/page-state'
import { useStores } from '@/stores'
import { STAFF_ROLE_NAMES } from '@/stores/staff'
import { openRoute } from '@/utils/nav'
import { ROUTES } from '@/routes'
import './index.scss'
import { withPage } from '@/components/page'

function StaffPage() {
  const { staff, departments } = useStores()

  useDidShow(() => {
    void staff.load()
    // For the department's name beside its code.
    void departments.load()
  })

  const profile = staff.profile
  const unit = profile?.departmentCode
    ? (departments.byCode.get(profile.departmentCode)?.name ?? profile.departmentCode)
    : profile?.hallId
      ? `服务大厅 ${profile.hallId}`
      : undefined

  return (
    <View className='os-staff'>
      <View className='os-staff__card'>
        <Text className='os-staff__title'>工作人员工作台</Text>
        {!staff.signedIn && (
          <View className='os-staff__signed-out'>
            <Text className='os-staff__hint'>请使用本单位开通的工作账号登录。</Text>
            <ActionButton id='staff-sign-in' text='工作人员登录' onTap={() => openRoute(ROUTES.staffLogin)} />
          </View>
        )}
        {staff.signedIn && !profile && staff.status === 'failed' && (
          <PageState kind='error' message={staff.error?.message} onRetry={() => void staff.load(true)} />
        )}
        {staff.signedIn && !profile && staff.status !== 'failed' && <PageState kind='loading' />}
        {profile && (
          <View id='staff-profile' className='os-staff__profile'>
            <Text className='os-staff__name'>{profile.displayName}</Text>
            <Text className='os-staff__role'>{STAFF_ROLE_NAMES[profile.role]}</Text>
            {unit && <Text className='os-staff__unit'>{unit}</Text>}
            {(profile.role === 'dispatcher' || profile.role === 'dept_staff' || profile.role === 'admin') && (
              <ActionButton id='staff-requests' text='12345 工单' onTap={() => openRoute(ROUTES.workbench)} />
            )}
            {(profile.role === 'dispatcher' || profile.role === 'dept_staff' || profile.role === 'admin') && (
              <ActionButton id='staff-applications' text='在线办件' onTap={() => openRoute(ROUTES.staffApplications)} />
            )}
            {/* 一屏观 is a desktop H5 view (ECharts); the mini-programs do not carry it (app.config.ts). */}
            {process.env.TARO_ENV === 'h5' && (profile.role === 'dispatcher' || profile.role === 'dept_staff' || profile.role === 'admin') && (
              <ActionButton id='staff-command' text='一屏观（统计与地图）' tone='secondary' onTap={() => openRoute(ROUTES.command)} />
            )}
            {(profile.role === 'hall_staff' || profile.role === 'admin') && (
              <ActionButton id='staff-hall' text='大厅预约' onTap={() => openRoute(ROUTES.hallDesk)} />
            )}
            {(profile.role === 'hall_staff' || profile.role === 'admin') && (
              <ActionButton id='staff-scan' text='扫码核验' tone='secondary' onTap={() => openRoute(ROUTES.scan)} />
            )}
            <ActionButton id='staff-rectify' text='差评整改' tone='secondary' onTap={() => openRoute(ROUTES.rectifications)} />
            {(profile.role === 'dispatcher' || profile.role === 'admin') && (
              <ActionButton id='staff-appeals' text='好差评申诉复核' tone='secondary' onTap={() => openRoute(ROUTES.ratingAppeals)} />
            )}
            <ActionButton id='staff-logout' text='退出登录' tone='secondary' onTap={() => void staff.logout()} />
          </View>
        )}
      </View>
    </View>
  )
}

export default withPage(observer(StaffPage))
