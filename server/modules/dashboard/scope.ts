// What a dashboard question covers: the period (Asia/Shanghai days → instants), the filters, and who may ask for
// which department (dispatcher and admin: the city; a department clerk: their own department only).
import type { DashboardQuery } from '@contract/dashboard'
import { addCalendarDays, shanghaiDate, shanghaiTime } from '@domain/calendar'
import { DASHBOARD_MAX_DAYS } from '@domain/dashboard'
import type { StaffPrincipal } from '../../auth'
import { AppError } from '../../errors'
import type { Scope } from './repo'

/** Days shown when the query names no period: the 30 days to today. */
export const DEFAULT_DAYS = 30

export interface Period {
  /** First and last day, included (YYYY-MM-DD). */
  from: string
  to: string
  days: number
}

const periodInvalid = (message: string) => new AppError(400, 'PERIOD_INVALID', message)

/** A real calendar day (2026-02-30 is not one). */
function isDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false
  const at = new Date(`${text}T00:00:00Z`)
  return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) === text
}

export function periodOf(query: Pick<DashboardQuery, 'from' | 'to'>, now: Date): Period {
  const to = query.to || shanghaiDate(now)
  const from = query.from || addCalendarDays(to, -(DEFAULT_DAYS - 1))
  if (!isDay(from)) throw periodInvalid(`开始日期“${from}”不是有效日期，请按 YYYY-MM-DD 填写`)
  if (!isDay(to)) throw periodInvalid(`结束日期“${to}”不是有效日期，请按 YYYY-MM-DD 填写`)
  if (from > to) throw periodInvalid('开始日期不能晚于结束日期')
  const days = Math.round((shanghaiTime(to).getTime() - shanghaiTime(from).getTime()) / 86_400_000) + 1
  if (days > DASHBOARD_MAX_DAYS) throw periodInvalid(`统计时段最长 ${DASHBOARD_MAX_DAYS} 天，现在是 ${days} 天`)
  return { from, to, days }
}

/** The department the figures are limited to; a clerk asking for another department is refused. */
export function departmentOf(staff: StaffPrincipal, asked: string | undefined): string | null {
  const wanted = asked || null
  if (staff.role !== 'dept_staff') return wanted
  if (!staff.departmentCode) throw new AppError(403, 'FORBIDDEN', '当前账号未关联承办部门，不能查看统计')
  if (wanted && wanted !== staff.departmentCode) throw new AppError(403, 'DEPARTMENT_FORBIDDEN', '只能查看本部门的统计数据')
  return staff.departmentCode
}

export function scopeOf(staff: StaffPrincipal, query: DashboardQuery, now: Date): { period: Period; scope: Scope } {
  const period = periodOf(query, now)
  return {
    period,
    scope: {
      from: shanghaiTime(period.from),
      to: shanghaiTime(addCalendarDays(period.to, 1)),
      district: query.district?.trim() || null,
      department: departmentOf(staff, query.department),
      type: query.type || null,
      category: query.category || null,
      now,
    },
  }
}
