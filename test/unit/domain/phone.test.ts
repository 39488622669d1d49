// Unit tests for domain/phone: normalising typed numbers and recognising mainland mobiles.
import { checkPhone, isMobilePhone, normalizePhone } from '@domain/phone'

describe('normalizePhone', () => {
  it('strips separators and the country prefix', () => {
    expect(normalizePhone('138 1234 5678')).toBe('13812345678')
    expect(normalizePhone('138-1234-5678')).toBe('13812345678')
    expect(normalizePhone('+86 138 1234 5678')).toBe('13812345678')
    expect(normalizePhone('0086-13812345678')).toBe('13812345678')
    expect(normalizePhone('8613812345678')).toBe('13812345678')
    expect(normalizePhone('＋８６１３８１２３４５６７８')).toBe('13812345678')
  })
})

describe('isMobilePhone', () => {
  it('accepts 1[3-9] + 9 digits only', () => {
    expect(isMobilePhone('13812345678')).toBe(true)
    expect(isMobilePhone('19912345678')).toBe(true)
    expect(isMobilePhone('+86 138 1234 5678')).toBe(true)
    expect(isMobilePhone('12812345678')).toBe(false)
    expect(isMobilePhone('1381234567')).toBe(false)
    expect(isMobilePhone('138123456789')).toBe(false)
    expect(isMobilePhone('020-12345678')).toBe(false)
    expect(isMobilePhone('')).toBe(false)
  })
})

describe('checkPhone', () => {
  it('gives feedback while typing', () => {
    expect(checkPhone('')).toEqual({ ok: false, message: '请输入手机号' })
    expect(checkPhone('138')).toEqual({ ok: false, message: '还差 8 位' })
    expect(checkPhone('12')).toMatchObject({ ok: false, message: expect.stringContaining('13–19') })
    expect(checkPhone('138a')).toMatchObject({ ok: false })
    expect(checkPhone('138 1234 5678')).toEqual({ ok: true, phone: '13812345678' })
  })
})
