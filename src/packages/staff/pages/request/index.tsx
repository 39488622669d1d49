// 工单详情 (staff): the whole record with internal steps, the reporter's contact masked until 查看 (audited; never
// for an anonymous request at a department), the actions the state machine allows this clerk now — each with its
// note / department (suggested first) / days / merge target — and the related & likely-duplicate panel.
import { View, Text } from '@tarojs/components'
import { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import Taro from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import { useState } from 'react'
import type { StaffAction, StaffRequestDetail } from '@contract/request'
import type { RelatedRequest } from '@contract/similar'
import { ApiError } from '@/api/errors'
import ActionButton from '@/components/action-button'
import ChoiceChips from '@/components/choice-chips'
import PageState from '@/components/page-state'
import PhotoGrid from '@/components/photo-grid'
import RequestTimeline from '@/components/request-timeline'
import StatusTag, { ClockTag } from '@/components/status-tag'
import TextAreaField from '@/components/text-area-field'
import TextField from '@/components/text-field'
import { ACTION_LABEL, RATING_LABEL, TRANSITIONS, isOpen } from '@domain/workorder'
import { pickImages, previewImages } from '@/platform/images'
import { useStores } from '@/stores'
import { deadlineText, distanceText, formatDateTime } from '@/utils/request-format'
import { goBack, openRoute } from '@/utils/nav'
import { ROUTES } from '@/routes'
import '@/packages/staff/workbench.scss'

const DANGER: StaffAction[] = ['refuse', 'return', 'send-back', 'deny-extension', 'supervise']
const NOTE_PLACEHOLDER: Partial<Record<StaffAction, string>> = {
  refuse: '不予受理的理由（市民可见）',
  answer: '直接答复的内容（市民可见）',
  reply: '办理结果和答复内容（市民可见）',
  return: '退单理由，如不属于本部门职责',
  'request-extension': '申请延期的理由',
  'deny-extension': '不同意延期的理由',
  'send-back': '退回重办的理由',
}

function Fact({ label, value, alert = false, id }: { label: string; value: string; alert?: boolean; id?: string }) {
  return (
    <View className='os-bench__fact'>
      <Text className='os-bench__fact-key'>{label}</Text>
      <Text id={id} className={`os-bench__fact-value${alert ? ' os-bench__fact-value--alert' : ''}`}>
        {value}
      </Text>
    </View>
  )
}

function ContactCard({ r }: { r: StaffRequestDetail }) {
  const { workbench } = useStores()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')
  const revealed = workbench.revealed.get(r.id)
  const c = r.contact
  const reveal = async () => {
    setBusy(true)
    setError('')
    try {
      await workbench.reveal(r.id)
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '查看未完成，请稍后重试')
    } finally {
      setBusy(false)
    }
  }
  return (
    <View id='bench-contact' className='os-bench__card'>
      <Text className='os-bench__section'>诉求人</Text>
      {c.anonymous && !c.name && !c.phone ? (
        <Text id='bench-contact-anonymous' className='os-bench__hint'>
          匿名反映：诉求人的身份和联系方式不向承办部门显示。
        </Text>
      ) : (
        <View className='os-bench__row os-bench__row--between'>
          <View className='os-bench__contact'>
            {c.anonymous && <Text className='os-bench__hint'>匿名反映（仅热线可见联系方式）</Text>}
            <Text id='bench-contact-name' className='os-bench__contact-line'>
              姓名：{(revealed ? revealed.name : c.name) ?? '未填写'}
            </Text>
            <Text id='bench-contact-phone' className='os-bench__contact-line'>
              电话：{(revealed ? revealed.phone : c.phone) ?? '未填写'}
            </Text>
          </View>
          {c.revealable && !revealed && (
            <View id='bench-contact-reveal' className='os-bench__small-button' hoverClass='os-bench__pressed' ariaRole='button' onClick={() => void reveal()}>
              <Text>{busy ? '正在查看…' : '查看'}</Text>
            </View>
          )}
        </View>
      )}
      {revealed && <Text className='os-bench__hint'>已显示完整联系方式，本次查看已记录。</Text>}
      {!revealed && c.revealable && <Text className='os-bench__hint'>联系方式已隐去部分内容；点击“查看”显示完整号码，每次查看都会记录。</Text>}
      {error && <Text className='os-bench__error'>{error}</Text>}
    </View>
  )
}

