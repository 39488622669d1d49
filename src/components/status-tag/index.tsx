// StatusTag: a request's status as a coloured word (in progress, waiting, finished, stopped), plus 超期/临期 marks.
import { Text } from '@tarojs/components'
import type { RequestStatus } from '@contract/request'
import './index.scss'

const TONE: Record<RequestStatus, 'info' | 'progress' | 'done' | 'muted' | 'alert'> = {
  submitted: 'info',
  accepted: 'info',
  dispatched: 'progress',
  signed: 'progress',
  processing: 'progress',
  replied: 'info',
  returned: 'alert',
  closed: 'done',
  rated: 'done',
  rejected: 'muted',
  merged: 'muted',
}

export default function StatusTag({ status, label, id }: { status: RequestStatus | string; label: string; id?: string }) {
  const tone = TONE[status as RequestStatus] ?? 'info'
  return (
    <Text id={id} className={`os-status-tag os-status-tag--${tone}`}>
      {label}
    </Text>
  )
}

/** 已超期 (red) or 即将超期 (amber). */
export function ClockTag({ kind }: { kind: 'overdue' | 'warning' | 'supervised' }) {
  const text = kind === 'overdue' ? '已超期' : kind === 'warning' ? '即将超期' : '督办'
  return <Text className={`os-status-tag os-status-tag--${kind === 'warning' ? 'warning' : 'alert'}`}>{text}</Text>
}
