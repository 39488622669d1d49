// 我的证照: the e-licences issued to the resident; 亮证 shows one with the holder's name masked and a signed QR
// that is fetched again before it ends (as 一码通城 rotates its code), for a third party to verify.
import { useRef } from 'react'
import { Text, View } from '@tarojs/components'
import { useDidHide, useDidShow, useUnload } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import ActionButton from '@/components/action-button'
import PageState from '@/components/page-state'
import QrCode from '@/components/qr-code'
import { ROUTES } from '@/routes'
import { useStores } from '@/stores'
import { licencesOf } from '@/stores/licences'
import { openRoute } from '@/utils/nav'
import { beijingDate } from '../../status'
import Shell from '../../components/shell'
import '../../styles.scss'
import { withPage } from '@/components/page'

function LicencesPage() {
  const { me } = useStores()
  const store = licencesOf(useStores())
  const timer = useRef<ReturnType<typeof setInterval> | null>(null)
  const stop = () => {
    if (timer.current) clearInterval(timer.current)
    timer.current = null
  }
  useDidShow(() => {
    if (me.signedIn) void store.load()
    if (!timer.current) timer.current = setInterval(() => store.tick(), 1000)
  })
  useDidHide(stop)
  useUnload(() => {
    stop()
    store.hide()
  })

  if (!me.signedIn) {
    return (
      <Shell title='我的证照'>
        <View className='os-apply__card'>
          <Text className='os-apply__text'>登录后查看您的电子证照</Text>
          <ActionButton id='lic-sign-in' text='登录' onTap={() => openRoute(ROUTES.login)} />
        </View>
      </Shell>
    )
  }
  const shown = store.shown
  if (shown) {
    return (
      <Shell title='我的证照'>
        <View id='lic-shown' className='os-apply__card'>
          <Text className='os-apply__title'>{shown.title}</Text>
          <Text className='os-apply__text'>{`持证人 ${shown.holder}`}</Text>
          <Text className='os-apply__note'>{`${shown.issuer} · ${beijingDate(shown.issuedAt)} 发证 · 证照编号 ${shown.number}`}</Text>
          <View className='os-apply__qr'>
            {store.code ? <QrCode id='lic-qr' value={store.code} size={480} label={`${shown.title}核验码`} /> : store.codeError ? <PageState kind='error' message={store.codeError.message} /> : <PageState kind='loading' />}
            {store.code && <Text className='os-apply__note'>{`核验码 ${store.secondsLeft} 秒后自动更新，截图无效`}</Text>}
          </View>
          <ActionButton id='lic-hide' text='返回证照列表' tone='secondary' onTap={() => store.hide()} />
        </View>
      </Shell>
    )
  }
  if (store.items.length === 0) {
    return (
      <Shell title='我的证照'>
        {store.status === 'failed' ? (
          <PageState kind='error' message={store.error?.message} onRetry={() => void store.load()} />
        ) : store.status === 'ready' ? (
          <PageState kind='empty' message='还没有电子证照。在线申请办结后，证照会发放到这里。' />
        ) : (
          <PageState kind='loading' />
        )}
      </Shell>
    )
  }
  return (
    <Shell title='我的证照'>
      {store.items.map((l) => (
        <View key={l.id} id={`lic-${l.number}`} className='os-apply__card'>
          <View className='os-apply__row-head'>
            <Text className='os-apply__title'>{l.title}</Text>
            <Text className={`os-apply__status${l.status === 'valid' ? ' os-apply__status--done' : ' os-apply__status--warn'}`}>{l.status === 'valid' ? '有效' : '已注销'}</Text>
          </View>
          <Text className='os-apply__note'>{`持证人 ${l.holder} · ${l.issuer}`}</Text>
          <Text className='os-apply__note'>{`${beijingDate(l.issuedAt)} 发证 · 编号 ${l.number}`}</Text>
          {l.status === 'valid' && <ActionButton id={`lic-show-${l.number}`} text='亮证' onTap={() => void store.show(l.id)} />}
        </View>
      ))}
    </Shell>
  )
}

export default withPage(observer(LicencesPage))
