// 办件评价 (?id=<application>&title=<service · number>): 一事一评 of an ended 办件 — five levels, the national online
// indicators (总体、办事效率、指南准确、便捷程度), 问题是否解决 and a comment; then the rating as given (or the 7-day
// default), and for a 差评 the department's 整改 with the resident's 满意/不满意.
import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import { useLoad } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import ActionButton from '@/components/action-button'
import ChoiceChips from '@/components/choice-chips'
import PageState from '@/components/page-state'
import { INDICATOR_LABEL, ONLINE_INDICATORS } from '@domain/ratings'
import { useStores } from '@/stores'
import { applicationRatingOf } from '@/stores/application-rating'
import { openRoute } from '@/utils/nav'
import { ROUTES } from '@/routes'
import { LEVEL_CHOICES, SCORE_CHOICES, moment } from '../../components/labels'
import RatingDone from '../../components/rating-done'
import RatingExtras from '../../components/rating-extras'
import RectificationCard from '../../components/rectification-card'
import '../../components/rating.scss'
import { withPage } from '@/components/page'

function RateApplicationPage() {
  const store = applicationRatingOf(useStores())
  const [id, setId] = useState('')
  const [title, setTitle] = useState('')

  useLoad((query: Record<string, string | undefined>) => {
    const i = decodeURIComponent(query.id ?? '')
    setId(i)
    setTitle(decodeURIComponent(query.title ?? ''))
    if (i) void store.load(i)
  })

  const v = id ? store.views.get(id) : undefined
  const d = store.draft

  return (
    <View className='os-rating'>
      <Text className='os-rating__heading'>办件评价</Text>
      {title && <Text className='os-rating__sub'>{title}</Text>}
      {!id && <PageState kind='empty' message='未指定办件' />}
      {id && !v && store.status.get(id) === 'failed' && <PageState kind='error' message={store.errors.get(id)} onRetry={() => void store.load(id)} />}
      {id && !v && store.status.get(id) !== 'failed' && <PageState kind='loading' />}
      {v && v.rateable && (
        <View id='rate-form' className='os-rating__card'>
          <ChoiceChips id='rate-level' label='总体满意程度' choices={LEVEL_CHOICES} value={d.level ? String(d.level) : undefined} onChange={(l) => store.setLevel(Number(l))} />
          {ONLINE_INDICATORS.map((key) => (
            <ChoiceChips
              key={key}
              id={`rate-${key}`}
              label={INDICATOR_LABEL[key]}
              choices={SCORE_CHOICES}
              value={d.indicators[key] ? String(d.indicators[key]) : undefined}
              onChange={(s) => store.setIndicator(key, Number(s))}
            />
          ))}
          <RatingExtras
            draft={{ resolved: d.resolved, comment: d.comment, photo: d.photo }}
            placeholder='说说您网上办事的体验'
            onResolved={(x) => store.setResolved(x)}
            onComment={(t) => store.setComment(t)}
            onPhoto={(path) => store.setPhoto(path)}
          />
          {v.closesAt && <Text className='os-rating__muted'>{`${moment(v.closesAt)} 前可以评价，逾期默认为“基本满意”`}</Text>}
          {store.problem && <Text id='rate-problem' className='os-rating__problem'>{store.problem}</Text>}
          <ActionButton id='rate-submit' text='提交评价' busy={store.busy} onTap={() => void store.rate(id)} />
        </View>
      )}
      {v && !v.rateable && !v.rating && <Text id='rate-closed' className='os-rating__muted'>{v.refusal}</Text>}
      {v?.rating && <RatingDone rating={v.rating} rectified={Boolean(v.rectification)} photoUrl={(u) => store.photoUrl(u)} />}
      {v?.rectification && <RectificationCard r={v.rectification} busy={store.busy} onVerdict={(ok) => void store.confirm(id, ok ? 'satisfied' : 'unsatisfied')} />}
      {v?.rectification && store.problem && <Text className='os-rating__problem'>{store.problem}</Text>}
      <ActionButton id='rate-public' text='好差评公开数据' tone='secondary' onTap={() => openRoute(ROUTES.publicRatings)} />
    </View>
  )
}

export default withPage(observer(RateApplicationPage))
