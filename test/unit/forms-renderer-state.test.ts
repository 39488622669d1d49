// Unit tests for the form renderer's state (src/components/form/state.ts): first answers, showIf, groups, errors by
// field, masked prefill, and the on-device check keeping what was typed.
import type { ServiceForm } from '@contract/forms'
import {
  addGroupItem,
  checkAnswers,
  clearError,
  errorsByField,
  initialAnswers,
  prefillText,
  removeGroupItem,
  setAnswer,
  setGroupAnswer,
  shownFields,
} from '@/components/form/state'
import { idCheckDigit } from '@domain/idcard'

const TODAY = new Date('2026-12-06T04:00:00Z')
const ID17 = '44010619900307123'
const ID = ID17 + idCheckDigit(ID17)

const FORM: ServiceForm = {
  serviceCode: 'gz-test',
  version: '1',
  materials: [],
  fields: [
    { key: 'applicantName', label: '申请人姓名', kind: 'text', required: true, prefill: 'realname.name' },
    { key: 'delivery', label: '领卡方式', kind: 'choice', required: true, options: [{ value: '网点', label: '网点' }, { value: '邮寄', label: '邮寄' }] },
    { key: 'mailAddress', label: '邮寄地址', kind: 'address', required: true, showIf: { field: 'delivery', values: ['邮寄'] } },
    {
      key: 'members',
      label: '家庭成员',
      kind: 'group',
      required: true,
      itemLabel: '成员',
      minItems: 1,
      maxItems: 2,
      fields: [
        { key: 'name', label: '姓名', kind: 'text', required: true },
        { key: 'idNumber', label: '身份证号码', kind: 'idcard', required: true },
      ],
    },
    { key: 'promise', label: '承诺', kind: 'boolean', required: true },
  ],
}
const group = FORM.fields[3]

describe('form renderer state', () => {
  it('starts with saved answers kept and the required group entries ready', () => {
    expect(initialAnswers(FORM)).toEqual({ members: [{}] })
    expect(initialAnswers(FORM, { delivery: '邮寄', applicantName: 'ignored' })).toEqual({ delivery: '邮寄', members: [{}] })
  })

  it('shows a showIf field only when its condition holds', () => {
    const keys = (a: Record<string, unknown>) => shownFields(FORM.fields, a).map((f) => f.key)
    expect(keys({ delivery: '网点' })).not.toContain('mailAddress')
    expect(keys(setAnswer({ delivery: '网点' }, 'delivery', '邮寄'))).toContain('mailAddress')
  })

  it('adds entries up to maxItems and removes down to minItems', () => {
    let a = initialAnswers(FORM)
    a = addGroupItem(a, group)
    expect(a.members).toHaveLength(2)
    expect(addGroupItem(a, group)).toBe(a)
    a = setGroupAnswer(a, 'members', 1, 'name', '小红')
    a = removeGroupItem(a, group, 0)
    expect(a.members).toEqual([{ name: '小红' }])
    expect(removeGroupItem(a, group, 0)).toBe(a)
  })

  it('checks with the server rules, all errors at once, and keeps what was typed', () => {
    const typed = { delivery: '邮寄', members: [{ name: '小红', idNumber: '4401' }] }
    const errors = checkAnswers(FORM, typed, TODAY)
    expect(errorsByField(errors)).toEqual({
      mailAddress: '请填写邮寄地址',
      'members[0].idNumber': '身份证号码：还差 14 位',
      promise: '请确认承诺',
    })
    expect(typed).toEqual({ delivery: '邮寄', members: [{ name: '小红', idNumber: '4401' }] })
    const fixed = { ...typed, mailAddress: { district: '越秀区', street: '北京街道', detail: '1 号' }, members: [{ name: '小红', idNumber: ID }], promise: true }
    expect(checkAnswers(FORM, fixed, TODAY)).toEqual([])
  })

  it('clears the error of a field (and its entries) when it changes', () => {
    const errors = [
      { field: 'members', message: 'a' },
      { field: 'members[0].name', message: 'b' },
      { field: 'promise', message: 'c' },
      { field: 'membersExtra', message: 'd' },
    ]
    expect(clearError(errors, 'members').map((e) => e.field)).toEqual(['promise', 'membersExtra'])
    expect(errorsByField([{ field: 'x', message: '一' }, { field: 'x', message: '二' }])).toEqual({ x: '一' })
  })

  it('shows prefill values masked, or where they come from', () => {
    expect(prefillText('realname.name', { name: '张三丰' })).not.toContain('三丰')
    expect(prefillText('realname.idNumber', { idNumber: ID })).not.toContain(ID.slice(6, 14))
    expect(prefillText('realname.phone', { phone: '13812345678' })).not.toContain('1234')
    expect(prefillText('realname.phone', undefined)).toBe('取自实名认证')
  })
})
