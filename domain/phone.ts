// Mainland mobile numbers: normalising what people type and checking it is an 11-digit 1[3-9] number.

const MOBILE = /^1[3-9][0-9]{9}$/

/** Strips spaces, dashes, dots and brackets, full-width digits → half-width, and a +86 / 0086 / 86 country prefix. */
export function normalizePhone(input: string): string {
  let s = input
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xff10 + 48))
    .replace(/\uFF0B/g, '+')
    .replace(/[\s\u3000\-\u2010-\u2015\uFF0D().\uFF08\uFF09]+/g, '')
  if (s.startsWith('+86')) s = s.slice(3)
  else if (s.startsWith('0086')) s = s.slice(4)
  else if (s.length === 13 && s.startsWith('86')) s = s.slice(2)
  return s
}

/** True for an 11-digit mainland mobile number (after normalising). */
export function isMobilePhone(input: string): boolean {
  return MOBILE.test(normalizePhone(input))
}

export interface PhoneCheck {
  ok: boolean
  /** The normalised number when ok. */
  phone?: string
  /** Chinese, what to fix. */
  message?: string
}

/** Like isMobilePhone, with a message a form can show while the resident types. */
export function checkPhone(input: string): PhoneCheck {
  const s = normalizePhone(input)
  if (s === '') return { ok: false, message: '请输入手机号' }
  if (!/^[0-9]+$/.test(s)) return { ok: false, message: '手机号只能包含数字' }
  if (s[0] !== '1' || (s.length >= 2 && !/[3-9]/.test(s[1]))) return { ok: false, message: '请输入以 13–19 开头的手机号' }
  if (s.length < 11) return { ok: false, message: `还差 ${11 - s.length} 位` }
  if (s.length > 11) return { ok: false, message: `手机号为 11 位，多了 ${s.length - 11} 位` }
  return { ok: true, phone: s }
}
