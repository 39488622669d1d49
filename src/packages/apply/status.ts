// How an application's status and deadline mark look in the 在线办 pages.
import type { ApplicationStatus, ApplicationSummary } from '@contract/applications'

export function statusTone(status: ApplicationStatus): '' | ' os-apply__status--done' | ' os-apply__status--warn' {
  if (status === 'approved') return ' os-apply__status--done'
  if (status === 'correction' || status === 'rejected' || status === 'denied') return ' os-apply__status--warn'
  return ''
}

/** YYYY-MM-DD HH:mm in Beijing time. */
export function beijingTime(iso: string): string {
  const d = new Date(Date.parse(iso) + 8 * 3600_000)
  return d.toISOString().slice(0, 16).replace('T', ' ')
}

export function beijingDate(iso: string): string {
  return beijingTime(iso).slice(0, 10)
}

export function promisedText(a: Pick<ApplicationSummary, 'promisedBy' | 'mark'>): string | undefined {
  if (!a.promisedBy) return undefined
  const mark = a.mark === 'overdue' ? '（已超期）' : a.mark === 'due-soon' ? '（临期）' : ''
  return `承诺 ${beijingDate(a.promisedBy)} 前办结${mark}`
}
