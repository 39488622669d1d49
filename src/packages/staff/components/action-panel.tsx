// 工单详情's 办理 card: the actions the state machine allows this clerk now, and the form of the chosen one — its
// note, department (suggested first), days, rating (with 问题是否解决 on a 回访) or merge target, and reply photos — sent
// to the workbench store.
import { View, Text } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import type { StaffAction, StaffRequestDetail } from '@contract/request'
import { ApiError } from '@/api/errors'
import ActionButton from '@/components/action-button'
import ChoiceChips from '@/components/choice-chips'
import PhotoGrid from '@/components/photo-grid'
import TextAreaField from '@/components/text-area-field'
import TextField from '@/components/text-field'
import { ACTION_LABEL, RATING_LABEL, TRANSITIONS } from '@domain/workorder'
import { pickImages } from '@/platform/images'
import { useStores } from '@/stores'
import { workbenchOf } from '@/stores/workbench'

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

export default function ActionPanel({ r, mergeTarget, setMergeTarget }: { r: StaffRequestDetail; mergeTarget: string | undefined; setMergeTarget: (id: string | undefined) => void }) {
  const { departments } = useStores()
  const workbench = workbenchOf(useStores())
  const [action, setAction] = useState<StaffAction | undefined>(undefined)
  const [note, setNote] = useState('')
  const [dept, setDept] = useState<string | undefined>(undefined)
  const [days, setDays] = useState('')
  const [level, setLevel] = useState<string | undefined>(undefined)
  const [resolved, setResolved] = useState<string | undefined>(undefined)
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
    setResolved(undefined)
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
        ...(action === 'revisit' ? { level: Number(level), ...(resolved ? { resolved: resolved === 'yes' } : {}) } : {}),
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
            <View>
              <ChoiceChips
                id='bench-revisit-level'
                label='市民在回访电话中的评价'
                choices={['5', '4', '3', '2', '1'].map((l) => ({ value: l, label: RATING_LABEL[Number(l)] }))}
                value={level}
                onChange={setLevel}
              />
              <ChoiceChips
                id='bench-revisit-resolved'
                label='市民表示问题是否解决（选填）'
                choices={[
                  { value: 'yes', label: '已解决' },
                  { value: 'no', label: '未解决' },
                ]}
                value={resolved}
                onChange={(x) => setResolved(resolved === x ? undefined : x)}
              />
            </View>
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
