// Words the appointment pages share: time ranges (status names: APPOINTMENT_STATUS_LABEL in domain/appointment.ts).
import { formatClock, formatMonthDay } from '@domain/appointment'
import { shanghaiDate } from '@domain/calendar'

/** '10月8日 周四 09:00-09:30' */
export function slotText(start: string, end: string): string {
  const s = new Date(start)
  const d = shanghaiDate(s)
  const weekday = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'][new Date(`${d}T00:00:00Z`).getUTCDay()]
  return `${formatMonthDay(d)} ${weekday} ${formatClock(s)}-${formatClock(new Date(end))}`
}
