// 码使用记录: every verification of my codes (scene, who checked, accepted or why refused), newest first.
import { View, Text } from '@tarojs/components'
import { useDidShow } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import PageState from '@/components/page-state'
import { REASON_LABELS, SCENE_LABELS } from '@domain/citycode-scenes'
import { useStores } from '@/stores'
import { citycodeOf } from '@/stores/citycode'
import '@/packages/citycode/styles.scss'
import { withPage } from '@/components/page'

const when = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')

function UsagePage() {
  const citycode = citycodeOf(useStores())
  useDidShow(() => {
    void citycode.loadUses()
  })
  return (
    <View className='os-cc'>
      <Text className='os-cc__title'>码使用记录</Text>
      <Text className='os-cc__text'>最近 100 次核验：您的一码通城码和打印码在哪个场景、由谁核验、是否通过。如有不是您本人的使用，请作废打印码。</Text>
      {citycode.usesStatus === 'loading' && citycode.uses.length === 0 && <PageState kind='loading' />}
      {citycode.usesStatus === 'failed' && <PageState kind='error' message={citycode.usesProblem} onRetry={() => void citycode.loadUses()} />}
      {citycode.usesStatus === 'ready' && citycode.uses.length === 0 && <PageState kind='empty' message='还没有使用记录' />}
      {citycode.uses.map((u) => (
        <View key={u.id} id={`cc-use-${u.id}`} className='os-cc__row'>
          <Text className='os-cc__row-title'>{`${SCENE_LABELS[u.scene]}${u.kind === 'printed' ? '（打印码）' : ''}`}</Text>
          <Text className={`os-cc__muted ${u.ok ? 'os-cc__ok' : 'os-cc__bad'}`}>{u.ok ? '核验通过' : `未通过：${u.reason ? REASON_LABELS[u.reason] : '无效'}`}</Text>
          <Text className='os-cc__muted'>{`${when(u.at)} · ${u.verifier}`}</Text>
        </View>
      ))}
    </View>
  )
}

export default withPage(observer(UsagePage))
