// 我的: who is signed in (masked name or phone, 已实名 or 未实名 with the way to 实名认证) and the resident's records,
// privacy and 账号与安全 (退出登录, then 注销账号 last, both asking first). Residents see no staff entry: staff open
// `/staff` on H5 or long-press the footer line (mini-programs, H5 too).
import { View, Text } from '@tarojs/components'
import { useDidShow } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import CareModeSwitch from '@/components/care-mode-switch'
import Cell from '@/components/cell'
import LevelBadge from '@/components/level-badge'
import { useStores } from '@/stores'
import { confirmAndDeleteAccount, confirmAndLogout } from '@/utils/account'
import { openRoute } from '@/utils/nav'
import { ROUTES, routeUrl, savedUrl } from '@/routes'
import './index.scss'
import { withPage } from '@/components/page'

function MePage() {
  const { me } = useStores()

  useDidShow(() => {
    // Refreshed on every visit: the level changes after 实名认证, and a session may have ended elsewhere.
    if (me.signedIn) void me.load(true)
  })

  const profile = me.me
  const needSignIn = (route: string) => () => openRoute(me.signedIn ? route : ROUTES.login)

  return (
    <View className='os-me'>
      {!me.signedIn && (
        <View className='os-me__card'>
          <Text className='os-me__name'>未登录</Text>
          <Text className='os-me__hint'>登录后可预约办事、提交 12345 诉求、使用一码通城</Text>
          <View id='me-sign-in' className='os-me__sign-in' hoverClass='os-me__sign-in--pressed' ariaRole='button' onClick={() => openRoute(ROUTES.login)}>
            <Text>登录 / 注册</Text>
          </View>
        </View>
      )}
      {me.signedIn && (
        <View id='me-card' className='os-me__card' hoverClass='os-me__card--pressed' onClick={() => openRoute(ROUTES.profile)}>
          {profile ? (
            <View className='os-me__who'>
              <View className='os-me__who-line'>
                <Text id='me-display-name' className='os-me__name'>{profile.realName?.name ?? '未实名用户'}</Text>
                <LevelBadge level={profile.level} />
              </View>
              {profile.phone && <Text id='me-phone' className='os-me__hint'>手机号 {profile.phone}</Text>}
              <Text id='me-realname-state' className='os-me__hint'>
                {profile.realName ? '已实名认证，可预约办事、在线办理和提交诉求' : '未实名认证：完成实名认证后可预约办事、在线办理和提交诉求'}
              </Text>
              {!profile.realName && (
                <View
                  id='me-go-realname'
                  className='os-me__sign-in'
                  hoverClass='os-me__sign-in--pressed'
                  ariaRole='button'
                  onClick={(e) => {
                    e.stopPropagation()
                    openRoute(ROUTES.realname)
                  }}
                >
                  <Text>去实名认证</Text>
                </View>
              )}
            </View>
          ) : me.status === 'failed' ? (
            <View className='os-me__who'>
              <Text className='os-me__name'>已登录</Text>
              <Text id='me-error' className='os-me__error'>{me.error?.message}</Text>
              <View
                id='me-retry'
                className='os-me__retry'
                hoverClass='os-me__retry--pressed'
                ariaRole='button'
                onClick={(e) => {
                  e.stopPropagation()
                  void me.load(true)
                }}
              >
                <Text>重试</Text>
              </View>
            </View>
          ) : (
            <View className='os-me__who'>
              <Text className='os-me__name'>已登录</Text>
              <Text className='os-me__hint'>正在加载…</Text>
            </View>
          )}
        </View>
      )}
      <View className='os-me__group os-me__group--toggle'>
        <CareModeSwitch id='me-care-mode' />
      </View>
      <View className='os-me__group'>
        <Cell id='me-profile' title='个人信息' onOpen={needSignIn(ROUTES.profile)} />
        <Cell id='me-realname' title='实名认证' note={profile ? (profile.level === 2 ? '已实名' : '未实名') : undefined} onOpen={needSignIn(ROUTES.realname)} />
        <Cell id='me-privacy' title='隐私政策' onOpen={() => openRoute(ROUTES.privacy)} />
        <Cell id='me-export' title='导出我的数据' onOpen={needSignIn(ROUTES.data)} />
        <Cell id='me-citycode-usage' title='码使用记录' onOpen={needSignIn(ROUTES.codeUsage)} />
      </View>
      <View className='os-me__group'>
        <Cell id='me-favourites' title='我的收藏' onOpen={() => openRoute(savedUrl('favourites'))} />
        <Cell id='me-recent' title='最近浏览' onOpen={() => openRoute(savedUrl('recent'))} />
      </View>
      <View className='os-me__group'>
        <Cell id='me-appointments' title='我的预约' onOpen={() => openRoute(routeUrl(ROUTES.appointments, { tab: 'mine' }))} />
        <Cell id='me-applications' title='我的办件' onOpen={needSignIn(ROUTES.myApplications)} />
        <Cell id='me-licences' title='我的证照' onOpen={needSignIn(ROUTES.licences)} />
        <Cell id='me-requests' title='我的诉求' onOpen={() => openRoute(routeUrl(ROUTES.requests, { tab: 'mine' }))} />
        <Cell id='me-ratings' title='好差评公开' onOpen={() => openRoute(ROUTES.publicRatings)} />
      </View>
      {me.signedIn && (
        <View className='os-me__section' ariaRole='group' ariaLabel='账号与安全'>
          <Text className='os-me__section-title'>账号与安全</Text>
          <View className='os-me__group os-me__group--flush'>
            <Cell id='me-logout' title='退出登录' onOpen={() => void confirmAndLogout(me)} />
            <Cell id='me-delete' title='注销账号' note='永久删除，需确认' onOpen={() => void confirmAndDeleteAccount(me)} />
          </View>
        </View>
      )}
      {/* The staff workbench is not for residents: a long-press here (or /staff on H5) opens it. */}
      <View id='me-staff' className='os-me__footer' onLongPress={() => openRoute(ROUTES.staff)}>
        <Text>一站办 · 广州市政务服务</Text>
      </View>
    </View>
  )
}

export default withPage(observer(MePage))
