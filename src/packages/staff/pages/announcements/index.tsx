// 通知公告管理 (admins): publish a notice (title, body, period from–to in Guangzhou dates, audience), edit one,
// withdraw one; the list shows each notice's state. Other staff roles are told the page is for admins.
import { View, Text } from '@tarojs/components'
import { useDidShow } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import type { AdminAnnouncement, AnnouncementAudience } from '@contract/announcements'
import ActionButton from '@/components/action-button'
import ChoiceChips from '@/components/choice-chips'
import { withPage } from '@/components/page'
import PageState from '@/components/page-state'
import TextAreaField from '@/components/text-area-field'
import TextField from '@/components/text-field'
import { ROUTES } from '@/routes'
import { useStores } from '@/stores'
import { announcementsDeskOf } from '@/stores/announcements-desk'
import { openRoute } from '@/utils/nav'
import '@/packages/staff/workbench.scss'

const AUDIENCES: { value: AnnouncementAudience; label: string }[] = [
  { value: 'all', label: '所有人' },
  { value: 'residents', label: '仅居民' },
  { value: 'staff', label: '仅工作人员' },
]
const STATE_TEXT: Record<AdminAnnouncement['state'], string> = { scheduled: '未到期', active: '展示中', ended: '已过期', withdrawn: '已撤回' }
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)
const ymd = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10)

function StaffAnnouncementsPage() {
  const { staff } = useStores()
  const desk = announcementsDeskOf(useStores())
  useDidShow(() => {
    void staff.load()
    if (staff.signedIn) void desk.load()
  })

  if (!staff.signedIn || staff.profile?.role !== 'admin') {
    return (
      <View className='os-bench'>
        <View className='os-bench__card'>
          <PageState kind='empty' message={staff.signedIn ? '通知公告仅限管理员发布' : '请先使用管理员账号登录'} />
          {!staff.signedIn && <ActionButton id='notices-sign-in' text='工作人员登录' onTap={() => openRoute(ROUTES.staffLogin)} />}
        </View>
      </View>
    )
  }
  const f = desk.form
  return (
    <View className='os-bench'>
      <View className='os-bench__card' id='notice-form'>
        <Text className='os-bench__title'>{f.id ? '修改公告' : '发布公告'}</Text>
        <TextField id='notice-title' label='标题' value={f.title} maxlength={80} onInput={(title) => desk.edit({ title })} />
        <TextAreaField id='notice-body' label='正文' value={f.body} maxlength={5000} onInput={(body) => desk.edit({ body })} />
        <TextField id='notice-from' label='开始日期' value={f.from} placeholder='2026-12-01' maxlength={10} onInput={(from) => desk.edit({ from })} />
        <TextField id='notice-to' label='结束日期（留空为长期有效）' value={f.to} placeholder='2026-12-31' maxlength={10} onInput={(to) => desk.edit({ to })} />
        <ChoiceChips id='notice-audience' label='对象' choices={AUDIENCES} value={f.audience} onChange={(audience) => desk.edit({ audience })} />
        {desk.problem && <Text className='os-bench__error'>{desk.problem}</Text>}
        {desk.done && <Text>{desk.done}</Text>}
        <ActionButton id='notice-save' text={f.id ? '保存修改' : '发布'} busy={desk.busy} busyText='正在提交…' onTap={() => void desk.save(today())} />
      </View>
      {desk.status === 'failed' && <PageState kind='error' message={desk.error} onRetry={() => void desk.load()} />}
      {desk.status === 'ready' && desk.items.length === 0 && <PageState kind='empty' message='还没有发布过公告' />}
      {desk.items.map((a) => (
        <View key={a.id} id={`admin-notice-${a.id}`} className='os-bench__card'>
          <Text className='os-bench__title'>{a.title}</Text>
          <Text>{`${STATE_TEXT[a.state]} · ${AUDIENCES.find((x) => x.value === a.audience)?.label ?? ''} · ${ymd(a.startsAt)} 起${a.endsAt ? `，${ymd(a.endsAt)} 止` : '，长期'}`}</Text>
          {a.state !== 'withdrawn' && (
            <View className='os-bench__row'>
              <ActionButton id={`notice-edit-${a.id}`} text='修改' tone='secondary' onTap={() => desk.startEdit(a)} />
              <ActionButton id={`notice-withdraw-${a.id}`} text='撤回' tone='danger' busy={desk.busy} onTap={() => void desk.withdraw(a.id)} />
            </View>
          )}
        </View>
      ))}
    </View>
  )
}

export default withPage(observer(StaffAnnouncementsPage))
