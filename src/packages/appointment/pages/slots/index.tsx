// 选择时段 (?service=&hall=[&reschedule=id]): a strip of the days up to 7 working days ahead (holidays and closures
// shown closed with their name), then the day's slots with what is left; too-soon and full slots cannot be tapped.
// A signed-in resident without 实名认证 is asked for it here, before choosing a slot (one primary button), not after.
import { useMemo, useState } from 'react'
import { View, Text, ScrollView } from '@tarojs/components'
import { useLoad } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import type { BookingRulesDto, Slot } from '@contract/appointment'
import ActionButton from '@/components/action-button'
import PageState from '@/components/page-state'
import { bookingRefusal, dateStrip, formatClock, formatMonthDay } from '@domain/appointment'
import { shanghaiDate } from '@domain/calendar'
import { useStores } from '@/stores'
import { guidesOf } from '@/stores/guides'
import { appointmentsOf } from '@/stores/appointments'
import { noticeNote, windowRuleText } from '@/utils/booking-text'
import { openRoute } from '@/utils/nav'
import { ROUTES, routeUrl } from '@/routes'
import '@/packages/appointment/components/appointment.scss'
import { withPage } from '@/components/page'

/** Only the labels of the strip come from the calendar; whether a day is open comes from the hall's slots. */
const LABEL_OPENING = { periods: [['09:00', '17:00']] as [string, string][], slotMinutes: 30 }

function slotNote(s: Slot, now: Date, rules: BookingRulesDto): { text: string; off: boolean } {
  const refusal = bookingRefusal(new Date(s.start), now, rules)
  if (refusal === 'TOO_SOON') return { text: noticeNote(rules), off: true }
  if (refusal) return { text: '不可预约', off: true }
  if (s.remaining <= 0) return { text: '已约满', off: true }
  return { text: `余 ${s.remaining}`, off: false }
}

