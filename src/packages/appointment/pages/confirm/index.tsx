// 确认预约 (?service=&hall=&slot=&start=&end=[&reschedule=id]): what, where, when, the rules (cancel cut-off,
// check-in window), the materials checklist from the guide; asks for notice consent, then books or moves the booking.
import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import Taro, { useLoad } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import type { BookingRulesDto } from '@contract/appointment'
import ActionBar from '@/components/action-bar'
import ActionButton from '@/components/action-button'
import PageState from '@/components/page-state'
import { blockedMessage, cancelDeadline, checkinWindow, formatClock, formatSlotTime } from '@domain/appointment'
import { noShowRuleText, refusalText } from '@/utils/booking-text'
import { useStores } from '@/stores'
import { noticesOf } from '@/stores/notices'
import { guidesOf } from '@/stores/guides'
import { appointmentsOf } from '@/stores/appointments'
import { goBack, openRoute } from '@/utils/nav'
import { slotText } from '@/packages/appointment/components/labels'
import { ROUTES, routeUrl } from '@/routes'
import '@/packages/appointment/components/appointment.scss'
import { withPage } from '@/components/page'

interface Query {
  service: string
  hall: string
  slot: number
  start: string
  end: string
  reschedule: string
}

/** The rules in force for this slot: cancel cut-off, check-in window, no-shows. */
function RuleLines({ start, rules }: { start: Date; rules: BookingRulesDto }) {
  const window = checkinWindow(start, rules)
  return (
    <>
      <Text className='os-appt__text'>{`· 如需取消或改约，请在 ${formatSlotTime(cancelDeadline(start, rules))} 前操作`}</Text>
      <Text className='os-appt__text'>{`· 当天 ${formatClock(window.opens)} 起可签到取号，${formatClock(window.closes)} 后未签到记为未到场`}</Text>
      <Text id='confirm-noshow-rule' className='os-appt__text'>{`· ${noShowRuleText(rules)}`}</Text>
    </>
  )
}