function ActionPanel({ r, mergeTarget, setMergeTarget }: { r: StaffRequestDetail; mergeTarget: string | undefined; setMergeTarget: (id: string | undefined) => void }) {
  const { workbench, departments } = useStores()
  const [action, setAction] = useState<StaffAction | undefined>(undefined)
  const [note, setNote] = useState('')
  const [dept, setDept] = useState<string | undefined>(undefined)
  const [days, setDays] = useState('')
  const [level, setLevel] = useState<string | undefined>(undefined)
  const [photos, setPhotos] = useState<string[]>([])
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')

  const choose = (a: StaffAction) => {
    const current = action ?? (mergeTarget ? 'merge' : undefined)
    setAction(current === a ? undefined : a)
    if (a !== 'merge' || current === 'merge') setMergeTarget(undefined)
    setNote('')
    setDays('')
    setLevel(undefined)
    setPhotos([])
    setError('')
    if (a === 'dispatch') {
      void departments.load()
      void workbench.loadSuggestions(r.id).then(() => {
        const first = workbench.suggestions.get(r.id)?.[0]
        if (first) setDept((d) => d ?? first.code)
      })
    }
  }

  if (r.actions.length === 0) {
    return (
      <View id='bench-actions' className='os-bench__card'>
        <Text className='os-bench__section'>办理</Text>
        <Text className='os-bench__hint'>当前状态下您没有可执行的操作。</Text>
      </View>
    )
  }

  const suggestions = workbench.suggestions.get(r.id) ?? []
  const hint = workbench.related.get(r.id)?.departmentHint
  const suggestedCodes = [...suggestions.map((s) => s.code), ...(hint ? [hint.departmentCode] : [])]
  const deptChoices = [
    ...suggestions.map((s, i) => ({ value: s.code, label: s.name, note: i === 0 ? '推荐' : '建议' })),
    ...(hint && !suggestions.some((s) => s.code === hint.departmentCode) ? [{ value: hint.departmentCode, label: hint.departmentName, note: '历史' }] : []),
    ...departments.list.filter((d) => !suggestedCodes.includes(d.code)).map((d) => ({ value: d.code, label: d.shortName || d.name })),
  ]
  const duplicates = workbench.related.get(r.id)?.duplicates ?? []
  const related = workbench.related.get(r.id)?.related ?? []
  const mergeChoices = [...duplicates, ...related].filter((x) => x.id !== r.id)

  // The side panel's 并案 opens the merge form with its target chosen.
  const active: StaffAction | undefined = action ?? (mergeTarget && r.actions.includes('merge') ? 'merge' : undefined)
  const needsNote = active ? Boolean(TRANSITIONS[active].note) : false
  const daysNumber = Number(days)
  const daysOk = Number.isInteger(daysNumber) && daysNumber >= 1 && daysNumber <= 30

  const submit = async () => {
    const action = active
    if (!action || busy) return
    if (needsNote && !note.trim()) return setError('请填写说明')
    if (action === 'dispatch' && !dept) return setError('请选择承办部门')
    if (action === 'request-extension' && !daysOk) return setError('延期天数为 1–30 个工作日')
    if (action === 'merge' && !mergeTarget) return setError('请选择要并入的工单')
    if (action === 'revisit' && !level) return setError('请选择市民在电话中给出的评价')
    setBusy(true)
    setError('')
    try {
      const photoIds = action === 'reply' && photos.length ? await workbench.uploadAll(photos) : []
      await workbench.act(r.id, {
        action,
        ...(note.trim() ? { note: note.trim() } : {}),
        ...(action === 'dispatch' ? { departmentCode: dept } : {}),
        ...(action === 'request-extension' ? { days: daysNumber } : {}),
        ...(action === 'merge' ? { targetId: mergeTarget } : {}),
        ...(action === 'revisit' ? { level: Number(level) } : {}),
        ...(photoIds.length ? { photos: photoIds } : {}),
      })
      void Taro.showToast({ title: `已${ACTION_LABEL[action]}`, icon: 'success' })
      setAction(undefined)
      setMergeTarget(undefined)
      setNote('')
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '操作未完成，请稍后重试')
    } finally {
      setBusy(false)
    }
  }


  return (
    <View id='bench-actions' className='os-bench__card'>
      <Text className='os-bench__section'>办理</Text>
      <View className='os-bench__actions'>
        {r.actions.map((a) => (
          <View
            key={a}
            id={`bench-action-${a}`}
            className={`os-bench__action${active === a ? ' os-bench__action--active' : ''}${DANGER.includes(a) ? ' os-bench__action--danger' : ''}`}
            hoverClass='os-bench__pressed'
            ariaRole='button'
            onClick={() => choose(a)}
          >
            <Text>{ACTION_LABEL[a]}</Text>
          </View>
        ))}
      </View>
      {active && (
        <View id={`bench-form-${active}`} className='os-bench__form'>
          <Text className='os-bench__form-title'>{ACTION_LABEL[active]}</Text>
          {active === 'dispatch' && (
            <View>
              {suggestions[0] && <Text className='os-bench__hint'>推荐理由：{suggestions[0].reason}</Text>}
              {hint && <Text className='os-bench__hint'>{hint.reason}</Text>}
              <ChoiceChips id='bench-dept' label='承办部门' choices={deptChoices} value={dept} onChange={setDept} />
            </View>
          )}
          {active === 'revisit' && (
            <ChoiceChips
              id='bench-revisit-level'
              label='市民在回访电话中的评价'
              choices={['5', '4', '3', '2', '1'].map((l) => ({ value: l, label: RATING_LABEL[Number(l)] }))}
              value={level}
              onChange={setLevel}
            />
          )}
          {active === 'request-extension' && (
            <TextField id='bench-days' label='延期天数（工作日，1–30）' type='number' maxlength={2} value={days} placeholder='如 5' onInput={setDays} />
          )}
          {active === 'merge' && (
            <View>
              {mergeChoices.length === 0 ? (
                <Text className='os-bench__hint'>未找到可并入的相似工单。</Text>
              ) : (
                <ChoiceChips
                  id='bench-merge-target'
                  label='并入工单（本工单将随其办理）'
                  choices={mergeChoices.map((m) => ({ value: m.id, label: m.number, note: m.statusLabel }))}
                  value={mergeTarget}
                  onChange={setMergeTarget}
                />
              )}
            </View>
          )}
          {active !== 'merge' && (
            <TextAreaField
              id='bench-note'
              label={needsNote ? '说明（必填）' : '备注（选填）'}
              maxlength={2000}
              value={note}
              placeholder={NOTE_PLACEHOLDER[active] ?? '备注'}
              onInput={setNote}
            />
          )}
          {active === 'reply' && (
            <PhotoGrid
              id='bench-reply-photos'
              photos={photos.map((p) => ({ key: p, src: p, status: 'done' }))}
              max={9}
              onAdd={async () => setPhotos([...photos, ...(await pickImages(9 - photos.length))])}
              onRemove={(key) => setPhotos(photos.filter((p) => p !== key))}
            />
          )}
          {error && (
            <Text id='bench-action-error' className='os-bench__error'>
              {error}
            </Text>
          )}
          <ActionButton
            id='bench-action-submit'
            text={`确认${ACTION_LABEL[active]}`}
            tone={DANGER.includes(active) ? 'danger' : 'primary'}
            busy={busy}
            busyText='正在提交…'
            onTap={() => void submit()}
          />
        </View>
      )}
    </View>
  )
}