function SlotsPage() {
  const { session, me } = useStores()
  const appointments = appointmentsOf(useStores())
  const guides = guidesOf(useStores())
  const [q, setQ] = useState({ service: '', hall: '', reschedule: '' })
  const [picked, setPicked] = useState('')

  useLoad((query: Record<string, string | undefined>) => {
    const next = { service: decodeURIComponent(query.service ?? ''), hall: decodeURIComponent(query.hall ?? ''), reschedule: query.reschedule ?? '' }
    setQ(next)
    if (!next.service || !next.hall) return
    void appointments.loadRules()
    void appointments.loadSlots(next.hall, next.service)
    if (!appointments.hallById(next.hall) || appointments.hallsFor !== next.service) void appointments.loadHalls(next.service)
    void guides.load(next.service)
    if (session.signedIn) void me.load()
  })

  const key = `${q.hall}|${q.service}`
  const rules = appointments.rules
  // Whether a slot can be taken depends on the rules in force: none is shown before they are known.
  const list = rules ? appointments.slots.get(key) : undefined
  const status = appointments.rulesStatus === 'failed' ? 'failed' : appointments.slotsStatus.get(key)
  const now = new Date()
  const byDay = useMemo(() => {
    const m = new Map<string, Slot[]>()
    for (const s of list?.items ?? []) {
      const d = shanghaiDate(new Date(s.start))
      m.set(d, [...(m.get(d) ?? []), s])
    }
    return m
  }, [list])
  const strip = dateStrip(now, LABEL_OPENING, rules ?? undefined).map((d) => {
    const closure = list?.closures.find((c) => c.date === d.date)
    const slots = byDay.get(d.date) ?? []
    const open = slots.length > 0
    const label = closure ? '停办' : !open ? (d.working ? '不开放' : d.label) : slots.every((s) => s.remaining <= 0) ? '约满' : d.label === '调休上班' ? '调休上班' : '可约'
    return { ...d, open, label, closure }
  })
  const day = picked || strip.find((d) => d.open && rules && (byDay.get(d.date) ?? []).some((s) => !slotNote(s, now, rules).off))?.date || strip.find((d) => d.open)?.date || ''
  const chosen = strip.find((d) => d.date === day)
  const hall = appointments.hallById(q.hall)
  const guide = guides.byCode.get(q.service)

  const needsRealName = session.signedIn && me.me !== undefined && !me.realNamed

  const retry = () => {
    if (appointments.rulesStatus === 'failed') void appointments.loadRules(true)
    void appointments.loadSlots(q.hall, q.service)
  }

  if (!q.service || !q.hall) {
    return (
      <View className='os-appt'>
        <Text className='os-appt__heading'>选择时段</Text>
        <PageState kind='empty' message='未指定事项或大厅，请从事项指南进入' />
      </View>
    )
  }
  return (
    <View className='os-appt'>
      <Text className='os-appt__heading'>选择时段</Text>
      <Text className='os-appt__sub'>{`${guide?.name ?? q.service} · ${hall?.name ?? q.hall}`}</Text>
      {q.reschedule && <Text className='os-appt__notice'>改约：选择新的时段后确认，原预约将同时释放</Text>}
      {needsRealName && (
        <View id='slots-realname' className='os-appt__card'>
          <Text className='os-appt__text'>预约办事需要先完成实名认证。认证后回到这里选择时段，约 1 分钟。</Text>
          <ActionButton id='slots-realname-go' text='去实名认证' onTap={() => openRoute(ROUTES.realname)} />
        </View>
      )}
      {status === 'failed' && !list && <PageState kind='error' message={appointments.rulesError ?? appointments.slotsError.get(key)} onRetry={retry} />}
      {!list && status !== 'failed' && <PageState kind='loading' />}
      {list && rules && !needsRealName && (
        <View>
          <ScrollView scrollX className='os-appt__strip' aria-label='可预约日期' {...{ tabIndex: 0 }}>
            {strip.map((d) => (
              <View
                key={d.date}
                id={`day-${d.date}`}
                className={`os-appt__day${d.date === day ? ' os-appt__day--on' : ''}${d.open ? '' : ' os-appt__day--closed'}`}
                ariaRole='button'
                ariaLabel={`${formatMonthDay(d.date)} ${d.weekday} ${d.label}`}
                onClick={() => setPicked(d.date)}
              >
                <Text>{formatMonthDay(d.date)}</Text>
                <Text>{d.weekday}</Text>
                <Text className='os-appt__day-label'>{d.label}</Text>
              </View>
            ))}
          </ScrollView>
          {chosen?.closure && <Text className='os-appt__notice'>{`${formatMonthDay(chosen.date)} 大厅停办：${chosen.closure.reason}`}</Text>}
          {chosen && !chosen.open && !chosen.closure && <PageState kind='empty' message={`${formatMonthDay(chosen.date)} ${chosen.label}，大厅不开放预约`} />}
          <View id='appt-slots' className='os-appt__slots'>
            {(byDay.get(day) ?? []).map((s) => {
              const note = slotNote(s, now, rules)
              return (
                <View
                  key={s.id}
                  id={`slot-${s.id}`}
                  className={`os-appt__slot${note.off ? ' os-appt__slot--off' : ''}`}
                  ariaRole='button'
                  ariaLabel={`${formatClock(new Date(s.start))}-${formatClock(new Date(s.end))} ${note.text}`}
                  onClick={() => {
                    if (!note.off) openRoute(routeUrl(ROUTES.confirm, { service: q.service, hall: q.hall, slot: s.id, start: s.start, end: s.end, reschedule: q.reschedule }))
                  }}
                >
                  <Text className='os-appt__slot-time'>{`${formatClock(new Date(s.start))}-${formatClock(new Date(s.end))}`}</Text>
                  <Text className={`os-appt__slot-left${note.off ? ' os-appt__slot-left--off' : ''}`}>{note.text}</Text>
                </View>
              )
            })}
          </View>
          <Text className='os-appt__muted'>{windowRuleText(rules)}</Text>
        </View>
      )}
    </View>
  )
}

export default withPage(observer(SlotsPage))
