// One printed elder code as a print-friendly card (H5: window.print; mini-programs: save a screenshot to print).
import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import { useDidShow, useRouter } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import ActionButton from '@/components/action-button'
import PageState from '@/components/page-state'
import QrCode from '@/components/qr-code'
import { SCENE_LABELS } from '@domain/citycode-scenes'
import { useStores } from '@/stores'
import { citycodeOf } from '@/stores/citycode'
import { goBack } from '@/utils/nav'
import '@/packages/citycode/styles.scss'
import { withPage } from '@/components/page'

const ymd = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10)

function PrintPage() {
  const citycode = citycodeOf(useStores())
  const id = useRouter().params.id ?? ''
  const [loaded, setLoaded] = useState(false)

  useDidShow(() => {
    void citycode.getPrinted(id).then(() => setLoaded(true))
  })

  const p = citycode.printed.find((x) => x.id === id)
  if (!p) {
    return (
      <View className='os-cc'>
        <Text className='os-cc__title'>打印码</Text>
        {loaded ? <PageState kind='error' message={citycode.printedProblem || '找不到该打印码'} onRetry={() => void citycode.getPrinted(id)} /> : <PageState kind='loading' />}
      </View>
    )
  }
  return (
    <View className='os-cc-print'>
      <Text id='cc-print-title' className='os-cc-print__name'>{`一码通城 · ${SCENE_LABELS[p.scene]}`}</Text>
      {p.status === 'active' ? (
        <QrCode id='cc-print-qr' value={p.code} size={560} label={`${SCENE_LABELS[p.scene]}长者打印码`} />
      ) : (
        <PageState kind='empty' message={p.status === 'revoked' ? '该打印码已作废，不能再使用' : '该打印码已过期'} />
      )}
      <Text className='os-cc-print__line'>{`有效期：${ymd(p.issuedAt)} 至 ${ymd(p.expiresAt)}`}</Text>
      <Text className='os-cc-print__line'>{`编号：${p.id.slice(0, 8).toUpperCase()}`}</Text>
      <Text className='os-cc-print__line'>遗失请联系家人在“长者打印码”中作废</Text>
      <View className='os-cc-print__actions'>
        {process.env.TARO_ENV === 'h5' && p.status === 'active' && <ActionButton id='cc-print-now' text='打印' onTap={() => window.print()} />}
        {process.env.TARO_ENV !== 'h5' && <Text className='os-cc__text'>可截屏保存后打印。</Text>}
        <ActionButton id='cc-print-back' text='返回' tone='secondary' onTap={goBack} />
      </View>
    </View>
  )
}

export default withPage(observer(PrintPage))
