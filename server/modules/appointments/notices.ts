// The notices a booking sends through the outbox: the reminder the evening before, cancelled, and closed (停办).
import type { NoticeFields } from '@contract/notice'
import { formatSlotTime } from '@domain/appointment'
import type { Notice } from '../outbox'
import { reminderKey, type AppointmentRow } from './repo'

const DETAIL_PAGE = 'packages/appointment/pages/detail/index'

type BookingTemplate = 'appointment_reminder' | 'appointment_cancelled' | 'appointment_closed'

/** A notice about `row`: its service, hall and time, the detail page, and what the template adds. */
function aboutBooking<T extends BookingTemplate>(
  row: AppointmentRow,
  template: T,
  extra: Omit<NoticeFields[T], 'service' | 'hall' | 'time'>,
  dedupeKey: string,
  now: Date,
): Notice<T> {
  const data = { service: row.service_name, hall: row.hall_name, time: formatSlotTime(row.starts_at), ...extra } as NoticeFields[T]
  return { userId: row.user_id, template, data, page: `${DETAIL_PAGE}?id=${row.id}`, dedupeKey, now }
}

/** The reminder of a booking, sent as soon as it is queued. */
export const reminderNotice = (row: AppointmentRow, now: Date) =>
  aboutBooking(row, 'appointment_reminder', { code: row.code, note: '请携带申请材料，提前 10 分钟到场签到取号' }, reminderKey(row), now)

export const cancelledNotice = (row: AppointmentRow, now: Date) =>
  aboutBooking(row, 'appointment_cancelled', { reason: '您已取消本次预约' }, `appointment-cancelled:${row.id}`, now)

export const closedNotice = (row: AppointmentRow, reason: string, now: Date) =>
  aboutBooking(row, 'appointment_closed', { reason }, `appointment-closed:${row.id}`, now)
