// 个人信息: the resident's masked phone, real-name status, level and linked sign-in methods; export, erase, sign out.
import { View, Text } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import ActionButton from '@/components/action-button'
import Cell from '@/components/cell'
import LevelBadge from '@/components/level-badge'
import PageState from '@/components/page-state'
import { useStores } from '@/stores'
import { PROVIDER_NAMES, confirmAndDeleteAccount, confirmAndLogout } from '@/utils/account'
import { openRoute } from '@/utils/nav'
import { ROUTES, routeUrl } from '@/routes'
import './index.scss'
import { withPage } from '@/components/page'

function toMe() {
  Taro.switchTab({ url: ROUTES.me })
}

function ProfilePage() {
  const { me } = useStores()

  useDidShow(() => {
    void me.load(true)
  })

  const profile = me.me
  return (
    <View className='os-profile'>
      <Text className='os-profile__title'>个人信息</Text>
      {!me.signedIn && (
        <View className='os-profile__empty'>
          <PageState kind='empty' message='您还未登录，登录后可查看个人信息' />
          <ActionButton id='profile-sign-in' text='去登录' onTap={() => openRoute(ROUTES.login)} />
        </View>
      )}
      {me.signedIn && !profile && me.status === 'failed' && (
        <PageState kind='error' message={me.error?.message} onRetry={() => void me.load(true)} />
      )}
      {me.signedIn && !profile && me.status !== 'failed' && <PageState kind='loading' />}
      {profile && (
        <View>
          <View className='os-profile__group'>
            <Cell id='profile-phone' title='手机号' note={profile.phone ?? '未绑定'} onOpen={profile.phone ? undefined : () => openRoute(routeUrl(ROUTES.login, { link: 1 }))} />
            <Cell
              id='profile-realname'
              title='实名认证'
              note={profile.realName ? `${profile.realName.name} ${profile.realName.idNumber}` : '未实名，去认证'}
              onOpen={() => openRoute(ROUTES.realname)}
            />
            <View className='os-profile__row'>
              <Text className='os-profile__label'>账号等级</Text>
              <LevelBadge level={profile.level} />
            </View>
            <Cell id='profile-providers' title='登录方式' note={profile.providers.map((p) => PROVIDER_NAMES[p]).join('、') || '无'} />
          </View>
          <Text className='os-profile__explain'>
            为保护您的隐私，手机号、姓名和身份证号码只显示部分内容；完整信息加密保存，仅在办理您申请的事项时使用。
          </Text>
          <View className='os-profile__group'>
            <Cell id='profile-export' title='导出我的数据' onOpen={() => openRoute(ROUTES.data)} />
            <Cell id='profile-privacy' title='隐私政策' onOpen={() => openRoute(ROUTES.privacy)} />
          </View>
          <View className='os-profile__actions'>
            <ActionButton id='profile-logout' text='退出登录' tone='secondary' onTap={() => void confirmAndLogout(me).then((done) => done && toMe())} />
            <ActionButton id='profile-delete' text='注销账号' tone='danger' onTap={() => void confirmAndDeleteAccount(me).then((done) => done && toMe())} />
          </View>
        </View>
      )}
    </View>
  )
}

export default withPage(observer(ProfilePage))
