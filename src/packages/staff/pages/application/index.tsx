// 办件详情 (staff, ?id=): the applicant (real name, ID, phone: an application is real-name by law), the answers by
// their labels, the materials (opening a file is audited on the server), the timeline, and the actions legal now.
import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import Taro, { useDidShow, useLoad } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import type { StaffApplicationDetail } from '@contract/applications'
import type { ServiceForm } from '@contract/forms'
import ActionButton from '@/components/action-button'
import PageState from '@/components/page-state'
import { openProtectedFile } from '@/platform/documents'
import { ROUTES } from '@/routes'
import { useStores } from '@/stores'
import { applicationDeskOf } from '@/stores/application-desk'
import { openRoute } from '@/utils/nav'
import ApplicationActions from '../../components/application-actions'
import Fact from '../../components/fact'
import '@/packages/staff/workbench.scss'
import { withPage } from '@/components/page'

const time = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')

/** An answer as text: choices by their labels, addresses and bank accounts joined, groups counted. */
function answerText(value: unknown, options?: { value: string; label: string }[]): string {
  if (value === undefined || value === null || value === '') return '—'
  if (typeof value === 'boolean') return value ? '是' : '否'
  if (Array.isArray(value)) return value.every((v) => typeof v === 'string') ? value.map((v) => options?.find((o) => o.value === v)?.label ?? v).join('、') : `${value.length} 项`
  if (typeof value === 'object') return Object.values(value as Record<string, unknown>).filter(Boolean).join(' ')
  const s = String(value)
  return options?.find((o) => o.value === s)?.label ?? s
}

function Answers({ d, form }: { d: StaffApplicationDetail; form: ServiceForm | undefined }) {
  const known = form?.fields.filter((f) => !f.prefill && f.key in d.fields) ?? []
  const rest = Object.keys(d.fields).filter((k) => !known.some((f) => f.key === k))
  return (
    <View id='app-answers' className='os-bench__card'>
      <Text className='os-bench__form-title'>申请内容</Text>
      {known.map((f) => (
        <Fact key={f.key} label={f.label} value={answerText(d.fields[f.key], f.options)} />
      ))}
      {rest.map((k) => (
        <Fact key={k} label={k} value={answerText(d.fields[k])} />
      ))}
    </View>
  )
}

function StaffApplicationPage() {
  const { staff } = useStores()
  const desk = applicationDeskOf(useStores())
  const [id, setId] = useState('')

  useLoad((query: Record<string, string | undefined>) => {
    const i = decodeURIComponent(query.id ?? '')
    setId(i)
    if (i && staff.signedIn) void desk.loadDetail(i)
  })
  useDidShow(() => void staff.load())

  if (!staff.signedIn) {
    return (
      <View className='os-bench'>
        <View className='os-bench__head'>
          <Text className='os-bench__title'>办件详情</Text>
        </View>
        <View className='os-bench__card'>
          <PageState kind='empty' message='请先使用工作账号登录' />
          <ActionButton id='app-sign-in' text='工作人员登录' onTap={() => openRoute(ROUTES.staffLogin)} />
        </View>
      </View>
    )
  }
  const d = id ? desk.details.get(id) : undefined
  if (!d) {
    const err = id ? desk.detailErrors.get(id) : undefined
    return (
      <View className='os-bench'>
        <View className='os-bench__head'>
          <Text className='os-bench__title'>办件详情</Text>
        </View>
        {!id || err ? <PageState kind='error' message={err?.message ?? '未指定办件'} onRetry={id ? () => void desk.loadDetail(id) : undefined} /> : <PageState kind='loading' />}
      </View>
    )
  }
  const form = desk.forms.get(d.serviceCode)
  const open = (uploadId: string) => {
    const token = staff.token
    if (!token) return
    openProtectedFile(desk.materialUrl(d.id, uploadId), token).catch(() => void Taro.showToast({ title: '文件打开失败，请重试', icon: 'none' }))
  }
  return (
    <View className='os-bench'>
        <View className='os-bench__head'>
          <Text className='os-bench__title'>办件详情</Text>
        </View>
      <View id='app-head' className='os-bench__card'>
        <View className='os-bench__row os-bench__row--between'>
          <Text className='os-bench__number'>{d.number}</Text>
          <Text id='app-status' className='os-bench__meta-part'>
            {d.statusLabel}
          </Text>
        </View>
        <Text className='os-bench__item-text'>{d.serviceName}</Text>
        <Fact label='申请人' value={d.applicant.name} />
        <Fact label='身份证号码' value={d.applicant.idNumber} />
        <Fact label='联系电话' value={d.applicant.phone ?? '—'} />
        <Fact label='提交时间' value={time(d.submittedAt)} />
        <Fact label='承诺办结' value={d.promisedBy ? `${time(d.promisedBy)}${d.mark === 'overdue' ? '（已超期）' : d.mark === 'due-soon' ? '（临期）' : ''}` : `受理后 ${d.promisedDays} 个工作日`} />
        {d.bundleNumber && <Fact label='一件事' value={d.bundleNumber} />}
      </View>

      <ApplicationActions detail={d} form={form} busy={desk.acting} error={desk.actionError} onAct={(body) => desk.act(d.id, body)} />

      <Answers d={d} form={form} />

      <View id='app-materials' className='os-bench__card'>
        <Text className='os-bench__form-title'>申请材料</Text>
        {d.materials.length === 0 && <Text className='os-bench__hint'>无</Text>}
        {d.materials.map((m) => (
          <View key={m.materialId} className='os-bench__subsection'>
            <Text className='os-bench__item-text'>{m.name}</Text>
            {m.provide === 'counter' && <Text className='os-bench__hint'>窗口核验原件</Text>}
            {m.provide === 'licence' && <Text className='os-bench__hint'>{m.licenceId === 'realname' ? '居民身份证（实名认证核验）' : `电子证照 ${m.licenceId ?? ''}`}</Text>}
            {m.uploadIds.map((u, i) => (
              <View key={u} id={`app-file-${m.materialId}-${i}`} className='os-bench__small-button' ariaRole='button' onClick={() => open(u)}>
                <Text>{`查看第 ${i + 1} 个文件`}</Text>
              </View>
            ))}
          </View>
        ))}
      </View>

      <View id='app-timeline' className='os-bench__card'>
        <Text className='os-bench__form-title'>办理记录</Text>
        {d.timeline.map((s, i) => (
          <View key={`${s.at}-${i}`} className='os-bench__subsection'>
            <Text className='os-bench__item-text'>{`${time(s.at)} ${s.label}`}</Text>
            {s.note && <Text className='os-bench__hint'>{s.note}</Text>}
          </View>
        ))}
      </View>
    </View>
  )
}

export default withPage(observer(StaffApplicationPage))
