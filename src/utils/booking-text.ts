// Every booking rule the app puts into words, built from the rules the server answers (GET /api/appointments/rules),
// so a deployment that changes them never shows residents numbers it does not apply.
import type { BookingRulesDto } from '@contract/appointment'
import { BOOKING_REFUSALS, appointmentErrorText, durationText, type BookingRefusal } from '@domain/appointment'

/**
 * What each refusal means to the resident: the server's own wording (appointmentErrorText), from the rules it answers.
 * The server's message comes first; this is the fallback and the text of checks the page makes before the tap.
 */
export function refusalText(rules: BookingRulesDto): Record<BookingRefusal, string> {
  return appointmentErrorText(rules)
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
