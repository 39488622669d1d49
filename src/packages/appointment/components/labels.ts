// Words the appointment pages share: status names and time ranges.
import type { AppointmentStatus } from '@contract/appointment'
import { formatClock, formatMonthDay } from '@domain/appointment'
import { shanghaiDate } from '@domain/calendar'

export const STATUS_TEXT: Record<AppointmentStatus, string> = {
  booked: '待签到',
  checked_in: '已签到',
  cancelled: '已取消',
  closed: '大厅停办',
  no_show: '未到场',
}

/** '10月8日 周四 09:00-09:30' */
export function slotText(start: string, end: string): string {
  const s = new Date(start)
  const d = shanghaiDate(s)
  const weekday = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'][new Date(`${d}T00:00:00Z`).getUTCDay()]
  return `${formatMonthDay(d)} ${weekday} ${formatClock(s)}-${formatClock(new Date(end))}`
}
