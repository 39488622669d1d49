// 长者打印码: issue a long-lived printable code (≤ 180 days, one scene) for oneself or for a family member who named
// me as their agent; list, print and revoke them; name or remove family agents (授权家人代办).
import { useState } from 'react'
import { View, Text, Input } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import ActionButton from '@/components/action-button'
import PageState from '@/components/page-state'
import { CITY_SCENES, SCENE_LABELS, type CityScene } from '@domain/citycode-scenes'
import { useStores } from '@/stores'
import { citycodeOf } from '@/stores/citycode'
import { openRoute } from '@/utils/nav'
import { ROUTES, routeUrl } from '@/routes'
import '@/packages/citycode/styles.scss'
import { withPage } from '@/components/page'

const DAY_CHOICES = [30, 90, 180]
const STATUS_TEXT = { active: '有效', expired: '已过期', revoked: '已作废' } as const

const ymd = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10)

function PrintedPage() {
  const citycode = citycodeOf(useStores())
  const [scene, setScene] = useState<CityScene>('transit')
  const [days, setDays] = useState(180)
  const [holder, setHolder] = useState('')
  const [phone, setPhone] = useState('')

  useDidShow(() => {
    void citycode.loadPrinted()
  })

  const issue = async () => {
    const p = await citycode.issuePrinted(scene, days, holder || undefined)
    if (p) openRoute(routeUrl(ROUTES.printCode, { id: p.id }))
  }
  const revoke = async (id: string) => {
    const r = await Taro.showModal({ title: '作废打印码', content: '作废后这张打印码立即失效，不能恢复。确定作废吗？', confirmText: '作废' })
    if (r.confirm) await citycode.revokePrinted(id)
  }
  const chip = (on: boolean) => `os-cc__scene${on ? ' os-cc__scene--on' : ''}`

  return (
    <View className='os-cc'>
      <Text className='os-cc__title'>长者打印码</Text>
      <Text className='os-cc__text'>
        为不方便使用手机的老人打印一张长期有效的码（最长 180 天，限一个场景）。可为自己办理，也可为授权您代办的家人办理；遗失后请立即作废。
      </Text>
      {citycode.printedProblem !== '' && <Text id='cc-printed-error' className='os-cc__error'>{citycode.printedProblem}</Text>}

      <Text className='os-cc__section'>办理新码</Text>
      <View className='os-cc__scenes'>
        {CITY_SCENES.map((s) => (
          <View key={s} id={`cc-printed-scene-${s}`} className={chip(scene === s)} ariaRole='button' onClick={() => setScene(s)}>
            <Text>{SCENE_LABELS[s]}</Text>
          </View>
        ))}
      </View>
      <View className='os-cc__scenes'>
        {DAY_CHOICES.map((d) => (
          <View key={d} id={`cc-printed-days-${d}`} className={chip(days === d)} ariaRole='button' onClick={() => setDays(d)}>
            <Text>{`${d} 天`}</Text>
          </View>
        ))}
      </View>
      <View className='os-cc__scenes'>
        <View id='cc-holder-self' className={chip(holder === '')} ariaRole='button' onClick={() => setHolder('')}>
          <Text>为本人</Text>
        </View>
        {citycode.delegations.principals.map((p) => (
          <View key={p.userId} id={`cc-holder-${p.userId}`} className={chip(holder === p.userId)} ariaRole='button' onClick={() => setHolder(p.userId)}>
            <Text>{`为 ${p.name}`}</Text>
          </View>
        ))}
      </View>
      <ActionButton id='cc-printed-issue' text='生成打印码' busy={citycode.busy} busyText='正在生成…' onTap={() => void issue()} />

      <Text className='os-cc__section'>已办理的打印码</Text>
      {citycode.printedStatus === 'loading' && citycode.printed.length === 0 && <PageState kind='loading' />}
      {citycode.printedStatus === 'failed' && <PageState kind='error' message={citycode.printedProblem} onRetry={() => void citycode.loadPrinted()} />}
      {citycode.printedStatus === 'ready' && citycode.printed.length === 0 && <PageState kind='empty' message='还没有打印码' />}
      {citycode.printed.map((p) => (
        <View key={p.id} id={`cc-printed-${p.id}`} className='os-cc__row'>
          <Text className='os-cc__row-title'>{`${SCENE_LABELS[p.scene]} · ${p.holder}`}</Text>
          <Text className='os-cc__muted'>{`${ymd(p.issuedAt)} 至 ${ymd(p.expiresAt)} · ${STATUS_TEXT[p.status]}${p.issuedBy === 'family' ? ' · 家人代办' : ''}`}</Text>
          {p.status === 'active' && (
            <View>
              <ActionButton id={`cc-print-${p.id}`} text='查看并打印' tone='secondary' onTap={() => openRoute(routeUrl(ROUTES.printCode, { id: p.id }))} />
              <ActionButton id={`cc-revoke-${p.id}`} text='作废' tone='danger' busy={citycode.busy} onTap={() => void revoke(p.id)} />
            </View>
          )}
        </View>
      ))}

      <Text className='os-cc__section'>授权家人代办</Text>
      <Text className='os-cc__text'>填写家人的手机号（对方须已注册），对方即可为您办理、查看和作废打印码。任一方都可以随时解除。</Text>
      <Input id='cc-agent-phone' className='os-cc__field' type='number' maxlength={11} value={phone} placeholder='家人的手机号' onInput={(e) => setPhone(e.detail.value)} />
      <ActionButton
        id='cc-agent-add'
        text='授权'
        tone='secondary'
        busy={citycode.busy}
        disabled={!/^1\d{10}$/.test(phone)}
        onTap={() => void citycode.addAgent(phone).then((ok) => ok && setPhone(''))}
      />
      {citycode.delegations.agents.map((a) => (
        <View key={a.userId} className='os-cc__row'>
          <Text className='os-cc__row-title'>{`${a.name} 可为我代办`}</Text>
          <ActionButton id={`cc-agent-remove-${a.userId}`} text='解除授权' tone='danger' onTap={() => void citycode.removeDelegation(a.userId)} />
        </View>
      ))}
      {citycode.delegations.principals.map((p) => (
        <View key={p.userId} className='os-cc__row'>
          <Text className='os-cc__row-title'>{`我可为 ${p.name} 代办`}</Text>
          <ActionButton id={`cc-principal-remove-${p.userId}`} text='不再代办' tone='danger' onTap={() => void citycode.removeDelegation(p.userId)} />
        </View>
      ))}
    </View>
  )
}

export default withPage(observer(PrintedPage))
