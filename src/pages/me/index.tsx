// 我的: who is signed in (masked phone / name, 已实名 or 未实名) and the resident's account, privacy and records.
import { View, Text } from '@tarojs/components'
import { useDidShow } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import CareModeSwitch from '@/components/care-mode-switch'
import Cell from '@/components/cell'
import LevelBadge from '@/components/level-badge'
import { useStores } from '@/stores'
import { confirmAndDeleteAccount } from '@/utils/account'
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
                <Text id='me-display-name' className='os-me__name'>{profile.realName?.name ?? '已登录'}</Text>
                <LevelBadge level={profile.level} />
              </View>
              {profile.phone && <Text id='me-phone' className='os-me__hint'>手机号 {profile.phone}</Text>}
              {!profile.realName && <Text className='os-me__hint'>完成实名认证后可预约办事、提交诉求</Text>}
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
      <View className='os-me__group'>
        <CareModeSwitch id='me-care-mode' />
      </View>
      <View className='os-me__group'>
        <Cell id='me-profile' title='个人信息' onOpen={needSignIn(ROUTES.profile)} />
        <Cell id='me-realname' title='实名认证' note={profile ? (profile.level === 2 ? '已实名' : '未实名') : undefined} onOpen={needSignIn(ROUTES.realname)} />
        <Cell id='me-privacy' title='隐私政策' onOpen={() => openRoute(ROUTES.privacy)} />
        <Cell id='me-export' title='导出我的数据' onOpen={needSignIn(ROUTES.data)} />
        <Cell id='me-citycode-usage' title='码使用记录' onOpen={needSignIn(ROUTES.codeUsage)} />
        {me.signedIn && <Cell id='me-delete' title='注销账号' onOpen={() => void confirmAndDeleteAccount(me)} />}
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
      <View className='os-me__group'>
        <Cell id='me-staff' title='工作人员入口' onOpen={() => openRoute(ROUTES.staff)} />
      </View>
    </View>
  )
}

export default withPage(observer(MePage))
