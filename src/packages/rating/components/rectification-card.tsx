// The 整改 of a 差评 as the resident sees it on a rating page (a hall visit's or a 办件's): who must rectify by when,
// the 回访 and the result, and the resident's 满意/不满意 once it is done.
import { View, Text } from '@tarojs/components'
import type { Rectification } from '@contract/ratings'
import ActionButton from '@/components/action-button'
import { moment } from './labels'

export default function RectificationCard({ r, busy, onVerdict }: { r: Rectification; busy: boolean; onVerdict: (satisfied: boolean) => void }) {
  return (
    <View id='rate-rectification' className='os-rating__card'>
      <Text className='os-rating__title'>差评整改</Text>
      <Text className='os-rating__text'>{`${r.departmentName} 须在 ${moment(r.deadline)} 前回访并整改`}</Text>
      {r.status === 'open' && <Text className='os-rating__muted'>整改中，完成后会显示在这里</Text>}
      {r.contact && <Text className='os-rating__text'>{`回访（${r.contact.methodLabel}，${moment(r.contact.at)}）：${r.contact.summary}`}</Text>}
      {r.result && <Text id='rate-rectify-result' className='os-rating__text'>{`整改结果：${r.result}`}</Text>}
      {r.status === 'done' && !r.verdict && (
        <View>
          <Text className='os-rating__muted'>您对整改结果满意吗？</Text>
          <ActionButton id='rate-confirm' text='确认，满意' busy={busy} onTap={() => onVerdict(true)} />
          <ActionButton id='rate-reject' text='不满意' tone='secondary' busy={busy} onTap={() => onVerdict(false)} />
        </View>
      )}
      {r.verdict && <Text id='rate-verdict' className='os-rating__ok'>{r.verdict === 'satisfied' ? '您已确认：对整改满意' : '您已表示：对整改不满意'}</Text>}
    </View>
  )
}
