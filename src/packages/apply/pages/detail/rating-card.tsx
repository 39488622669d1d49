// 评价 on the 办件 detail page (一事一评): once the 办件 has ended, 去评价 while it may be rated, the rating when given
// (or the 7-day default) with its 整改, or why it can no longer be rated. Hidden while the 办件 is still open.
import { useEffect } from 'react'
import { Text, View } from '@tarojs/components'
import { observer } from 'mobx-react-lite'
import type { ApplicationDetail } from '@contract/applications'
import { indicatorScores, isEndedApplication } from '@domain/ratings'
import ActionButton from '@/components/action-button'
import { ROUTES, routeUrl } from '@/routes'
import { useStores } from '@/stores'
import { applicationRatingOf } from '@/stores/application-rating'
import { openRoute } from '@/utils/nav'

export default observer(function RatingCard({ detail: d }: { detail: ApplicationDetail }) {
  const store = applicationRatingOf(useStores())
  const ended = isEndedApplication(d.status)
  useEffect(() => {
    if (ended) void store.load(d.id)
  }, [ended, d.id, store])

  const v = store.views.get(d.id)
  if (!ended || !v) return null
  const open = () => openRoute(routeUrl(ROUTES.rateApplication, { id: d.id, title: `${d.serviceName} · ${d.number}` }))
  return (
    <View id='app-rating' className='os-apply__card'>
      <Text className='os-apply__title'>办件评价（好差评）</Text>
      {v.rateable && (
        <View>
          <Text className='os-apply__text'>请对这次网上办事作出评价，逾期未评价默认为“基本满意”</Text>
          <ActionButton id='app-rate' text='去评价' onTap={open} />
        </View>
      )}
      {v.rating && (
        <View>
          <Text id='app-rating-level' className='os-apply__text'>{`我的评价：${v.rating.levelLabel}${v.rating.isDefault ? '（7 天内未评价，系统默认）' : ''}`}</Text>
          {v.rating.indicators && <Text className='os-apply__note'>{indicatorScores(v.rating.indicators).map((i) => `${i.label} ${i.score} 分`).join('，')}</Text>}
          {v.rectification && <Text className='os-apply__note'>{v.rectification.status === 'done' ? '差评整改已完成，请查看整改结果' : `差评已转交${v.rectification.departmentName}整改`}</Text>}
          <ActionButton id='app-rating-open' text='查看评价' tone='secondary' onTap={open} />
        </View>
      )}
      {!v.rateable && !v.rating && v.refusal && <Text className='os-apply__note'>{v.refusal}</Text>}
    </View>
  )
})