function RelatedRow({ item, onMerge }: { item: RelatedRequest; onMerge?: () => void }) {
  return (
    <View className='os-bench__related'>
      <View className='os-bench__row os-bench__row--between'>
        <Text className='os-bench__number'>{item.number}</Text>
        <StatusTag status={item.status} label={item.statusLabel} />
      </View>
      <Text className='os-bench__item-text'>{item.summary}</Text>
      <Text className='os-bench__hint'>
        相似度 {Math.round(item.score * 100)}%{item.distanceMeters !== undefined ? ` · ${distanceText(item.distanceMeters)}` : ''}
        {item.department ? ` · ${item.department.name}` : ''}
        {item.sharedEntities.length ? ` · 共同涉及：${item.sharedEntities.join('、')}` : ''}
      </Text>
      {onMerge && (
        <View id={`bench-merge-${item.number}`} className='os-bench__small-button' hoverClass='os-bench__pressed' ariaRole='button' onClick={onMerge}>
          <Text>并案</Text>
        </View>
      )}
    </View>
  )
}

function StaffRequestPage() {
  const { staff, workbench } = useStores()
  const id = useRouter().params.id ?? ''
  const [mergeTarget, setMergeTarget] = useState<string | undefined>(undefined)

  const load = () => {
    if (!id || !staff.signedIn) return
    void staff.load()
    void workbench.loadDetail(id)
    void workbench.loadRelated(id)
  }
  useDidShow(load)
  usePullDownRefresh(() => {
    load()
    void Taro.stopPullDownRefresh()
  })

  const r = workbench.details.get(id)
  const status = workbench.detailStatus.get(id)
  const error = workbench.detailErrors.get(id)
  const rel = workbench.related.get(id)

  let body
  if (!staff.signedIn) {
    body = (
      <View className='os-bench__card'>
        <PageState kind='empty' message='请先使用工作账号登录' />
        <ActionButton id='bench-sign-in' text='工作人员登录' onTap={() => openRoute(ROUTES.staffLogin)} />
      </View>
    )
  } else if (!id) body = <PageState kind='empty' message='没有找到这件工单' />
  else if (!r && status === 'failed') {
    body =
      error?.status === 404 ? (
        <PageState kind='empty' message='没有找到这件工单，或它不属于本部门' />
      ) : (
        <PageState kind='error' message={error?.message} onRetry={load} />
      )
  } else if (!r) body = <PageState kind='loading' />
  else {
    const photos = r.photos.map((p) => ({ key: p.id, src: workbench.absoluteUrl(p.url), status: 'done' as const }))
    const canMerge = r.actions.includes('merge')
    body = (
      <View className='os-bench__columns'>
        <View className='os-bench__main'>
          <View id='bench-detail' className='os-bench__card'>
            <View className='os-bench__row os-bench__row--between'>
              <Text id='bench-detail-number' className='os-bench__number'>
                {r.number}
              </Text>
              <View className='os-bench__row'>
                {r.overdue && isOpen(r.status) && <ClockTag kind='overdue' />}
                {!r.overdue && r.warning && isOpen(r.status) && <ClockTag kind='warning' />}
                {r.supervised && <ClockTag kind='supervised' />}
                <StatusTag id='bench-detail-status' status={r.status} label={r.statusLabel} />
              </View>
            </View>
            <Text className='os-bench__content'>{r.content}</Text>
            {photos.length > 0 && (
              <PhotoGrid id='bench-detail-photos' photos={photos} onPreview={(key) => previewImages(photos.map((p) => p.src), photos.find((p) => p.key === key)!.src)} />
            )}
            <View className='os-bench__facts'>
              <Fact label='类型' value={`${r.typeLabel}${r.categoryLabel ? ` · ${r.categoryLabel}` : ''}`} />
              <Fact label='提交时间' value={formatDateTime(r.filedAt)} />
              {isOpen(r.status) && <Fact label='派单时限' value={deadlineText(r.dispatchDeadline)} />}
              {isOpen(r.status) && <Fact id='bench-detail-deadline' label='办结时限' value={`${deadlineText(r.deadline)}${r.overdue ? '（已超期）' : ''}`} alert={r.overdue} />}
              {r.location && <Fact label='地点' value={`${r.location.district} ${r.location.address}`} />}
              {r.departmentName && <Fact label='承办部门' value={r.departmentName} />}
              {r.extensionDays !== null && <Fact label='延期申请' value={`${r.extensionDays} 个工作日，待热线审核`} alert />}
              {r.urgeCount > 0 && <Fact label='市民催办' value={`${r.urgeCount} 次`} alert />}
              <Fact label='公开' value={r.public ? '市民同意公开' : '不公开'} />
              {r.rating && <Fact label='市民评价' value={`${RATING_LABEL[r.rating.level]}${r.rating.comment ? `：${r.rating.comment}` : ''}`} />}
              {r.mergedInto && <Fact label='已并入' value={r.mergedInto.number} />}
              {r.merged.length > 0 && <Fact label='并入本单' value={r.merged.map((m) => m.number).join('、')} />}
            </View>
          </View>
          <ContactCard r={r} />
          <ActionPanel r={r} mergeTarget={mergeTarget} setMergeTarget={setMergeTarget} />
        </View>
        <View className='os-bench__side'>
          {rel && (rel.hotspot || rel.duplicates.length > 0 || rel.related.length > 0 || rel.entities.length > 0) && (
            <View id='bench-related' className='os-bench__card'>
              <Text className='os-bench__section'>相关与疑似重复</Text>
              {rel.hotspot && <Text className='os-bench__notice'>{rel.hotspot.message}</Text>}
              {rel.duplicates.length > 0 && <Text className='os-bench__subsection'>疑似重复（可并案）</Text>}
              {rel.duplicates.map((d) => (
                <RelatedRow key={d.id} item={d} onMerge={canMerge ? () => setMergeTarget(d.id) : undefined} />
              ))}
              {rel.related.length > 0 && <Text className='os-bench__subsection'>相关诉求</Text>}
              {rel.related.map((d) => (
                <RelatedRow key={d.id} item={d} />
              ))}
              {rel.entities.map((e) => (
                <Text key={`${e.kind}-${e.text}`} className='os-bench__hint'>
                  “{e.text}”另有 {e.otherRequests} 件诉求提及{e.departments[0] ? `，多由${e.departments[0].name}办理` : ''}
                </Text>
              ))}
            </View>
          )}
          <View className='os-bench__card'>
            <Text className='os-bench__section'>办理记录</Text>
            <RequestTimeline
              id='bench-timeline'
              items={r.timeline}
              staff
              resolveUrl={(u) => workbench.absoluteUrl(u)}
              onPreview={(urls, current) => previewImages(urls, current)}
            />
          </View>
        </View>
      </View>
    )
  }

  return (
    <View className='os-bench'>
      <View className='os-bench__head'>
        <Text className='os-bench__title'>工单详情</Text>
      </View>
      {body}
      <ActionButton id='bench-back' text='返回' tone='secondary' onTap={goBack} />
    </View>
  )
}

export default observer(StaffRequestPage)
