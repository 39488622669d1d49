// 诉求详情: the resident's request — status, deadline, what was filed, and every step so far (departments and the
// hotline, never a clerk's name); 补充, 催办 (once overdue), 评价 (5 levels, 问题是否解决, comment) and 申请重办 (once,
// after a poor rating); after a 差评 the 整改 of the 承办单位 and the resident's verdict on it.
import { View, Text } from '@tarojs/components'
import { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import Taro from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import { useState } from 'react'
import type { RequestDetail } from '@contract/request'
import { ApiError } from '@/api/errors'
import ActionButton from '@/components/action-button'
import ChoiceChips from '@/components/choice-chips'
import PageState from '@/components/page-state'
import PhotoGrid from '@/components/photo-grid'
import RequestTimeline from '@/components/request-timeline'
import StatusTag, { ClockTag } from '@/components/status-tag'
import TextAreaField from '@/components/text-area-field'
import { RATING_LABEL, isOpen, isUnsatisfied } from '@domain/workorder'
import { pickImages, previewImages } from '@/platform/images'
import { useStores } from '@/stores'
import { myRequestsOf } from '@/stores/my-requests'
import { deadlineText, formatDateTime } from '@/utils/request-format'
import { goBack, openRoute } from '@/utils/nav'
import { ROUTES } from '@/routes'
import '@/packages/request/styles.scss'
import { withPage } from '@/components/page'
import RequestRectification, { ratingText } from '../../components/request-rectification'

type Sheet = 'supplement' | 'rate' | 'reopen' | undefined

const LEVELS = ['5', '4', '3', '2', '1'] as const
const RESOLVED = [
  { value: 'yes', label: '已解决' },
  { value: 'no', label: '未解决' },
]

function Fact({ label, value, alert = false, id }: { label: string; value: string; alert?: boolean; id?: string }) {
  return (
    <View className='os-request__fact'>
      <Text className='os-request__fact-key'>{label}</Text>
      <Text id={id} className={`os-request__fact-value${alert ? ' os-request__fact-value--alert' : ''}`}>
        {value}
      </Text>
    </View>
  )
}

function ActionsCard({ r }: { r: RequestDetail }) {
  const myRequests = myRequestsOf(useStores())
  const [sheet, setSheet] = useState<Sheet>(undefined)
  const [note, setNote] = useState('')
  const [level, setLevel] = useState<string | undefined>(undefined)
  const [resolved, setResolved] = useState<string | undefined>(undefined)
  const [photos, setPhotos] = useState<string[]>([])
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')

  const open = (s: Sheet) => {
    setSheet(sheet === s ? undefined : s)
    setNote('')
    setError('')
    setLevel(undefined)
    setResolved(undefined)
    setPhotos([])
  }

  const run = async (work: () => Promise<void>, done: string) => {
    if (busy) return
    setBusy(true)
    setError('')
    try {
      await work()
      setSheet(undefined)
      setNote('')
      setPhotos([])
      void Taro.showToast({ title: done, icon: 'success' })
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '操作未完成，请稍后重试')
    } finally {
      setBusy(false)
    }
  }

  const can = r.can
  const overdueOpen = r.overdue && isOpen(r.status)
  const nothing = !can.supplement && !can.urge && !can.rate && !can.reopen
  if (nothing && !(isOpen(r.status) && !r.overdue)) return null

  return (
    <View id='request-actions' className='os-request__card'>
      <Text className='os-request__section'>我还可以</Text>
      <View className='os-request__actions'>
        {can.supplement && <ActionButton id='request-action-supplement' text='补充' tone='secondary' onTap={() => open('supplement')} />}
        {can.urge && (
          <ActionButton
            id='request-action-urge'
            text='催办'
            tone='danger'
            busy={busy && sheet === undefined}
            busyText='正在催办…'
            onTap={() => void run(() => myRequests.urge(r.id), '已催办')}
          />
        )}
        {can.rate && <ActionButton id='request-action-rate' text='评价' onTap={() => open('rate')} />}
        {can.reopen && <ActionButton id='request-action-reopen' text='申请重办' tone='danger' onTap={() => open('reopen')} />}
      </View>
      {!can.urge && isOpen(r.status) && !overdueOpen && <Text className='os-request__hint'>超过办理时限仍未办结的，可以催办。</Text>}
      {can.rate && r.rateUntil && <Text className='os-request__hint'>请在 {formatDateTime(r.rateUntil)} 前评价。</Text>}

      {sheet === 'supplement' && (
        <View id='request-sheet-supplement' className='os-request__sheet'>
          <TextAreaField id='request-supplement-note' label='补充内容' maxlength={1000} value={note} placeholder='补充新的情况或材料说明' onInput={setNote} />
          <PhotoGrid
            id='request-supplement-photos'
            photos={photos.map((p) => ({ key: p, src: p, status: 'done' }))}
            max={9}
            onAdd={async () => setPhotos([...photos, ...(await pickImages(9 - photos.length))])}
            onRemove={(key) => setPhotos(photos.filter((p) => p !== key))}
          />
          {error && <Text className='os-request__error'>{error}</Text>}
          <ActionButton
            id='request-supplement-submit'
            text='提交补充'
            busy={busy}
            busyText='正在提交…'
            disabled={!note.trim()}
            onTap={() => void run(() => myRequests.supplement(r.id, note, photos), '已补充')}
          />
        </View>
      )}
      {sheet === 'rate' && (
        <View id='request-sheet-rate' className='os-request__sheet'>
          <ChoiceChips
            id='request-rate-level'
            label='您对办理结果是否满意？'
            choices={LEVELS.map((l) => ({ value: l, label: RATING_LABEL[Number(l)] }))}
            value={level}
            onChange={setLevel}
            hint={level && isUnsatisfied(Number(level)) ? '评价为不满意的，可以申请一次重办' : undefined}
          />
          <ChoiceChips
            id='request-rate-resolved'
            label='问题是否解决（选填）'
            choices={RESOLVED}
            value={resolved}
            onChange={(x) => setResolved(resolved === x ? undefined : x)}
          />
          <TextAreaField id='request-rate-comment' label='评价内容（选填）' maxlength={500} value={note} placeholder='说说办理的情况' onInput={setNote} />
          {error && <Text className='os-request__error'>{error}</Text>}
          <ActionButton
            id='request-rate-submit'
            text='提交评价'
            busy={busy}
            busyText='正在提交…'
            disabled={!level}
            onTap={() => void run(() => myRequests.rate(r.id, Number(level), note, resolved === undefined ? undefined : resolved === 'yes'), '感谢您的评价')}
          />
        </View>
      )}
      {sheet === 'reopen' && (
        <View id='request-sheet-reopen' className='os-request__sheet'>
          <Text className='os-request__hint'>每件诉求只能申请一次重办，将重新交由承办部门办理。</Text>
          <TextAreaField id='request-reopen-note' label='重办理由' maxlength={500} value={note} placeholder='请说明哪些问题还没有解决' onInput={setNote} />
          {error && <Text className='os-request__error'>{error}</Text>}
          <ActionButton
            id='request-reopen-submit'
            text='申请重办'
            tone='danger'
            busy={busy}
            busyText='正在提交…'
            disabled={!note.trim()}
            onTap={() => void run(() => myRequests.reopen(r.id, note), '已申请重办')}
          />
        </View>
      )}
      {!sheet && error && <Text className='os-request__error'>{error}</Text>}
    </View>
  )
}

