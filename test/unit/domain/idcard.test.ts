// Unit tests for domain/idcard: normalisation, GB 11643 check digit, birth date, region and typing feedback.
import { checkIdNumber, idCheckDigit, normalizeIdNumber } from '@domain/idcard'

const TODAY = new Date(2025, 5, 15) // 2025-06-15 local time

describe('normalizeIdNumber', () => {
  it('strips spaces, converts full-width digits and lower-case x', () => {
    expect(normalizeIdNumber(' 110105 19491231 002x ')).toBe('11010519491231002X')
    expect(normalizeIdNumber('１１０１０５１９４９１２３１００２ｘ')).toBe('11010519491231002X')
    expect(normalizeIdNumber('4401\u30000619900307123１')).toBe('440106199003071231')
  })
})

describe('checkIdNumber', () => {
  it('accepts valid numbers and reads birth date and gender', () => {
    expect(checkIdNumber('11010519491231002X', TODAY)).toEqual({ ok: true, birthDate: '1949-12-31', gender: 'female' })
    expect(checkIdNumber('440106199003071231', TODAY)).toEqual({ ok: true, birthDate: '1990-03-07', gender: 'male' })
    expect(checkIdNumber('440304200002290014', TODAY)).toMatchObject({ ok: true, birthDate: '2000-02-29', gender: 'male' })
    expect(checkIdNumber('11010519491231002x', TODAY).ok).toBe(true)
    expect(checkIdNumber('810000198501010029', TODAY).ok).toBe(true)
  })

  it('computes the GB 11643 check digit, including X', () => {
    expect(idCheckDigit('11010519491231002')).toBe('X')
    expect(idCheckDigit('44010619900307123')).toBe('1')
  })

  it('names the expected check digit when the last one is wrong', () => {
    expect(checkIdNumber('44010619900307123X', TODAY)).toEqual({ ok: false, problem: 'CHECK_DIGIT', message: '校验位应为 1，请核对最后一位' })
    expect(checkIdNumber('110105194912310021', TODAY)).toMatchObject({ problem: 'CHECK_DIGIT', message: '校验位应为 X，请核对最后一位' })
  })

  it('says how many digits are missing while the resident types', () => {
    expect(checkIdNumber('', TODAY)).toMatchObject({ ok: false, problem: 'EMPTY' })
    expect(checkIdNumber('4', TODAY)).toEqual({ ok: false, problem: 'TOO_SHORT', message: '还差 17 位' })
    expect(checkIdNumber('440106', TODAY)).toMatchObject({ problem: 'TOO_SHORT', message: '还差 12 位' })
    expect(checkIdNumber('440106199', TODAY)).toMatchObject({ problem: 'TOO_SHORT' })
    expect(checkIdNumber('440106199003071', TODAY)).toMatchObject({ problem: 'TOO_SHORT', message: '还差 3 位' })
    expect(checkIdNumber('44010619900307123', TODAY)).toMatchObject({ problem: 'TOO_SHORT', message: '还差 1 位' })
  })

  it('reports errors in partial input at once instead of counting digits', () => {
    expect(checkIdNumber('99', TODAY)).toMatchObject({ problem: 'REGION' })
    expect(checkIdNumber('4401063', TODAY)).toMatchObject({ problem: 'BIRTH_DATE' })
    expect(checkIdNumber('4401062', TODAY)).toMatchObject({ problem: 'TOO_SHORT' })
    expect(checkIdNumber('440106203', TODAY)).toMatchObject({ problem: 'BIRTH_DATE' })
    expect(checkIdNumber('44010618', TODAY)).toMatchObject({ problem: 'BIRTH_DATE' })
    expect(checkIdNumber('4401061990130', TODAY)).toMatchObject({ problem: 'BIRTH_DATE', message: expect.stringContaining('月份 13') })
    expect(checkIdNumber('44010619900', TODAY)).toMatchObject({ problem: 'TOO_SHORT' })
    expect(checkIdNumber('440106199002', TODAY)).toMatchObject({ problem: 'TOO_SHORT' })
    expect(checkIdNumber('44010619900240', TODAY)).toMatchObject({ problem: 'BIRTH_DATE' })
    expect(checkIdNumber('44X', TODAY)).toMatchObject({ problem: 'FORMAT' })
  })

  it('refuses letters, an X before the end, and too many digits', () => {
    expect(checkIdNumber('44010619900307123A', TODAY)).toMatchObject({ problem: 'FORMAT' })
    expect(checkIdNumber('4401061990030712X1', TODAY)).toMatchObject({ problem: 'FORMAT', message: 'X 只能出现在第 18 位' })
    expect(checkIdNumber('4401061990030712311', TODAY)).toEqual({ ok: false, problem: 'TOO_LONG', message: '身份证号码为 18 位，多了 1 位' })
  })

  it('refuses unknown provinces and a zero area code on the mainland', () => {
    expect(checkIdNumber('10010619900307123X', TODAY)).toMatchObject({ problem: 'REGION', message: expect.stringContaining('10') })
    expect(checkIdNumber('000000199003071230', TODAY)).toMatchObject({ problem: 'REGION' })
    expect(checkIdNumber('440000199003071231', TODAY)).toMatchObject({ problem: 'REGION' })
    for (const p of ['11', '15', '21', '23', '31', '37', '41', '46', '50', '54', '61', '65', '71', '81', '82']) {
      expect(checkIdNumber(`${p}`, TODAY).problem).toBe('TOO_SHORT')
    }
    for (const p of ['16', '20', '24', '30', '38', '40', '47', '49', '55', '60', '66', '70', '72', '80', '84', '90']) {
      expect(checkIdNumber(`${p}`, TODAY).problem).toBe('REGION')
    }
  })

  it('refuses birth dates that do not exist, are in the future or before 1900', () => {
    expect(checkIdNumber('440106199902310000', TODAY)).toEqual({
      ok: false,
      problem: 'BIRTH_DATE',
      message: '出生日期 19990231 不存在，请核对第 7–14 位',
    })
    expect(checkIdNumber('440106190002290000', TODAY)).toMatchObject({ problem: 'BIRTH_DATE' }) // 1900 was not a leap year
    expect(checkIdNumber('440106189912310000', TODAY)).toMatchObject({ problem: 'BIRTH_DATE', message: expect.stringContaining('1899') })
    expect(checkIdNumber('440106202506160000', TODAY)).toMatchObject({ problem: 'BIRTH_DATE', message: expect.stringContaining('晚于今天') })
    expect(checkIdNumber('440106202606010000', TODAY)).toMatchObject({ problem: 'BIRTH_DATE' })
    // Born today is fine.
    const born = '44010620250615001'
    expect(checkIdNumber(born + idCheckDigit(born), TODAY).ok).toBe(true)
  })
})
