// Unit tests for domain/mask: what every response shows of phones, ID numbers and names.
import { maskIdNumber, maskName, maskPhone } from '@domain/mask'

it('masks phones keeping the first 3 and last 4 digits', () => {
  expect(maskPhone('13812345678')).toBe('138****5678')
  expect(maskPhone('12345')).toBe('***45')
})

it('masks ID numbers keeping the first 3 and last 4 characters', () => {
  expect(maskIdNumber('44010619900307123X')).toBe('440***********123X')
  expect(maskIdNumber('44010619900307123X')).toHaveLength(18)
  expect(maskIdNumber('123')).toBe('***')
})

it('masks names keeping the surname, and the last character of longer names', () => {
  expect(maskName('张三')).toBe('张*')
  expect(maskName('张小明')).toBe('张*明')
  expect(maskName('欧阳明华')).toBe('欧**华')
  expect(maskName('买买提·艾力')).toBe('买****力')
  expect(maskName('王')).toBe('*')
  expect(maskName('𠮷田')).toBe('𠮷*')
})
