// 导出我的数据: everything the server holds about the resident, as JSON to read or copy (PIPL right of access).
import { View, Text } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import { useState } from 'react'
import ActionButton from '@/components/action-button'
import PageState from '@/components/page-state'
import PrivacyPopup from '@/components/privacy-popup'
import { ApiError } from '@/api/errors'
import { useStores } from '@/stores'
import { openRoute } from '@/utils/nav'
import { ROUTES } from '@/routes'
import './index.scss'
import { withPage } from '@/components/page'

function DataPage() {
  const { me } = useStores()
  const [status, setStatus] = useState<'idle' | 'loading' | 'ready' | 'failed'>('idle')
  const [text, setText] = useState('')
  const [error, setError] = useState('')

  const load = async () => {
    setStatus('loading')
    setError('')
    try {
      setText(await me.exportData())
      setStatus('ready')
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '导出未完成，请稍后重试')
      setStatus('failed')
    }
  }

  const copy = () => {
    // Clipboard is a privacy API on WeChat: the first use brings up the privacy popup.
    void Taro.setClipboardData({ data: text }).catch(() => {
      void Taro.showToast({ title: '未能复制，请长按文字选择复制', icon: 'none' })
    })
  }

  return (
    <View className='os-data'>
      <Text className='os-data__title'>导出我的数据</Text>
      <Text className='os-data__intro'>
        您可以随时查看一站办保存的关于您的全部信息，包括账号、登录方式、实名信息以及预约和诉求记录。导出内容为 JSON 格式，可复制保存。
      </Text>
      {!me.signedIn && (
        <View>
          <PageState kind='empty' message='请先登录，再导出您的数据' />
          <ActionButton id='data-sign-in' text='去登录' onTap={() => openRoute(ROUTES.login)} />
        </View>
      )}
      {me.signedIn && status === 'idle' && <ActionButton id='data-export' text='生成导出' onTap={() => void load()} />}
      {status === 'loading' && <PageState kind='loading' message='正在整理您的数据…' />}
      {status === 'failed' && <PageState kind='error' message={error} onRetry={() => void load()} />}
      {status === 'ready' && (
        <View className='os-data__result'>
          <Text id='data-json' className='os-data__json' userSelect>
            {text}
          </Text>
          <ActionButton id='data-copy' text='复制全部' onTap={copy} />
          <ActionButton id='data-reload' text='重新生成' tone='secondary' onTap={() => void load()} />
        </View>
      )}
      <PrivacyPopup />
    </View>
  )
}

export default withPage(observer(DataPage))
