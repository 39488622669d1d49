// Resident ID numbers (居民身份证号码, GB 11643-1999): normalisation, check digit, birth date, region, typing feedback.

export type IdCardProblem = 'EMPTY' | 'TOO_SHORT' | 'TOO_LONG' | 'FORMAT' | 'REGION' | 'BIRTH_DATE' | 'CHECK_DIGIT'

export interface IdCardCheck {
  ok: boolean
  problem?: IdCardProblem
  /** Chinese, says what to do, e.g. "还差 3 位" / "出生日期 19990231 不存在" / "校验位应为 X，请核对最后一位". */
  message?: string
  /** YYYY-MM-DD, when ok. */
  birthDate?: string
  /** From the 17th digit (odd: male), when ok. */
  gender?: 'male' | 'female'
}

export const ID_NUMBER_LENGTH = 18

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK_CHARS = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2']

/**
 * Province-level prefixes: the mainland's 31 provinces, plus 71 (Taiwan), 81 (Hong Kong), 82 (Macao) and
 * 83 (the Taiwan residents' residence permit, 台湾居民居住证).
 */
const PROVINCES = new Set([
  '11', '12', '13', '14', '15',
  '21', '22', '23',
  '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54',
  '61', '62', '63', '64', '65',
  '71', '81', '82', '83',
])
/** Outside the mainland the region code is the whole area (810000); inside it, a region code is never "xx0000". */
const WHOLE_AREA_ALLOWED = new Set(['71', '81', '82', '83'])

/** Strips spaces, turns full-width digits and X into half-width, lower-case x into X. */
export function normalizeIdNumber(input: string): string {
  return input
    .replace(/[\s\u3000]+/g, '')
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xff10 + 48))
    .replace(/[xX\uFF58\uFF38]/g, 'X')
}

/** The GB 11643 check character for the first 17 digits. */
export function idCheckDigit(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]
  return CHECK_CHARS[sum % 11]
}

function fail(problem: IdCardProblem, message: string): IdCardCheck {
  return { ok: false, problem, message }
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

/** Local calendar date as YYYYMMDD, for comparing birth dates with today. */
function ymd(date: Date): string {
  const m = String(date.getMonth() + 1).padStart(2, '0')
  const d = String(date.getDate()).padStart(2, '0')
  return `${date.getFullYear()}${m}${d}`
}

/** Checks what has been typed so far (positions 7–14 as far as they go): null when fine. */
function checkBirth(s: string, today: Date): IdCardCheck | null {
  const digits = s.slice(6, 14)
  if (digits.length === 0) return null
  const todayYmd = ymd(today)
  const thisYear = Number(todayYmd.slice(0, 4))
  if (digits.length >= 4) {
    const year = Number(digits.slice(0, 4))
    if (year < 1900 || year > thisYear) {
      return fail('BIRTH_DATE', `出生年份 ${digits.slice(0, 4)} 不正确，请核对第 7–10 位`)
    }
  } else {
    // A partial year: "1", "19", "200"… must still be able to become 1900..thisYear.
    const low = Number(digits.padEnd(4, '0'))
    const high = Number(digits.padEnd(4, '9'))
    if (high < 1900 || low > thisYear) return fail('BIRTH_DATE', '出生年份不正确，请核对第 7–10 位')
    return null
  }
  if (digits.length >= 6) {
    const month = Number(digits.slice(4, 6))
    if (month < 1 || month > 12) return fail('BIRTH_DATE', `出生月份 ${digits.slice(4, 6)} 不存在，请核对第 11–12 位`)
  } else if (digits.length === 5 && digits[4] > '1') {
    return fail('BIRTH_DATE', `出生月份 ${digits.slice(4, 5)}… 不存在，请核对第 11–12 位`)
  }
  if (digits.length >= 8) {
    const year = Number(digits.slice(0, 4))
    const month = Number(digits.slice(4, 6))
    const day = Number(digits.slice(6, 8))
    if (day < 1 || day > daysInMonth(year, month)) return fail('BIRTH_DATE', `出生日期 ${digits} 不存在，请核对第 7–14 位`)
    if (digits > todayYmd) return fail('BIRTH_DATE', `出生日期 ${digits} 晚于今天，请核对第 7–14 位`)
  } else if (digits.length === 7 && digits[6] > '3') {
    return fail('BIRTH_DATE', `出生日期 ${digits}… 不存在，请核对第 13–14 位`)
  }
  return null
}

/**
 * Checks an ID number as typed (it is normalised first). Partial input that is well-formed so far gives
 * TOO_SHORT with the number of digits still missing, so a form can react on every keystroke.
 * `today` decides what "in the future" means (defaults to now).
 */
export function checkIdNumber(input: string, today: Date = new Date()): IdCardCheck {
  const s = normalizeIdNumber(input)
  if (s === '') return fail('EMPTY', '请输入 18 位身份证号码')
  if (!/^[0-9X]+$/.test(s)) return fail('FORMAT', '身份证号码只能包含数字，最后一位可能是 X')
  const x = s.indexOf('X')
  if (x !== -1 && x !== ID_NUMBER_LENGTH - 1) {
    return fail('FORMAT', s.length < ID_NUMBER_LENGTH ? 'X 只能出现在最后一位，请先输入前面的数字' : 'X 只能出现在第 18 位')
  }
  if (s.length > ID_NUMBER_LENGTH) return fail('TOO_LONG', `身份证号码为 18 位，多了 ${s.length - ID_NUMBER_LENGTH} 位`)

  if (s.length >= 2 && !PROVINCES.has(s.slice(0, 2))) {
    return fail('REGION', `开头的地区代码 ${s.slice(0, 2)} 不存在，请核对前 2 位`)
  }
  if (s.length >= 6 && s.slice(2, 6) === '0000' && !WHOLE_AREA_ALLOWED.has(s.slice(0, 2))) {
    return fail('REGION', `地区代码 ${s.slice(0, 6)} 不是有效的县区代码，请核对前 6 位`)
  }
  const birth = checkBirth(s, today)
  if (birth) return birth
  if (s.length < ID_NUMBER_LENGTH) return fail('TOO_SHORT', `还差 ${ID_NUMBER_LENGTH - s.length} 位`)

  const expected = idCheckDigit(s)
  if (s[17] !== expected) return fail('CHECK_DIGIT', `校验位应为 ${expected}，请核对最后一位`)
  const birthDate = `${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`
  return { ok: true, birthDate, gender: Number(s[16]) % 2 === 1 ? 'male' : 'female' }
}
