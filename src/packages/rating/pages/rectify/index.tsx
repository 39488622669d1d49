// 差评整改 (staff): the department's (or hall's) 整改 orders, soonest deadline first with 临期/超期; for each, the 回访
// (how the resident was contacted and what was said) and the 整改 result, or a 申诉复核 against the rating.
import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import { useDidShow } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import ActionButton from '@/components/action-button'
import ChoiceChips from '@/components/choice-chips'
import PageState from '@/components/page-state'
import TextAreaField from '@/components/text-area-field'
import { CONTACT_METHODS, CONTACT_METHOD_LABEL, indicatorScores } from '@domain/ratings'
import type { ContactMethod, StaffRectification } from '@contract/ratings'
import { useStores } from '@/stores'
import { rectifyDeskOf } from '@/stores/rectify-desk'
import { openRoute } from '@/utils/nav'
import { ROUTES } from '@/routes'
import { moment } from '../../components/labels'
import '../../components/rating.scss'
import { withPage } from '@/components/page'

const METHOD_CHOICES = CONTACT_METHODS.map((m) => ({ value: m, label: CONTACT_METHOD_LABEL[m] }))
const APPEAL_LABEL = { pending: '申诉复核中', upheld: '申诉成立（不计入统计）', rejected: '申诉不成立' } as const

const Item = observer(function Item({ r }: { r: StaffRectification }) {
  const rectifyDesk = rectifyDeskOf(useStores())
  const [open, setOpen] = useState<'record' | 'appeal' | null>(null)
  const [method, setMethod] = useState<ContactMethod | undefined>(undefined)
  const [summary, setSummary] = useState('')
  const [result, setResult] = useState('')
  const [reason, setReason] = useState('')
  const pendingAppeal = r.appeal?.status === 'pending'

  return (
    <View id={`rect-${r.id}`} className='os-rating__card'>
      <View className='os-rating__row'>
        <Text className='os-rating__title'>{r.subject.label}</Text>
        <Text className={`os-rating__tag os-rating__tag--${r.status === 'open' ? r.urgency : 'normal'}`}>{r.urgencyLabel}</Text>
      </View>
      <Text className='os-rating__text'>{`评价：${r.levelLabel}（${moment(r.ratedAt)}）`}</Text>
      {r.indicators && <Text className='os-rating__muted'>{indicatorScores(r.indicators).map((i) => `${i.label} ${i.score}`).join(' · ')}</Text>}
      {r.comment && <Text className='os-rating__text'>{`市民意见：${r.comment}`}</Text>}
      <Text className='os-rating__muted'>{`整改期限：${moment(r.deadline)}`}</Text>
      {r.contact && <Text className='os-rating__text'>{`回访（${r.contact.methodLabel}）：${r.contact.summary}`}</Text>}
      {r.result && <Text className='os-rating__text'>{`整改结果：${r.result}`}</Text>}
      {r.verdict && <Text className='os-rating__text'>{`市民对整改：${r.verdict === 'satisfied' ? '满意' : '不满意'}`}</Text>}
      {r.appeal && <Text className='os-rating__muted'>{`${APPEAL_LABEL[r.appeal.status]}${r.appeal.note ? `：${r.appeal.note}` : ''}`}</Text>}
      {r.status === 'open' && open !== 'record' && <ActionButton id={`rect-${r.id}-record`} text='登记回访与整改结果' onTap={() => setOpen('record')} />}
      {open === 'record' && (
        <View>
          <ChoiceChips id={`rect-${r.id}-method`} label='回访方式' choices={METHOD_CHOICES} value={method} onChange={setMethod} />
          <TextAreaField id={`rect-${r.id}-summary`} label='回访情况' value={summary} maxlength={500} placeholder='与市民联系的时间、内容和市民的意见' onInput={setSummary} />
          <TextAreaField id={`rect-${r.id}-result`} label='整改结果' value={result} maxlength={1000} placeholder='采取了哪些整改措施' onInput={setResult} />
          <ActionButton
            id={`rect-${r.id}-save`}
            text='提交'
            busy={rectifyDesk.busy}
            onTap={() => void rectifyDesk.record(r.id, { method, summary, result }).then((ok) => ok && setOpen(null))}
          />
        </View>
      )}
      {!r.excluded && !pendingAppeal && open !== 'appeal' && (
        <ActionButton id={`rect-${r.id}-appeal`} text='申诉复核' tone='secondary' onTap={() => setOpen('appeal')} />
      )}
      {open === 'appeal' && (
        <View>
          <TextAreaField id={`rect-${r.id}-reason`} label='申诉理由' value={reason} maxlength={500} placeholder='说明评价不实或恶意的依据' onInput={setReason} />
          <ActionButton id={`rect-${r.id}-send-appeal`} text='提交申诉' busy={rectifyDesk.busy} onTap={() => void rectifyDesk.appeal(r.id, reason).then((ok) => ok && setOpen(null))} />
        </View>
      )}
    </View>
  )
})

function RectifyPage() {
  const { staff } = useStores()
  const rectifyDesk = rectifyDeskOf(useStores())
  useDidShow(() => {
    if (staff.signedIn) void rectifyDesk.load()
  })

  return (
    <View className='os-rating'>
      <Text className='os-rating__heading'>差评整改</Text>
      <Text className='os-rating__sub'>不满意、非常不满意的评价须在期限内回访市民并整改</Text>
      {!staff.signedIn && <ActionButton id='rect-sign-in' text='工作人员登录' onTap={() => openRoute(ROUTES.staffLogin)} />}
      <ChoiceChips
        id='rect-filter'
        choices={[{ value: 'open', label: '待整改' }, { value: 'done', label: '已整改' }]}
        value={rectifyDesk.filter}
        onChange={(f) => void rectifyDesk.load(f)}
      />
      {rectifyDesk.message && <Text id='rect-message' className='os-rating__ok'>{rectifyDesk.message}</Text>}
      {rectifyDesk.problem && <Text id='rect-problem' className='os-rating__problem'>{rectifyDesk.problem}</Text>}
      {rectifyDesk.status === 'failed' && <PageState kind='error' message={rectifyDesk.error} onRetry={() => void rectifyDesk.load()} />}
      {rectifyDesk.status === 'loading' && rectifyDesk.items.length === 0 && <PageState kind='loading' />}
      {rectifyDesk.status === 'ready' && rectifyDesk.items.length === 0 && <PageState kind='empty' message='没有整改单' />}
      {rectifyDesk.items.map((r) => (
        <Item key={r.id} r={r} />
      ))}
    </View>
  )
}

export default withPage(observer(RectifyPage))
