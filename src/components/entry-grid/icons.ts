// The entry tiles' icons (Tabler Icons, MIT — src/assets/icons/README.md), by feature key; white on the tile's colour.
import book from '@/assets/icons/book-white.svg'
import buildingBank from '@/assets/icons/building-bank-white.svg'
import calendarCheck from '@/assets/icons/calendar-check-white.svg'
import calendarTime from '@/assets/icons/calendar-time-white.svg'
import clipboardList from '@/assets/icons/clipboard-list-white.svg'
import messageReport from '@/assets/icons/message-report-white.svg'
import qrcode from '@/assets/icons/qrcode-white.svg'
import stack from '@/assets/icons/stack-2-white.svg'
import users from '@/assets/icons/users-white.svg'

export const ENTRY_ICONS: Record<string, string> = {
  guide: book,
  appointment: calendarTime,
  request: messageReport,
  citycode: qrcode,
  myAppointments: calendarCheck,
  myRequests: clipboardList,
  hall: buildingBank,
  bundle: stack,
  family: users,
}
