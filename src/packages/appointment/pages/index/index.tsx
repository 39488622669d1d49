// 预约办事 entry (?service=CODE: choose a hall, nearest first when the position is allowed; ?tab=mine: 我的预约;
// otherwise the bookable services and the resident's bookings).
import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import { useDidShow, useLoad } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import type { Appointment } from '@contract/appointment'
import ActionButton from '@/components/action-button'
import PageState from '@/components/page-state'
import { APPOINTMENT_STATUS_LABEL, blockedMessage, formatDistance } from '@domain/appointment'
import { currentPosition } from '@/platform/location'
import { useStores } from '@/stores'
import { guidesOf } from '@/stores/guides'
import { appointmentsOf } from '@/stores/appointments'
import { openRoute } from '@/utils/nav'
import { slotText } from '@/packages/appointment/components/labels'
import { ROUTES, routeUrl } from '@/routes'
import '@/packages/appointment/components/appointment.scss'
import { withPage } from '@/components/page'

function Booking({ a }: { a: Appointment }) {
  return (
    <View id={`appt-${a.id}`} className='os-appt__row' hoverClass='os-appt__row--pressed' ariaRole='button' onClick={() => openRoute(routeUrl(ROUTES.appointment, { id: a.id }))}>
      <View className='os-appt__row-head'>
        <Text className='os-appt__name'>{a.service.name}</Text>
        <Text className={`os-appt__tag os-appt__tag--${a.status}`}>{APPOINTMENT_STATUS_LABEL[a.status]}</Text>
      </View>
      <Text className='os-appt__muted'>{`${slotText(a.slot.start, a.slot.end)} · ${a.hall.name}`}</Text>
      {a.queueNumber && <Text className='os-appt__text'>{`排队号 ${a.queueNumber}`}</Text>}
    </View>
  )
}

const Mine = observer(function Mine() {
  const { session } = useStores()
  const appointments = appointmentsOf(useStores())
  if (!session.signedIn) {
    return (
      <View className='os-appt__card'>
        <Text className='os-appt__text'>登录后可查看和管理您的预约。</Text>
        <ActionButton id='appt-login' text='登录' onTap={() => openRoute(ROUTES.login)} />
      </View>
    )
  }
  if (appointments.mineStatus === 'failed' && appointments.mine.length === 0) {
    return <PageState kind='error' message={appointments.mineError} onRetry={() => void appointments.loadMine()} />
  }
  if (appointments.mineStatus !== 'ready' && appointments.mine.length === 0) return <PageState kind='loading' />
  return (
    <View id='appt-mine'>
      {appointments.blockedUntil && appointments.rules && <Text className='os-appt__notice'>{blockedMessage(new Date(appointments.blockedUntil), appointments.rules)}</Text>}
      <Text className='os-appt__card-title'>即将办理</Text>
      {appointments.upcoming.length === 0 && <PageState kind='empty' message='暂无待办理的预约' />}
      {appointments.upcoming.map((a) => (
        <Booking key={a.id} a={a} />
      ))}
      {appointments.past.length > 0 && <Text className='os-appt__card-title'>历史预约</Text>}
      {appointments.past.map((a) => (
        <Booking key={a.id} a={a} />
      ))}
    </View>
  )
})

const Services = observer(function Services() {
  const appointments = appointmentsOf(useStores())
  if (appointments.bookableStatus === 'failed') return <PageState kind='error' message='可预约事项加载失败' onRetry={() => void appointments.loadBookable()} />
  if (appointments.bookableStatus !== 'ready') return <PageState kind='loading' />
  return (
    <View id='appt-services'>
      <Text className='os-appt__sub'>选择要办理的事项（也可在“办事指南”中找到事项后点“预约办理”）</Text>
      {appointments.bookable.map((s) => (
        <View
          key={s.code}
          id={`appt-service-${s.code}`}
          className='os-appt__row'
          hoverClass='os-appt__row--pressed'
          ariaRole='button'
          onClick={() => openRoute(routeUrl(ROUTES.appointments, { service: s.code }))}
        >
          <Text className='os-appt__name'>{s.name}</Text>
          <Text className='os-appt__muted'>{s.department.name}</Text>
        </View>
      ))}
    </View>
  )
})

