// 预约详情 (?id=[&done=booked|moved]): the booking code and its QR for check-in, status, time and hall, the queue number
// after check-in; 签到取号 inside the check-in window, 改约 and 取消 until the cut-off (each says when it opens or closed).
import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import Taro, { useDidShow, useLoad } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import ActionButton from '@/components/action-button'
import PageState from '@/components/page-state'
import QrCode from '@/components/qr-code'
import { APPOINTMENT_STATUS_LABEL, canCancel, cancelDeadline, checkinRefusal, checkinWindow, durationText, formatClock, formatSlotTime } from '@domain/appointment'
import { useStores } from '@/stores'
import { appointmentsOf } from '@/stores/appointments'
import { openRoute } from '@/utils/nav'
import { slotText } from '@/packages/appointment/components/labels'
import { ROUTES, routeUrl } from '@/routes'
import '@/packages/appointment/components/appointment.scss'
import { withPage } from '@/components/page'

function DetailPage() {
  const appointments = appointmentsOf(useStores())
  const [id, setId] = useState('')
  const [done, setDone] = useState('')

  useLoad((query: Record<string, string | undefined>) => {
    setId(query.id ?? '')
    setDone(query.done ?? '')
    appointments.clearProblem()
    void appointments.loadRules()
    if (query.id) void appointments.load(query.id)
  })
  // Back from 改约 or after a while on another page: show the booking as it is now.
  useDidShow(() => {
    if (id) void appointments.load(id)
  })

  const a = id ? appointments.byId.get(id) : undefined
  if (!a) {
    const failed = id && appointments.itemStatus.get(id) === 'failed'
    return (
      <View className='os-appt'>
        <Text className='os-appt__heading'>预约详情</Text>
        {!id && <PageState kind='empty' message='未指定预约' />}
        {failed && <PageState kind='error' message={appointments.itemError.get(id)} onRetry={() => void appointments.load(id)} />}
        {id && !failed && <PageState kind='loading' />}
      </View>
    )
  }

  const now = new Date()
  const start = new Date(a.slot.start)
  const booked = a.status === 'booked'
  const rules = appointments.rules
  const cancellable = booked && rules !== null && canCancel(start, now, rules)
  const checkin = rules && checkinRefusal(start, now, rules)
  const window = rules && checkinWindow(start, rules)
  const problem = appointments.problem

  const cancel = async () => {
    const answer = await Taro.showModal({ title: '取消预约？', content: `${a.service.name}\n${slotText(a.slot.start, a.slot.end)}`, confirmText: '确认取消', confirmColor: '#d4380d', cancelText: '暂不取消' })
    if (!answer.confirm) return
    if (await appointments.cancel(a.id)) void Taro.showToast({ title: '已取消预约', icon: 'none' })
  }

  return (
    <View className='os-appt'>
      <Text className='os-appt__heading'>预约详情</Text>
      {done === 'booked' && booked && <Text id='appt-success' className='os-appt__success'>预约成功</Text>}
      {done === 'moved' && booked && <Text id='appt-success' className='os-appt__success'>改约成功</Text>}
      <View className='os-appt__card'>
        <View className='os-appt__row-head'>
          <Text className='os-appt__card-title'>{a.service.name}</Text>
          <Text id='appt-status' className={`os-appt__tag os-appt__tag--${a.status}`}>{APPOINTMENT_STATUS_LABEL[a.status]}</Text>
        </View>
        <Text id='appt-time' className='os-appt__text'>{slotText(a.slot.start, a.slot.end)}</Text>
        <Text className='os-appt__text'>{a.hall.name}</Text>
        <Text className='os-appt__muted'>{a.hall.address}</Text>
        <View id='appt-phone' className='os-appt__link' ariaRole='button' onClick={() => void Taro.makePhoneCall({ phoneNumber: a.hall.phone.replace(/[^\d-]/g, '') }).catch(() => undefined)}>
          <Text>{`咨询电话 ${a.hall.phone}`}</Text>
        </View>
        {a.reason && <Text className='os-appt__notice'>{a.reason}</Text>}
      </View>
      {a.status === 'checked_in' && a.queueNumber && (
        <View className='os-appt__card'>
          <Text className='os-appt__muted'>您的排队号</Text>
          <Text id='appt-queue' className='os-appt__queue'>{a.queueNumber}</Text>
          <Text className='os-appt__muted'>请留意大厅叫号屏</Text>
        </View>
      )}
      {a.status === 'checked_in' && (
        <ActionButton id='appt-rate' text='评价这次办事（好差评）' tone='secondary' onTap={() => openRoute(routeUrl(ROUTES.rateVisit, { id: a.id }))} />
      )}
      {booked && (
        <View className='os-appt__card'>
          <Text className='os-appt__muted'>预约码（到大厅出示二维码或报预约码签到）</Text>
          <Text id='appt-code' className='os-appt__code'>{a.code}</Text>
          <View className='os-appt__qr'>
            <QrCode id='appt-qr' value={a.code} size={360} label={`预约码 ${a.code} 的二维码`} />
          </View>
        </View>
      )}
      {problem && <Text id='appt-problem' className='os-appt__problem'>{problem.message}</Text>}
      {booked && !rules && <PageState kind={appointments.rulesStatus === 'failed' ? 'error' : 'loading'} message={appointments.rulesError} onRetry={() => void appointments.loadRules(true)} />}
      {booked && rules && window && (
        <View className='os-appt__actions'>
          {checkin === null ? (
            <ActionButton id='appt-checkin' text='签到取号' busy={appointments.busy} onTap={() => void appointments.checkin(a.id)} />
          ) : (
            <Text className='os-appt__muted'>
              {checkin === 'CHECKIN_NOT_OPEN' ? `${formatSlotTime(window.opens)} 起可签到取号` : '已超过签到时间'}
            </Text>
          )}
          {cancellable ? (
            <View>
              <ActionButton id='appt-reschedule' text='改约' tone='secondary' onTap={() => openRoute(routeUrl(ROUTES.slots, { service: a.service.code, hall: a.hall.id, reschedule: a.id }))} />
              <ActionButton id='appt-cancel' text='取消预约' tone='danger' busy={appointments.busy} onTap={() => void cancel()} />
              <Text className='os-appt__muted'>{`${formatSlotTime(cancelDeadline(start, rules))} 前可取消或改约`}</Text>
            </View>
          ) : (
            <Text className='os-appt__muted'>{`开始前 ${durationText(rules.cancelCutoffMinutes)}内（${formatClock(cancelDeadline(start, rules))} 后）不能取消或改约`}</Text>
          )}
        </View>
      )}
      <ActionButton id='appt-all' text='我的预约' tone='secondary' onTap={() => openRoute(routeUrl(ROUTES.appointments, { tab: 'mine' }))} />
    </View>
  )
}

export default withPage(observer(DetailPage))
