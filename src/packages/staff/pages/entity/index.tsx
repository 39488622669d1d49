// 涉事单位 (staff): one entity residents named in several requests — how they wrote it, every request naming it across
// districts and types, the addresses and phones they gave, which departments handled it and how those ended,
// whether it could be reached, the 联系涉事单位 log with a form to record an attempt, and a timeline.
import { View, Text } from '@tarojs/components'
import { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import Taro from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import { useState } from 'react'
import type { ContactMethod, ContactResult } from '@contract/similar'
import ActionButton from '@/components/action-button'
import ChoiceChips from '@/components/choice-chips'
import PageState from '@/components/page-state'
import StatusTag from '@/components/status-tag'
import TextAreaField from '@/components/text-area-field'
import Fact from '@/packages/staff/components/fact'
import { useStores } from '@/stores'
import { entityDossierOf, CONTACT_METHODS, CONTACT_RESULTS } from '@/stores/entity-dossier'
import { formatDateTime } from '@/utils/request-format'
import { goBack, openRoute } from '@/utils/nav'
import { ROUTES, routeUrl } from '@/routes'
import '@/packages/staff/workbench.scss'
import { withPage } from '@/components/page'

const KIND_LABEL: Record<string, string> = { company: '单位', address: '地址', phone: '电话', plate: '车牌' }

function reachableText(reachable: boolean | null): string {
  if (reachable === null) return '尚未联系'
  return reachable ? '可联系' : '联系不上'
}

function EntityPage() {
  const { staff } = useStores()
  const entityDossier = entityDossierOf(useStores())
  const id = useRouter().params.id ?? ''
  const [method, setMethod] = useState<ContactMethod>('phone')
  const [result, setResult] = useState<ContactResult | undefined>(undefined)
  const [note, setNote] = useState('')

  const load = () => {
    if (id && staff.signedIn) void entityDossier.load(id)
  }
  useDidShow(load)
  usePullDownRefresh(() => {
    load()
    void Taro.stopPullDownRefresh()
  })

  const d = entityDossier.dossiers.get(id)
  const status = entityDossier.status.get(id)
  const error = entityDossier.errors.get(id)

  let body
  if (!staff.signedIn) {
    body = (
      <View className='os-bench__card'>
        <PageState kind='empty' message='请先使用工作账号登录' />
        <ActionButton id='entity-sign-in' text='工作人员登录' onTap={() => openRoute(ROUTES.staffLogin)} />
      </View>
    )
  } else if (!id) body = <PageState kind='empty' message='没有找到该涉事单位' />
  else if (!d && status === 'failed') {
    body = error?.status === 404 ? <PageState kind='empty' message='没有找到该涉事单位' /> : <PageState kind='error' message={error?.message} onRetry={load} />
  } else if (!d) body = <PageState kind='loading' />
  else {
    const save = async () => {
      if (!result) return
      if (await entityDossier.addContact(id, method, result, note)) {
        setResult(undefined)
        setNote('')
      }
    }
    body = (
      <View className='os-bench__columns'>
        <View className='os-bench__main'>
          <View id='entity-head' className='os-bench__card'>
            <Text id='entity-name' className='os-bench__number'>
              {d.name}
            </Text>
            <View className='os-bench__facts'>
              <Fact label='类别' value={KIND_LABEL[d.kind] ?? d.kind} />
              <Fact id='entity-count' label='涉及诉求' value={`${d.requests.length} 件`} />
              {d.variants.length > 1 && <Fact id='entity-variants' label='市民的写法' value={d.variants.join('、')} />}
              {d.districts.length > 0 && <Fact label='涉及区' value={d.districts.join('、')} />}
              {d.addresses.length > 0 && <Fact id='entity-addresses' label='市民提供的地址' value={d.addresses.join('；')} />}
              {d.phones.length > 0 && <Fact label='市民提供的电话' value={d.phones.join('、')} />}
              <Fact id='entity-reachable' label='能否联系' value={reachableText(d.reachable)} alert={d.reachable === false} />
            </View>
          </View>
          {d.departments.length > 0 && (
            <View id='entity-departments' className='os-bench__card'>
              <Text className='os-bench__section'>承办部门与结果</Text>
              {d.departments.map((dep) => (
                <Text key={dep.code} className='os-bench__item-text'>
                  {dep.name}：{dep.count} 件（{dep.outcomes.map((o) => `${o.statusLabel} ${o.count}`).join('，')}）
                </Text>
              ))}
            </View>
          )}
          <View id='entity-requests' className='os-bench__card'>
            <Text className='os-bench__section'>涉及的诉求</Text>
            {d.requests.map((r) => (
              <View
                key={r.id}
                id={`entity-request-${r.number}`}
                className='os-bench__related'
                hoverClass='os-bench__pressed'
                ariaRole='link'
                onClick={() => openRoute(routeUrl(ROUTES.workOrder, { id: r.id }))}
              >
                <View className='os-bench__row os-bench__row--between'>
                  <Text className='os-bench__number'>{r.number}</Text>
                  <StatusTag status={r.status} label={r.statusLabel} />
                </View>
                <Text className='os-bench__item-text'>{r.summary}</Text>
                <Text className='os-bench__hint'>
                  {formatDateTime(r.createdAt)}
                  {r.district ? ` · ${r.district}` : ''}
                  {r.department ? ` · ${r.department.name}` : ''} · 写作“{r.nameAsWritten}”
                </Text>
              </View>
            ))}
          </View>
        </View>
        <View className='os-bench__side'>
          <View id='entity-contact' className='os-bench__card'>
            <Text className='os-bench__section'>联系涉事单位</Text>
            <ChoiceChips id='entity-method' label='方式' choices={[...CONTACT_METHODS]} value={method} onChange={setMethod} />
            <ChoiceChips id='entity-result' label='结果' choices={[...CONTACT_RESULTS]} value={result} onChange={setResult} />
            <TextAreaField id='entity-note' label='情况说明（选填）' value={note} maxlength={500} size='md' placeholder='如：负责人承诺三日内退款' onInput={setNote} />
            {entityDossier.saveError && <Text className='os-bench__error'>{entityDossier.saveError}</Text>}
            <ActionButton id='entity-contact-save' text='记录这次联系' busy={entityDossier.saving} disabled={!result} onTap={() => void save()} />
            {d.contacts.map((c) => (
              <Text key={c.id} className='os-bench__hint'>
                {formatDateTime(c.createdAt)} {c.staffName}（{CONTACT_METHODS.find((m) => m.value === c.method)?.label}）：{c.resultLabel}
                {c.note ? `，${c.note}` : ''}
              </Text>
            ))}
          </View>
          <View id='entity-timeline' className='os-bench__card'>
            <Text className='os-bench__section'>时间线</Text>
            {d.timeline.map((t, i) => (
              <Text key={`${t.at}-${i}`} className='os-bench__hint'>
                {formatDateTime(t.at)} {t.text}
              </Text>
            ))}
          </View>
        </View>
      </View>
    )
  }

  return (
    <View className='os-bench'>
      <View className='os-bench__head'>
        <Text className='os-bench__title'>涉事单位</Text>
      </View>
      {body}
      <ActionButton id='entity-back' text='返回' tone='secondary' onTap={goBack} />
    </View>
  )
}

export default withPage(observer(EntityPage))