function RequestDetailPage() {
  const { me } = useStores()
  const myRequests = myRequestsOf(useStores())
  const id = useRouter().params.id ?? ''

  useDidShow(() => {
    if (id && me.signedIn) void myRequests.refresh(id)
  })
  usePullDownRefresh(() => {
    if (id && me.signedIn) void myRequests.refresh(id)
    void Taro.stopPullDownRefresh()
  })

  const r = myRequests.details.get(id)
  const status = myRequests.detailStatus.get(id)
  const error = myRequests.detailErrors.get(id)

  let body
  if (!id) body = <PageState kind='empty' message='没有找到这件诉求' />
  else if (!me.signedIn) {
    body = (
      <View className='os-request__card'>
        <PageState kind='empty' message='登录后可查看诉求办理进度' />
        <ActionButton id='request-sign-in' text='去登录' onTap={() => openRoute(ROUTES.login)} />
      </View>
    )
  } else if (!r && status === 'failed') {
    body =
      error?.status === 404 ? (
        <PageState kind='empty' message='没有找到这件诉求，它可能不属于当前登录的账号' />
      ) : (
        <PageState kind='error' message={error?.message} onRetry={() => void myRequests.refresh(id)} />
      )
  } else if (!r) body = <PageState kind='loading' />
  else {
    const photos = r.photos.map((p) => ({ key: p.id, src: myRequests.absoluteUrl(p.url), status: 'done' as const }))
    body = (
      <View>
        <View id='request-detail' className='os-request__card'>
          <View className='os-request__row os-request__row--between'>
            <Text id='request-detail-number' className='os-request__number'>
              {r.number}
            </Text>
            <View className='os-request__row'>
              {r.overdue && isOpen(r.status) && <ClockTag kind='overdue' />}
              <StatusTag id='request-detail-status' status={r.status} label={r.statusLabel} />
            </View>
          </View>
          <Text className='os-request__content'>{r.content}</Text>
          {photos.length > 0 && (
            <PhotoGrid id='request-detail-photos' photos={photos} onPreview={(key) => previewImages(photos.map((p) => p.src), photos.find((p) => p.key === key)!.src)} />
          )}
          <View className='os-request__facts'>
            <Fact label='诉求类型' value={r.typeLabel} />
            {r.categoryLabel && <Fact label='问题分类' value={r.categoryLabel} />}
            <Fact label='提交时间' value={formatDateTime(r.filedAt)} />
            {isOpen(r.status) && (
              <Fact id='request-detail-deadline' label='办理时限' value={`${deadlineText(r.deadline)}${r.overdue ? '（已超期）' : ''}`} alert={r.overdue} />
            )}
            {r.closedAt && <Fact label='办结时间' value={formatDateTime(r.closedAt)} />}
            {r.departmentName && <Fact label='承办单位' value={r.departmentName} />}
            {r.location && <Fact label='发生地点' value={`${r.location.district} ${r.location.address}`} />}
            {r.contactPhone && <Fact label='联系电话' value={r.contactPhone} />}
            <Fact label='匿名反映' value={r.anonymous ? '是（承办部门看不到您的身份）' : '否'} />
            <Fact label='公开诉求' value={r.public ? '同意公开' : '不公开'} />
            {r.rating && <Fact id='request-detail-rating' label='我的评价' value={ratingText(r.rating)} />}
          </View>
          {r.mergedInto && (
            <Text className='os-request__notice'>
              该诉求已与工单 {r.mergedInto.number} 合并办理（{r.mergedInto.statusLabel}），后续进展显示在下方。
            </Text>
          )}
        </View>
        <ActionsCard r={r} />
        <RequestRectification r={r} />
        <View className='os-request__card'>
          <Text className='os-request__section'>办理进度</Text>
          <RequestTimeline
            id='request-timeline'
            items={r.timeline}
            resolveUrl={(u) => myRequests.absoluteUrl(u)}
            onPreview={(urls, current) => previewImages(urls, current)}
          />
        </View>
      </View>
    )
  }

  return (
    <View className='os-request'>
      <View className='os-request__hero'>
        <Text className='os-request__title'>诉求详情</Text>
      </View>
      {body}
      <ActionButton id='request-back' text='返回' tone='secondary' onTap={goBack} />
    </View>
  )
}

export default withPage(observer(RequestDetailPage))
