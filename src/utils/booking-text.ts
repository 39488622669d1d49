// Every booking rule the app puts into words, built from the rules the server answers (GET /api/appointments/rules),
// so a deployment that changes them never shows residents numbers it does not apply.
import type { BookingRulesDto } from '@contract/appointment'
import { BOOKING_REFUSALS, type BookingRefusal } from '@domain/appointment'

/** 120 → '2 小时', 90 → '90 分钟'. */
export function durationText(minutes: number): string {
  return minutes % 60 === 0 ? `${minutes / 60} 小时` : `${minutes} 分钟`
}

/** What each refusal means to the resident (the server's messages say the same; BLOCKED_UNTIL adds the date). */
export function refusalText(rules: BookingRulesDto): Record<BookingRefusal, string> {
  return {
    SLOT_FULL: '该时段已约满，请选择其他时段',
    ALREADY_BOOKED: '您已预约过该事项，请先办理或取消原预约',
    LIMIT_REACHED: `您同时最多可持有 ${rules.maxActive} 个有效预约，请先办理或取消其中一个`,
    BLOCKED_UNTIL: '因多次预约未到场，暂时不能预约',
    REALNAME_REQUIRED: '预约办事需要先完成实名认证',
    TOO_SOON: `需至少提前 ${durationText(rules.minNoticeMinutes)}预约`,
    TOO_FAR: `只能预约 ${rules.windowWorkingDays} 个工作日内的时段`,
    PAST: '该时段已过',
    SLOT_CLOSED: '该时段大厅暂停办理，请选择其他时段',
    CANCEL_CLOSED: `开始前 ${durationText(rules.cancelCutoffMinutes)}内不能取消或改约`,
    CHECKIN_NOT_OPEN: `签到在开始前 ${rules.checkinOpensMinutes} 分钟开放`,
    CHECKIN_CLOSED: '已超过签到时间',
    NOT_ACTIVE: '该预约已不在有效状态',
    IDEMPOTENCY_KEY_REUSED: '该操作此前已提交，请刷新后查看',
  }
}

export function isBookingRefusal(code: string): code is BookingRefusal {
  return (BOOKING_REFUSALS as readonly string[]).includes(code)
}

/** '需提前 2 小时': the note under a slot too soon to book. */
export function noticeNote(rules: BookingRulesDto): string {
  return `需提前 ${durationText(rules.minNoticeMinutes)}`
}

/** The line under the slots: notice, window, holidays. */
export function windowRuleText(rules: BookingRulesDto): string {
  return `${refusalText(rules).TOO_SOON}，最远可约 ${rules.windowWorkingDays} 个工作日内；法定节假日不开放，调休上班日照常开放。`
}

/** '90 天内 3 次未到场，将暂停预约 30 天' */
export function noShowRuleText(rules: BookingRulesDto): string {
  return `${rules.noShowWindowDays} 天内 ${rules.noShowLimit} 次未到场，将暂停预约 ${rules.blockDays} 天`
}