function ConfirmPage() {
  const { session, me } = useStores()
  const appointments = appointmentsOf(useStores())
  const guides = guidesOf(useStores())
  const notices = noticesOf(useStores())
  const [q, setQ] = useState<Query | null>(null)
  const [ticked, setTicked] = useState<number[]>([])

  useLoad((query: Record<string, string | undefined>) => {
    const next: Query = {
      service: decodeURIComponent(query.service ?? ''),
      hall: decodeURIComponent(query.hall ?? ''),
      slot: Number(query.slot ?? 0),
      start: decodeURIComponent(query.start ?? ''),
      end: decodeURIComponent(query.end ?? ''),
      reschedule: query.reschedule ?? '',
    }
    setQ(next)
    appointments.clearProblem()
    void appointments.loadRules()
    if (next.service) {
      void guides.load(next.service)
      if (!appointments.hallById(next.hall)) void appointments.loadHalls(next.service)
    }
    if (session.signedIn) {
      void me.load()
      void appointments.loadMine()
    }
  })

  if (!q || !q.slot || !q.start) {
    return (
      <View className='os-appt'>
        <Text className='os-appt__heading'>确认预约</Text>
        <Text className='os-appt__muted'>未选择时段，请返回重新选择。</Text>
      </View>
    )
  }
  const guide = guides.byCode.get(q.service)
  const hall = appointments.hallById(q.hall)
  const rules = appointments.rules
  const problem = appointments.problem
  const needsRealName = session.signedIn && me.me !== undefined && !me.realNamed
  // The same rules the server applies, shown before the tap (a reschedule keeps its own booking).
  const active = appointments.mine.filter((m) => m.status === 'booked' && m.id !== q.reschedule)
  const sameService = !q.reschedule ? active.find((m) => m.service.code === q.service) : undefined
  const blocked = appointments.blockedUntil && Date.parse(appointments.blockedUntil) > Date.now() ? appointments.blockedUntil : null
  const before = !rules
    ? ''
    : blocked
      ? blockedMessage(new Date(blocked), rules)
      : sameService
        ? refusalText(rules).ALREADY_BOOKED
        : !q.reschedule && active.length >= rules.maxActive
          ? refusalText(rules).LIMIT_REACHED
          : ''

  const submit = async () => {
    // WeChat shows the consent dialog only from a tap; the booking goes ahead whatever the answer.
    await notices.ask(['appointment_reminder', 'appointment_cancelled', 'appointment_closed'])
    const done = q.reschedule ? await appointments.reschedule(q.reschedule, q.slot) : await appointments.book(q.slot, q.service)
    if (done) void Taro.redirectTo({ url: routeUrl(ROUTES.appointment, { id: done.id, done: q.reschedule ? 'moved' : 'booked' }) })
  }

  return (
    <View className='os-appt'>
      <Text className='os-appt__heading'>{q.reschedule ? '确认改约' : '确认预约'}</Text>
      <View className='os-appt__card'>
        <Text id='confirm-service' className='os-appt__card-title'>{guide?.name ?? q.service}</Text>
        <Text className='os-appt__text'>{hall ? `${hall.name}（${hall.address}）` : q.hall}</Text>
        <Text id='confirm-time' className='os-appt__text'>{slotText(q.start, q.end)}</Text>
      </View>
      <View id='confirm-rules' className='os-appt__card'>
        <Text className='os-appt__card-title'>预约须知</Text>
        {rules ? (
          <RuleLines start={new Date(q.start)} rules={rules} />
        ) : appointments.rulesStatus === 'failed' ? (
          <PageState kind='error' message={appointments.rulesError} onRetry={() => void appointments.loadRules(true)} />
        ) : (
          <PageState kind='loading' message='正在读取预约规则…' />
        )}
      </View>
      {guide && guide.materials.length > 0 && (
        <View id='confirm-materials' className='os-appt__card'>
          <Text className='os-appt__card-title'>{`请携带以下材料（已准备 ${ticked.length}/${guide.materials.length}）`}</Text>
          {guide.materials.map((m, i) => {
            const on = ticked.includes(i)
            return (
              <View
                key={i}
                id={`confirm-material-${i}`}
                className='os-appt__material'
                ariaRole='checkbox'
                aria-checked={on ? 'true' : 'false'}
                ariaLabel={m.name}
                onClick={() => setTicked((t) => (on ? t.filter((x) => x !== i) : [...t, i]))}
              >
                <View className={`os-appt__box${on ? ' os-appt__box--on' : ''}`}>{on && <Text>✓</Text>}</View>
                <Text className='os-appt__text'>{m.name}</Text>
              </View>
            )
          })}
        </View>
      )}
      {!session.signedIn && (
        <View className='os-appt__card'>
          <Text className='os-appt__text'>预约前请先登录。</Text>
          <ActionButton id='confirm-login' text='登录' onTap={() => openRoute(ROUTES.login)} />
        </View>
      )}
      {needsRealName && !problem && (
        <View className='os-appt__card'>
          <Text className='os-appt__notice'>预约办事需要先完成实名认证</Text>
          <ActionButton id='confirm-realname' text='去实名认证' onTap={() => openRoute(ROUTES.realname)} />
        </View>
      )}
      {before && !problem && (
        <View id='confirm-rule' className='os-appt__card'>
          <Text className='os-appt__notice'>{before}</Text>
          {sameService && <ActionButton id='rule-existing' text='查看已有预约' tone='secondary' onTap={() => openRoute(routeUrl(ROUTES.appointment, { id: sameService.id }))} />}
        </View>
      )}
      {problem && (
        <View id='confirm-problem' className='os-appt__card'>
          <Text className='os-appt__problem'>{problem.message}</Text>
          {problem.code === 'REALNAME_REQUIRED' && <ActionButton id='problem-realname' text='去实名认证' onTap={() => openRoute(ROUTES.realname)} />}
          {problem.code === 'UNAUTHORIZED' && <ActionButton id='problem-login' text='重新登录' onTap={() => openRoute(ROUTES.login)} />}
          {(problem.code === 'SLOT_FULL' || problem.code === 'TOO_SOON' || problem.code === 'SLOT_CLOSED') && (
            <ActionButton id='problem-repick' text='重新选择时段' tone='secondary' onTap={goBack} />
          )}
          {(problem.code === 'ALREADY_BOOKED' || problem.code === 'LIMIT_REACHED') && (
            <ActionButton id='problem-mine' text='查看我的预约' tone='secondary' onTap={() => openRoute(routeUrl(ROUTES.appointments, { tab: 'mine' }))} />
          )}
        </View>
      )}
      {/* One primary button: 去实名认证 above until the resident is real-named, then 确认预约 (never one that answers 403). */}
      {session.signedIn && !needsRealName && (
        <ActionBar id='confirm-actions'>
          <ActionButton
            id='confirm-submit'
            text={q.reschedule ? '确认改约' : '确认预约'}
            busy={appointments.busy}
            busyText='正在提交…'
            disabled={Boolean(before) || !rules || me.me === undefined}
            onTap={() => void submit()}
          />
        </ActionBar>
      )}
    </View>
  )
}

export default withPage(observer(ConfirmPage))
