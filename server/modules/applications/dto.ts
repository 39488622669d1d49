// Application rows → the contract's shapes: the summary in lists, the resident's detail (next step, timeline, open
// 补正告知) and the clerk's detail (the applicant's 实名 data opened from its sealed columns).
import type { ApplicationDetail, ApplicationSummary, StaffApplicationDetail, TimelineStep } from '@contract/applications'
import { ACTION_LABEL, deadlineMark, isFinal, nextStepText, staffActionsIn, STATUS_LABEL, type ApplicationAction } from '@domain/application'
import type { DataCrypto } from '../../crypto'
import type { ApplicationView, UpdateRow } from './repo'

/** The columns a summary reads (the queue selects these alone, not the answers and materials). */
export type SummaryRow = Pick<
  ApplicationView,
  'id' | 'number' | 'service_code' | 'service_name' | 'status' | 'department_code' | 'department_name' | 'submitted_at' | 'accepted_at' | 'deadline' | 'bundle_id' | 'bundle_number'
>

export function summaryOf(a: SummaryRow, now: Date): ApplicationSummary {
  const promised = a.accepted_at && !isFinal(a.status) ? a.deadline : null
  return {
    id: a.id,
    number: a.number,
    serviceCode: a.service_code,
    serviceName: a.service_name,
    status: a.status,
    statusLabel: STATUS_LABEL[a.status],
    departmentCode: a.department_code,
    departmentName: a.department_name,
    submittedAt: a.submitted_at.toISOString(),
    promisedBy: promised ? promised.toISOString() : null,
    mark: deadlineMark(a.status, a.deadline, now),
    bundleId: a.bundle_id,
    bundleNumber: a.bundle_number,
  }
}

function step(u: UpdateRow): TimelineStep {
  const s: TimelineStep = {
    action: u.action,
    label: ACTION_LABEL[u.action as ApplicationAction] ?? u.action,
    status: u.to_status,
    note: u.note,
    at: u.created_at.toISOString(),
  }
  if (Array.isArray(u.data.materialIds)) s.materialIds = u.data.materialIds as string[]
  if (Array.isArray(u.data.fieldKeys)) s.fieldKeys = u.data.fieldKeys as string[]
  return s
}

export function detailOf(a: ApplicationView, updates: UpdateRow[], now: Date): ApplicationDetail {
  const last = updates.at(-1)
  return {
    ...summaryOf(a, now),
    nextStep: nextStepText({
      status: a.status,
      promisedBy: a.accepted_at ? a.deadline : null,
      delivery: a.result?.delivery ?? null,
      licence: !!a.result?.licenceId,
      note: a.status === 'correction' ? (a.correction?.note ?? null) : (last?.note ?? null),
    }),
    promisedDays: a.promised_days,
    fields: a.fields,
    materials: a.materials,
    correction: a.status === 'correction' ? a.correction : null,
    result: a.result,
    timeline: updates.map(step),
  }
}

export function staffDetailOf(a: ApplicationView, updates: UpdateRow[], now: Date, crypto: DataCrypto): StaffApplicationDetail {
  return {
    ...detailOf(a, updates, now),
    applicant: {
      name: a.holder_name_enc ? crypto.open('users.name', a.holder_name_enc) : '',
      idNumber: a.holder_id_enc ? crypto.open('users.id_number', a.holder_id_enc) : '',
      phone: a.holder_phone_enc ? crypto.open('users.phone', a.holder_phone_enc) : null,
    },
    actions: staffActionsIn(a.status),
  }
}