const Halls = observer(function Halls({ service }: { service: string }) {
  const appointments = appointmentsOf(useStores())
  const guides = guidesOf(useStores())
  const guide = guides.byCode.get(service)
  const locate = async () => {
    const answer = await currentPosition()
    if (answer.ok) appointments.setPosition({ lat: answer.place.lat, lng: answer.place.lng })
    else appointments.setPosition(null, answer.reason === 'cancelled' ? '' : '未获得位置权限，已按行政区顺序排列')
  }
  return (
    <View id='appt-halls'>
      <Text className='os-appt__heading'>选择办事大厅</Text>
      <Text className='os-appt__sub'>{guide ? guide.name : service}</Text>
      <View className='os-appt__row-head'>
        <Text className='os-appt__muted'>{appointments.position ? '已按距离由近到远排列' : appointments.positionNote || '按行政区排列'}</Text>
        {!appointments.position && (
          <View id='appt-locate' className='os-appt__link' ariaRole='button' onClick={() => void locate()}>
            <Text>离我最近</Text>
          </View>
        )}
      </View>
      {appointments.hallsStatus === 'failed' && <PageState kind='error' message={appointments.hallsError} onRetry={() => void appointments.loadHalls(service)} />}
      {appointments.hallsStatus === 'loading' && <PageState kind='loading' />}
      {appointments.hallsStatus === 'ready' && appointments.hallChoices.length === 0 && <PageState kind='empty' message='该事项暂无可预约的大厅，请致电 12345 咨询' />}
      {appointments.hallsStatus === 'ready' &&
        appointments.hallChoices.map((h) => (
          <View key={h.id} id={`hall-${h.id}`} className='os-appt__row' hoverClass='os-appt__row--pressed' ariaRole='button' onClick={() => openRoute(routeUrl(ROUTES.slots, { service, hall: h.id }))}>
            <View className='os-appt__row-head'>
              <Text className='os-appt__name'>{h.name}</Text>
              {h.distance !== undefined && <Text className='os-appt__tag'>{formatDistance(h.distance)}</Text>}
            </View>
            <Text className='os-appt__muted'>{`${h.district} · ${h.address}`}</Text>
            <Text className='os-appt__muted'>{h.hours}</Text>
          </View>
        ))}
      {appointments.hallsStatus === 'ready' && (
        <View id='appt-hall-ratings' className='os-appt__link' ariaRole='link' onClick={() => openRoute(ROUTES.publicRatings)}>
          <Text>各大厅好差评 ›</Text>
        </View>
      )}
    </View>
  )
})

function AppointmentPage() {
  const { session } = useStores()
  const appointments = appointmentsOf(useStores())
  const guides = guidesOf(useStores())
  const [service, setService] = useState('')
  const [tab, setTab] = useState<'book' | 'mine'>('book')

  useLoad((query: Record<string, string | undefined>) => {
    const s = decodeURIComponent(query.service ?? '')
    setService(s)
    setTab(query.tab === 'mine' ? 'mine' : 'book')
    if (s) {
      void appointments.loadHalls(s)
      void guides.load(s)
    } else {
      void appointments.loadBookable()
    }
  })
  useDidShow(() => {
    if (session.signedIn) {
      void appointments.loadRules()
      void appointments.loadMine()
    }
  })

  if (service) {
    return (
      <View className='os-appt'>
        <Halls service={service} />
      </View>
    )
  }
  return (
    <View className='os-appt'>
      <Text className='os-appt__heading'>预约办事</Text>
      <View className='os-appt__tabs'>
        <View id='appt-tab-book' className={`os-appt__tab${tab === 'book' ? ' os-appt__tab--on' : ''}`} ariaRole='tab' onClick={() => setTab('book')}>
          <Text>我要预约</Text>
        </View>
        <View id='appt-tab-mine' className={`os-appt__tab${tab === 'mine' ? ' os-appt__tab--on' : ''}`} ariaRole='tab' onClick={() => setTab('mine')}>
          <Text>我的预约</Text>
        </View>
      </View>
      {tab === 'mine' ? <Mine /> : <Services />}
    </View>
  )
}

export default withPage(observer(AppointmentPage))
