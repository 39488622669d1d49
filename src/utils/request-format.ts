// How 12345 dates and deadlines read in Chinese (Asia/Shanghai, whatever the device's zone).
import { SHANGHAI_OFFSET_MS } from '@domain/calendar'

function parts(iso: string): { y: number; m: number; d: number; hh: string; mm: string } | undefined {
  const t = Date.parse(iso)
  if (Number.isNaN(t)) return undefined
  const s = new Date(t + SHANGHAI_OFFSET_MS)
  return {
    y: s.getUTCFullYear(),
    m: s.getUTCMonth() + 1,
    d: s.getUTCDate(),
    hh: String(s.getUTCHours()).padStart(2, '0'),
    mm: String(s.getUTCMinutes()).padStart(2, '0'),
  }
}

/** 2026年11月24日 14:05 */
export function formatDateTime(iso: string): string {
  const p = parts(iso)
  return p ? `${p.y}年${p.m}月${p.d}日 ${p.hh}:${p.mm}` : iso
}

/** 11月24日 14:05 (this year) or 2025年11月24日 14:05. */
export function formatShort(iso: string, now = Date.now()): string {
  const p = parts(iso)
  const n = parts(new Date(now).toISOString())
  if (!p) return iso
  return p.y === n?.y ? `${p.m}月${p.d}日 ${p.hh}:${p.mm}` : `${p.y}年${p.m}月${p.d}日 ${p.hh}:${p.mm}`
}

/** A deadline as a sentence: 办理时限 2026年12月8日 23:59 前 (a deadline at the end of a day reads as that day's 23:59, never 24:00). */
export function deadlineText(iso: string): string {
  const t = Date.parse(iso)
  if (Number.isNaN(t)) return iso
  // End of a working day (23:59:59.999): residents read "24:00" as the next day, so say that day's 23:59.
  const p = parts(new Date(t + 1).toISOString())!
  if (p.hh === '00' && p.mm === '00') {
    const prev = parts(new Date(t).toISOString())!
    return `${prev.y}年${prev.m}月${prev.d}日 23:59 前`
  }
  return `${formatDateTime(iso)} 前`
}

/** 约 350 米 / 约 1.2 公里 */
export function distanceText(meters: number): string {
  return meters < 1000 ? `约 ${Math.max(10, Math.round(meters / 10) * 10)} 米` : `约 ${(meters / 1000).toFixed(1)} 公里`
}
