// 12345 诉求: two tabs — 我要反映 (the filing form, its draft kept on the device) and 我的诉求 (the list); ?tab=mine opens the list.
import { View, Text } from '@tarojs/components'
import { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import Taro from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import { useState } from 'react'
import { useStores } from '@/stores'
import { myRequestsOf } from '@/stores/my-requests'
import MyRequests from '@/packages/request/components/my-requests'
import RequestForm from '@/packages/request/components/request-form'
import '@/packages/request/styles.scss'
import { withPage } from '@/components/page'

type Tab = 'new' | 'mine'

function RequestIndexPage() {
  const { me } = useStores()
  const myRequests = myRequestsOf(useStores())
  const router = useRouter()
  const [tab, setTab] = useState<Tab>(router.params.tab === 'mine' ? 'mine' : 'new')

  const refresh = (which: Tab) => {
    if (which === 'mine' && me.signedIn) void myRequests.loadList(true)
  }

  useDidShow(() => refresh(tab))
  usePullDownRefresh(() => {
    refresh(tab)
    void Taro.stopPullDownRefresh()
  })

  const choose = (next: Tab) => {
    setTab(next)
    refresh(next)
  }

  return (
    <View className='os-request'>
      <View className='os-request__hero'>
        <Text className='os-request__title'>12345 诉求</Text>
        <Text className='os-request__subtitle'>咨询、求助、投诉、举报、建议，按工作日时限转交责任部门办理</Text>
      </View>
      <View className='os-request__tabs' ariaRole='tablist'>
        {(
          [
            ['new', '我要反映'],
            ['mine', '我的诉求'],
          ] as const
        ).map(([key, label]) => (
          <View
            key={key}
            id={`request-tab-${key}`}
            className={`os-request__tab${tab === key ? ' os-request__tab--active' : ''}`}
            ariaRole='tab'
            ariaLabel={tab === key ? `${label}（当前）` : label}
            onClick={() => choose(key)}
          >
            <Text>{label}</Text>
          </View>
        ))}
      </View>
      {tab === 'new' ? <RequestForm /> : <MyRequests onNew={() => choose('new')} />}
    </View>
  )
}

export default withPage(observer(RequestIndexPage))
