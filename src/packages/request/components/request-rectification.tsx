// 诉求详情's 差评整改 card: after a 不满意 / 非常不满意 rating the 承办单位 must 回访 and 整改; the resident sees the
// deadline, the 回访 and the result, and says 满意 / 不满意 once it is done. Before the server has opened the 整改 (its
// job runs every minute) the card says the rating was passed on.
import { View, Text } from '@tarojs/components'
import { observer } from 'mobx-react-lite'
import { useState } from 'react'
import type { Rating, RequestDetail } from '@contract/request'
import { ApiError } from '@/api/errors'
import PageState from '@/components/page-state'
import RectificationCard from '@/packages/rating/components/rectification-card'
import '@/packages/rating/components/rating.scss'
import { RATING_LABEL, isUnsatisfied } from '@domain/workorder'
import { useStores } from '@/stores'
import { myRequestsOf } from '@/stores/my-requests'

/** 我的评价 as shown: e.g. "不满意 · 问题未解决：没人来处理". */
export function ratingText(rating: Rating): string {
  const resolved = rating.resolved === true ? ' · 问题已解决' : rating.resolved === false ? ' · 问题未解决' : ''
  return `${RATING_LABEL[rating.level]}${resolved}${rating.comment ? `：${rating.comment}` : ''}`
}

function RequestRectification({ r }: { r: RequestDetail }) {
  const myRequests = myRequestsOf(useStores())
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')
  if (!r.rating || !isUnsatisfied(r.rating.level)) return null

  const rect = myRequests.rectifications.get(r.id)
  const status = myRequests.rectificationStatus.get(r.id)

  const onVerdict = async (satisfied: boolean) => {
    if (busy) return
    setBusy(true)
    setError('')
    try {
      await myRequests.verdict(r.id, satisfied ? 'satisfied' : 'unsatisfied')
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '操作未完成，请稍后重试')
    } finally {
      setBusy(false)
    }
  }

  if (rect) {
    return (
      <View id='request-rectification'>
        <RectificationCard r={rect} busy={busy} onVerdict={(ok) => void onVerdict(ok)} />
        {error && (
          <Text id='request-rectification-error' className='os-request__error'>
            {error}
          </Text>
        )}
      </View>
    )
  }
  if (status === 'failed') {
    return (
      <View id='request-rectification' className='os-request__card'>
        <Text className='os-request__section'>差评整改</Text>
        <PageState kind='error' message={myRequests.rectificationErrors.get(r.id)?.message} onRetry={() => void myRequests.loadRectification(r.id)} />
      </View>
    )
  }
  if (status === 'loading' && rect === undefined) {
    return (
      <View id='request-rectification' className='os-request__card'>
        <Text className='os-request__section'>差评整改</Text>
        <PageState kind='loading' message='正在查询整改情况…' />
      </View>
    )
  }
  return (
    <View id='request-rectification' className='os-request__card'>
      <Text className='os-request__section'>差评整改</Text>
      <Text id='request-rectification-pending' className='os-request__hint'>
        您的评价已转交承办单位回访和整改，整改情况会显示在这里。
      </Text>
    </View>
  )
}

export default observer(RequestRectification)
