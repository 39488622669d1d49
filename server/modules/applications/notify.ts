// The one place an application's status change becomes a notice to the resident, written in the step's own
// transaction through the outbox (WeChat subscribe message; the outbox sends SMS / Alipay where configured). The
// 办理进度 template of 12345 (request_status: number, status, time, note) carries 办件 progress too.
import { shanghaiDate } from '@domain/calendar'
import { STATUS_LABEL, type ApplicationStatus } from '@domain/application'
import type { Queryable } from '../../db'
import { enqueueNotice } from '../outbox'

/** The mini-program page a notice opens. */
export const applicationPage = (id: string) => `packages/apply/pages/detail/index?id=${id}`

const summarize = (text: string, max: number) => ([...text].length > max ? `${[...text].slice(0, max - 1).join('')}…` : text)

/** What a notice of a change to `to` says, but the application's number (its `data` gets `number` added). */
export function applicationNotice(to: ApplicationStatus, note: string | null, now: Date): { template: 'request_status'; data: { status: string; time: string; note?: string } } {
  const time = `${shanghaiDate(now)} ${new Date(now.getTime() + 8 * 3600_000).toISOString().slice(11, 16)}`
  return { template: 'request_status', data: { status: STATUS_LABEL[to], time, ...(note ? { note: summarize(note, 20) } : {}) } }
}

export async function queueApplicationNotice(
  tx: Queryable,
  change: { application: { id: string; number: string; user_id: string }; updateId: number; to: ApplicationStatus; note: string | null; now: Date },
): Promise<void> {
  const { application, updateId, to, note, now } = change
  const notice = applicationNotice(to, note, now)
  await enqueueNotice(tx, {
    userId: application.user_id,
    template: notice.template,
    data: { number: application.number, ...notice.data },
    page: applicationPage(application.id),
    dedupeKey: `application-update:${updateId}`,
    now,
  })
}
