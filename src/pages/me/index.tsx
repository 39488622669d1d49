// 我的: sign-in status and the resident's own records and settings.
import { View, Text } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import Cell from '../../components/cell'
import { useStores } from '../../stores'
import { openRoute } from '../../utils/nav'
import './index.scss'

function MePage() {
  const { session } = useStores()

  const signIn = () => {
    void Taro.showModal({
      title: '登录即将开放',
      content: '微信、支付宝与短信验证码登录正在建设中。目前您可以浏览办事指南。',
      showCancel: false,
      confirmText: '知道了',
    })
  }

  return (
    <View className='os-me'>
      <View className='os-me__card'>
        <Text className='os-me__name'>{session.signedIn ? '已登录' : '未登录'}</Text>
        <Text className='os-me__hint'>登录后可预约办事、提交 12345 诉求、使用一码通城</Text>
        {!session.signedIn && (
          <View id='me-sign-in' className='os-me__sign-in' hoverClass='os-me__sign-in--pressed' onClick={signIn}>
            <Text>登录 / 注册</Text>
          </View>
        )}
      </View>
      <View className='os-me__group'>
        <Cell id='me-appointments' title='我的预约' note='即将开放' onOpen={() => openRoute('/packages/appointment/pages/index/index?tab=mine')} />
        <Cell id='me-requests' title='我的诉求' note='即将开放' onOpen={() => openRoute('/packages/request/pages/index/index?tab=mine')} />
      </View>
      <View className='os-me__group'>
        <Cell id='me-staff' title='工作人员入口' note='即将开放' onOpen={() => openRoute('/packages/staff/pages/index/index')} />
      </View>
    </View>
  )
}

export default observer(MePage)
