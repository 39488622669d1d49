// 办事评价 (?id=<appointment>): 一次一评 of a checked-in hall visit — five levels (非常满意 … 非常不满意), the hall
// indicators (总体、效率、服务、态度), 问题是否解决 and a comment; then the rating as given (or the 7-day default), and
// for a 差评 the department's 整改 with the resident's 满意/不满意.
import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import { useLoad } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import ActionButton from '@/components/action-button'
import ChoiceChips from '@/components/choice-chips'
import PageState from '@/components/page-state'
import { HALL_INDICATORS, INDICATOR_LABEL } from '@domain/ratings'
import type { HallIndicators } from '@contract/ratings'
import { useStores } from '@/stores'
import { appointmentsOf } from '@/stores/appointments'
import { ratingsOf } from '@/stores/ratings'
import { openRoute } from '@/utils/nav'
import { ROUTES } from '@/routes'
import { LEVEL_CHOICES, SCORE_CHOICES, moment } from '../../components/labels'
import RatingDone from '../../components/rating-done'
import RatingExtras from '../../components/rating-extras'
import RectificationCard from '../../components/rectification-card'
import '../../components/rating.scss'
import { withPage } from '@/components/page'

function RatePage() {
  const ratings = ratingsOf(useStores())
  const appointments = appointmentsOf(useStores())
  const [id, setId] = useState('')

  useLoad((query: Record<string, string | undefined>) => {
    setId(query.id ?? '')
    if (query.id) {
      void ratings.loadVisit(query.id)
      if (!appointments.byId.get(query.id)) void appointments.load(query.id)
    }
  })

  const a = id ? appointments.byId.get(id) : undefined
  const v = ratings.visit?.appointmentId === id ? ratings.visit : null
  const d = ratings.draft

  return (
    <View className='os-rating'>
      <Text className='os-rating__heading'>办事评价</Text>
      {a && <Text className='os-rating__sub'>{`${a.service.name} · ${a.hall.name}`}</Text>}
      {!id && <PageState kind='empty' message='未指定预约' />}
      {id && !v && ratings.visitStatus === 'failed' && <PageState kind='error' message={ratings.visitError} onRetry={() => void ratings.loadVisit(id)} />}
      {id && !v && ratings.visitStatus !== 'failed' && <PageState kind='loading' />}
      {v && v.rateable && (
        <View id='rate-form' className='os-rating__card'>
          <ChoiceChips id='rate-level' label='总体满意程度' choices={LEVEL_CHOICES} value={d.level ? String(d.level) : undefined} onChange={(l) => ratings.setLevel(Number(l))} />
          {HALL_INDICATORS.map((key) => (
            <ChoiceChips
              key={key}
              id={`rate-${key}`}
              label={INDICATOR_LABEL[key]}
              choices={SCORE_CHOICES}
              value={d.indicators[key] ? String(d.indicators[key]) : undefined}
              onChange={(s) => ratings.setIndicator(key as keyof HallIndicators, Number(s))}
            />
          ))}
          <RatingExtras
            draft={{ resolved: d.resolved, comment: d.comment, photo: d.photo }}
            placeholder='说说您的办事体验'
            onResolved={(x) => ratings.setResolved(x)}
            onComment={(t) => ratings.setComment(t)}
            onPhoto={(path) => ratings.setPhoto(path)}
          />
          {v.closesAt && <Text className='os-rating__muted'>{`${moment(v.closesAt)} 前可以评价，逾期默认为“基本满意”`}</Text>}
          {ratings.problem && <Text id='rate-problem' className='os-rating__problem'>{ratings.problem}</Text>}
          <ActionButton id='rate-submit' text='提交评价' busy={ratings.busy} onTap={() => void ratings.rate(id)} />
        </View>
      )}
      {v && !v.rateable && !v.rating && <Text id='rate-closed' className='os-rating__muted'>{v.refusal}</Text>}
      {v?.rating && <RatingDone rating={v.rating} rectified={Boolean(v.rectification)} photoUrl={(u) => ratings.photoUrl(u)} />}
      {v?.rectification && <RectificationCard r={v.rectification} busy={ratings.busy} onVerdict={(ok) => void ratings.confirm(ok ? 'satisfied' : 'unsatisfied')} />}
      {v?.rectification && ratings.problem && <Text className='os-rating__problem'>{ratings.problem}</Text>}
      <ActionButton id='rate-public' text='好差评公开数据' tone='secondary' onTap={() => openRoute(ROUTES.publicRatings)} />
    </View>
  )
}

export default withPage(observer(RatePage))
