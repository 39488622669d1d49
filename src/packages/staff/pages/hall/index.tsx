// 大厅预约 (hall staff; admin with ?hall=): the day's bookings of the hall, check-in by booking code (queue number),
// 标记未到场 after the start, and 停办 of a day (bookings cancelled, residents notified).
import { useState } from 'react'
import { View, Text, Input } from '@tarojs/components'
import Taro, { useDidShow, useLoad } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import ActionButton from '@/components/action-button'
import PageState from '@/components/page-state'
import { formatClock, formatMonthDay } from '@domain/appointment'
import { addCalendarDays, shanghaiDate } from '@domain/calendar'
import { useStores } from '@/stores'
import { hallDeskOf } from '@/stores/hall-desk'
import { openRoute } from '@/utils/nav'
import { ROUTES } from '@/routes'
import '@/packages/appointment/components/appointment.scss'
import { withPage } from '@/components/page'

const STATUS: Record<string, string> = { booked: '待签到', checked_in: '已签到', closed: '停办取消', no_show: '未到场', cancelled: '已取消' }

function HallPage() {
  const { staff } = useStores()
  const hallDesk = hallDeskOf(useStores())
  const [hallParam, setHallParam] = useState('')
  const [date, setDate] = useState(shanghaiDate(new Date()))
  const [code, setCode] = useState('')
  const [reason, setReason] = useState('')

  const hallId = staff.profile?.hallId ?? hallParam
  useLoad((query: Record<string, string | undefined>) => setHallParam(query.hall ?? ''))
  useDidShow(() => {
    void staff.load().then(() => {
      const id = staff.profile?.hallId ?? hallParam
      if (id) void hallDesk.load(id, date)
    })
  })

  const go = (d: string) => {
    setDate(d)
    if (hallId) void hallDesk.load(hallId, d)
  }
  const checkin = async () => {
    if (!code.trim()) return
    if (await hallDesk.checkin(hallId, code.trim())) {
      setCode('')
      void hallDesk.load(hallId, date)
    }
  }
  const close = async () => {
    if (reason.trim().length < 2) {
      void Taro.showToast({ title: '请填写停办原因', icon: 'none' })
      return
    }
    const answer = await Taro.showModal({ title: `停办 ${formatMonthDay(date)}？`, content: '当天全部预约将被取消，并通知预约群众。', confirmText: '确认停办', cancelText: '再想想' })
    if (!answer.confirm) return
    if (await hallDesk.close(hallId, date, reason.trim())) {
      setReason('')
      void hallDesk.load(hallId, date)
    }
  }

  if (!staff.signedIn) {
    return (
      <View className='os-appt'>
        <Text className='os-appt__heading'>大厅预约</Text>
        <Text className='os-appt__muted'>请先使用大厅工作账号登录。</Text>
        <ActionButton id='hall-sign-in' text='工作人员登录' onTap={() => openRoute(ROUTES.staffLogin)} />
      </View>
    )
  }
  const day = hallDesk.day
  const now = Date.now()
  return (
    <View className='os-appt'>
      <Text className='os-appt__heading'>大厅预约</Text>
      {!hallId && staff.profile && <PageState kind='empty' message='当前账号未关联办事大厅' />}
      {hallId && (
        <View>
          <Text className='os-appt__sub'>{day?.hall.name ?? hallId}</Text>
          <View className='os-appt__row-head'>
            <View id='hall-prev' className='os-appt__link' ariaRole='button' onClick={() => go(addCalendarDays(date, -1))}>
              <Text>‹ 前一天</Text>
            </View>
            <Text id='hall-date' className='os-appt__card-title'>{formatMonthDay(date)}</Text>
            <View id='hall-next' className='os-appt__link' ariaRole='button' onClick={() => go(addCalendarDays(date, 1))}>
              <Text>后一天 ›</Text>
            </View>
          </View>
          <View className='os-appt__card'>
            <Text className='os-appt__card-title'>凭预约码签到</Text>
            <Input id='hall-code' className='os-appt__field' value={code} placeholder='输入或扫描预约码' maxlength={16} onInput={(e) => setCode(e.detail.value)} />
            <ActionButton id='hall-checkin' text='签到取号' busy={hallDesk.busy} onTap={() => void checkin()} />
          </View>
          {hallDesk.message && <Text id='hall-message' className='os-appt__success'>{hallDesk.message}</Text>}
          {hallDesk.problem && <Text id='hall-problem' className='os-appt__problem'>{hallDesk.problem}</Text>}
          {day?.closed && <Text className='os-appt__notice'>{`当日已停办：${day.closed.reason}`}</Text>}
          {hallDesk.status === 'failed' && <PageState kind='error' message={hallDesk.error} onRetry={() => void hallDesk.load(hallId, date)} />}
          {hallDesk.status === 'loading' && !day && <PageState kind='loading' />}
          {day && day.items.length === 0 && <PageState kind='empty' message='当日暂无预约' />}
          {day?.items.map((i) => (
            <View key={i.id} id={`hall-item-${i.code}`} className='os-appt__row'>
              <View className='os-appt__row-head'>
                <Text className='os-appt__name'>{`${formatClock(new Date(i.start))} ${i.name}`}</Text>
                <Text className={`os-appt__tag os-appt__tag--${i.status}`}>{i.queueNumber ? `${STATUS[i.status]} ${i.queueNumber}` : STATUS[i.status]}</Text>
              </View>
              <Text className='os-appt__muted'>{`${i.service.name} · 预约码 ${i.code}`}</Text>
              {i.status === 'booked' && Date.parse(i.start) <= now && (
                <ActionButton id={`hall-no-show-${i.code}`} text='标记未到场' tone='secondary' busy={hallDesk.busy} onTap={() => void hallDesk.noShow(hallId, i.id).then(() => hallDesk.load(hallId, date))} />
              )}
            </View>
          ))}
          {!day?.closed && date >= shanghaiDate(new Date()) && (
            <View className='os-appt__card'>
              <Text className='os-appt__card-title'>停办当日</Text>
              <Input id='hall-reason' className='os-appt__field' value={reason} placeholder='停办原因（将通知预约群众）' maxlength={100} onInput={(e) => setReason(e.detail.value)} />
              <ActionButton id='hall-close' text='停办并通知' tone='danger' busy={hallDesk.busy} onTap={() => void close()} />
            </View>
          )}
        </View>
      )}
    </View>
  )
}

export default withPage(observer(HallPage))
