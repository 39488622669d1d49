// The actions a clerk may take on an application in its state (domain staffActionsIn): 受理, 补正告知 (pick the
// materials and fields to redo and say why), 不予受理 (reason and legal basis), 准予 (issue the e-licence, delivery),
// 不予许可 (reason). One form open at a time; the server's refusal is shown in place.
import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import type { StaffApplicationAction, StaffApplicationActionBody, StaffApplicationDetail } from '@contract/applications'
import type { ServiceForm } from '@contract/forms'
import { ACTION_LABEL, staffActionsIn } from '@domain/application'
import ActionButton from '@/components/action-button'
import TextAreaField from '@/components/text-area-field'
import TextField from '@/components/text-field'

const NOTE_LABEL: Partial<Record<StaffApplicationAction, string>> = {
  'request-correction': '补正原因（告知申请人需要怎么改）',
  reject: '不予受理的理由',
  deny: '不予许可的理由',
  approve: '办理意见（可不填）',
  accept: '受理意见（可不填）',
}
type Delivery = 'none' | 'pickup' | 'postal'
const DELIVERY: { key: Delivery; label: string }[] = [
  { key: 'none', label: '仅电子证照' },
  { key: 'pickup', label: '预约窗口领取' },
  { key: 'postal', label: '邮寄送达' },
]

export interface ApplicationActionsProps {
  detail: StaffApplicationDetail
  form: ServiceForm | undefined
  busy: boolean
  error: string | undefined
  onAct: (body: StaffApplicationActionBody) => Promise<boolean>
}

function Toggle({ id, on, label, onTap }: { id: string; on: boolean; label: string; onTap: () => void }) {
  return (
    <View id={id} className={`os-bench__action${on ? ' os-bench__action--active' : ''}`} ariaRole='checkbox' ariaLabel={on ? `${label}（已选）` : label} onClick={onTap}>
      <Text>{`${on ? '☑' : '☐'} ${label}`}</Text>
    </View>
  )
}

export default function ApplicationActions({ detail: d, form, busy, error, onAct }: ApplicationActionsProps) {
  const [action, setAction] = useState<StaffApplicationAction | undefined>(undefined)
  const [note, setNote] = useState('')
  const [basis, setBasis] = useState('')
  const [materials, setMaterials] = useState<string[]>([])
  const [fields, setFields] = useState<string[]>([])
  const [delivery, setDelivery] = useState<Delivery>('none')
  const [address, setAddress] = useState('')
  const actions = staffActionsIn(d.status)
  if (actions.length === 0) return null
  const flip = (list: string[], set: (v: string[]) => void, v: string) => set(list.includes(v) ? list.filter((x) => x !== v) : [...list, v])
  const pick = (a: StaffApplicationAction) => {
    setAction(a === action ? undefined : a)
    setNote('')
  }
  const send = async () => {
    if (!action) return
    const body: StaffApplicationActionBody = { action, ...(note.trim() ? { note: note.trim() } : {}) }
    if (action === 'request-correction') Object.assign(body, { materialIds: materials, fieldKeys: fields })
    if (action === 'reject') body.legalBasis = basis.trim()
    if (action === 'approve') body.result = { licence: true, delivery, ...(delivery === 'postal' ? { postalAddress: address.trim() } : {}) }
    if (await onAct(body)) setAction(undefined)
  }
  const materialChoices = form?.materials ?? d.materials.map((m) => ({ id: m.materialId, name: m.name }))
  const fieldChoices = (form?.fields ?? []).filter((f) => !f.prefill)
  return (
    <View id='app-actions' className='os-bench__card'>
      <Text className='os-bench__form-title'>办理</Text>
      <View className='os-bench__actions'>
        {actions.map((a) => (
          <View key={a} id={`app-action-${a}`} className={`os-bench__action${a === action ? ' os-bench__action--active' : ''}${a === 'reject' || a === 'deny' ? ' os-bench__action--danger' : ''}`} ariaRole='button' onClick={() => pick(a)}>
            <Text>{ACTION_LABEL[a]}</Text>
          </View>
        ))}
      </View>
      {action && (
        <View className='os-bench__form'>
          {action === 'request-correction' && (
            <View>
              <Text className='os-bench__hint'>需重新提供的材料</Text>
              {materialChoices.map((m) => (
                <Toggle key={m.id} id={`app-flag-material-${m.id}`} on={materials.includes(m.id)} label={m.name} onTap={() => flip(materials, setMaterials, m.id)} />
              ))}
              {fieldChoices.length > 0 && <Text className='os-bench__hint'>需改填的信息</Text>}
              {fieldChoices.map((f) => (
                <Toggle key={f.key} id={`app-flag-field-${f.key}`} on={fields.includes(f.key)} label={f.label} onTap={() => flip(fields, setFields, f.key)} />
              ))}
            </View>
          )}
          {action === 'approve' && (
            <View>
              <Text className='os-bench__hint'>准予后向申请人发放电子证照；纸质结果的送达方式：</Text>
              <View className='os-bench__actions'>
                {DELIVERY.map((o) => (
                  <Toggle key={o.key} id={`app-delivery-${o.key}`} on={delivery === o.key} label={o.label} onTap={() => setDelivery(o.key)} />
                ))}
              </View>
              {delivery === 'postal' && <TextField id='app-postal' label='邮寄地址' value={address} maxlength={200} onInput={setAddress} />}
            </View>
          )}
          <TextAreaField id='app-note' label={NOTE_LABEL[action] ?? '说明'} value={note} maxlength={1000} size='md' onInput={setNote} />
          {action === 'reject' && <TextField id='app-basis' label='法律依据' value={basis} maxlength={300} onInput={setBasis} />}
          {error && <Text className='os-bench__error'>{error}</Text>}
          <ActionButton id='app-action-send' text={`确认${ACTION_LABEL[action]}`} tone={action === 'reject' || action === 'deny' ? 'danger' : 'primary'} busy={busy} onTap={() => void send()} />
        </View>
      )}
    </View>
  )
}
