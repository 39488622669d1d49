// The one place a request's status change becomes a notice to the resident (WeChat subscribe message via the outbox),
// written in the transition's own transaction; residents of requests merged into this one hear about it too.
import { shanghaiDate } from '@domain/calendar'
import { STATUS_LABEL, summarize, type RequestStatus } from '@domain/workorder'
import type { Queryable } from '../../db'
import { enqueueNotice } from '../outbox'
import { requestsRepo, type RequestRow } from './repo'

/** The mini-program page a notice opens. */
export const requestPage = (id: string) => `packages/request/pages/detail/index?id=${id}`

function shanghaiMinute(at: Date): string {
  return `${shanghaiDate(at)} ${new Date(at.getTime() + 8 * 3600_000).toISOString().slice(11, 16)}`
}

export async function queueStatusNotice(
  tx: Queryable,
  change: { request: Pick<RequestRow, 'id' | 'number' | 'user_id'>; updateId: number; toStatus: RequestStatus; note: string | null; now: Date },
): Promise<void> {
  const { request, updateId, toStatus, note, now } = change
  const time = shanghaiMinute(now)
  const status = STATUS_LABEL[toStatus]
  if (request.user_id) {
    await enqueueNotice(tx, {
      userId: request.user_id,
      template: 'request_status',
      data: { number: request.number, status, time, ...(note ? { note: summarize(note, 20) } : {}) },
      page: requestPage(request.id),
      dedupeKey: `request-update:${updateId}`,
      now,
    })
  }
  // Followers through merge chains too (A merged into B, B later into this one).
  for (const f of await requestsRepo.followers(tx, request.id)) {
    if (!f.user_id) continue
    await enqueueNotice(tx, {
      userId: f.user_id,
      template: 'request_status',
      data: { number: f.number, status, time, note: `已并入 ${request.number} 办理` },
      page: requestPage(f.id),
      dedupeKey: `request-update:${updateId}:${f.id}`,
      now,
    })
  }
}
