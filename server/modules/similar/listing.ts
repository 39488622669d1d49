// A request as the similar-request views list it (number, status and when it was filed), whatever else each view adds.
import type { RequestStatus } from '@contract/request'
import { STATUS_LABEL } from '@domain/workorder'

export interface ListedRequest {
  id: string
  number: string
  status: RequestStatus
  statusLabel: string
  createdAt: string
}

export function listed(r: { id: string; number: string; status: RequestStatus; filed_at: Date }): ListedRequest {
  return { id: r.id, number: r.number, status: r.status, statusLabel: STATUS_LABEL[r.status], createdAt: r.filed_at.toISOString() }
}
