// 申诉复核 (hotline / admin): the departments' pending appeals against 差评, each decided 成立 (the rating leaves the
// figures, the record stays) or 不成立, with the reviewer's note.
import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import { useDidShow } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import ActionButton from '@/components/action-button'
import PageState from '@/components/page-state'
import TextAreaField from '@/components/text-area-field'
import type { Appeal } from '@contract/ratings'
import { useStores } from '@/stores'
import { rectifyDeskOf } from '@/stores/rectify-desk'
import { openRoute } from '@/utils/nav'
import { ROUTES } from '@/routes'
import { moment } from '../../components/labels'
import '../../components/rating.scss'
import { withPage } from '@/components/page'

const Item = observer(function Item({ a }: { a: Appeal }) {
  const rectifyDesk = rectifyDeskOf(useStores())
  const [note, setNote] = useState('')
  return (
    <View id={`appeal-${a.id}`} className='os-rating__card'>
      <Text className='os-rating__title'>{a.subject.label}</Text>
      <Text className='os-rating__text'>{`${a.departmentName} 申诉（${moment(a.filedAt)}）：${a.reason}`}</Text>
      <Text className='os-rating__text'>{`被申诉的评价：${a.levelLabel}${a.comment ? `，“${a.comment}”` : ''}`}</Text>
      <TextAreaField id={`appeal-${a.id}-note`} label='复核意见' value={note} maxlength={500} placeholder='复核的依据与结论' onInput={setNote} />
      <ActionButton id={`appeal-${a.id}-uphold`} text='申诉成立（不计入统计）' busy={rectifyDesk.busy} onTap={() => void rectifyDesk.decide(a.id, true, note)} />
      <ActionButton id={`appeal-${a.id}-reject`} text='申诉不成立' tone='secondary' busy={rectifyDesk.busy} onTap={() => void rectifyDesk.decide(a.id, false, note)} />
    </View>
  )
})

function AppealsPage() {
  const { staff } = useStores()
  const rectifyDesk = rectifyDeskOf(useStores())
  useDidShow(() => {
    if (staff.signedIn) void rectifyDesk.loadAppeals()
  })

  return (
    <View className='os-rating'>
      <Text className='os-rating__heading'>申诉复核</Text>
      <Text className='os-rating__sub'>部门对差评提出的申诉，由 12345 热线复核</Text>
      {!staff.signedIn && <ActionButton id='appeals-sign-in' text='工作人员登录' onTap={() => openRoute(ROUTES.staffLogin)} />}
      {rectifyDesk.message && <Text id='appeals-message' className='os-rating__ok'>{rectifyDesk.message}</Text>}
      {rectifyDesk.problem && <Text id='appeals-problem' className='os-rating__problem'>{rectifyDesk.problem}</Text>}
      {rectifyDesk.appealsStatus === 'failed' && <PageState kind='error' message={rectifyDesk.error} onRetry={() => void rectifyDesk.loadAppeals()} />}
      {rectifyDesk.appealsStatus === 'loading' && rectifyDesk.appeals.length === 0 && <PageState kind='loading' />}
      {rectifyDesk.appealsStatus === 'ready' && rectifyDesk.appeals.length === 0 && <PageState kind='empty' message='没有待复核的申诉' />}
      {rectifyDesk.appeals.map((a) => (
        <Item key={a.id} a={a} />
      ))}
    </View>
  )
}

export default withPage(observer(AppealsPage))
