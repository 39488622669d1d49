// Unit tests for domain/forms: every field kind valid and invalid, all errors at once, groups, showIf, prefill, mergeForms.
import type { FormField, ServiceForm } from '@contract/forms'
import { fillPrefill, mergeForms, validateAnswers } from '@domain/forms'
import { idCheckDigit } from '@domain/idcard'

const TODAY = new Date('2026-12-06T04:00:00Z')
const first17 = '44010619900307123'
const ID = first17 + idCheckDigit(first17)
const CHILD17 = '44010620260101002'
const CHILD_ID = CHILD17 + idCheckDigit(CHILD17)

const opts = (...values: string[]) => values.map((v) => ({ value: v, label: v }))

const FIELDS: FormField[] = [
  { key: 'applicantName', label: '申请人姓名', kind: 'text', required: true, prefill: 'realname.name' },
  { key: 'nickname', label: '常用名', kind: 'text', required: true, maxLength: 10 },
  { key: 'plate', label: '车牌号', kind: 'text', required: false, pattern: '粤A[A-Z0-9]{5}', patternMessage: '车牌号应为粤A加 5 位' },
  { key: 'reason', label: '申请事由', kind: 'textarea', required: true, minLength: 5 },
  { key: 'area', label: '建筑面积', kind: 'number', required: true, min: 1, max: 1000, unit: '平方米' },
  { key: 'people', label: '家庭人数', kind: 'number', required: false, integer: true },
  { key: 'startDate', label: '参保开始日期', kind: 'date', required: true, maxDate: 'today' },
  { key: 'cause', label: '申领原因', kind: 'choice', required: true, options: opts('首次申领', '补领', '换领') },
  { key: 'topics', label: '关注事项', kind: 'multi', required: false, options: opts('甲', '乙', '丙'), max: 2 },
  { key: 'phone', label: '联系电话', kind: 'phone', required: true },
  { key: 'spouseId', label: '配偶身份证号', kind: 'idcard', required: true },
  { key: 'delivery', label: '领卡方式', kind: 'choice', required: true, options: opts('网点领取', '邮寄') },
  { key: 'mailAddress', label: '邮寄地址', kind: 'address', required: true, showIf: { field: 'delivery', values: ['邮寄'] } },
  { key: 'account', label: '收款账户', kind: 'bank', required: true, options: opts('中国工商银行', '中国银行') },
  { key: 'promise', label: '承诺所填信息真实', kind: 'boolean', required: true },
  { key: 'firstTime', label: '是否首次申领', kind: 'boolean', required: false },
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
      { key: 'idNumber', label: '身份证号', kind: 'idcard', required: true },
    ],
  },
]
const FORM: ServiceForm = { serviceCode: 'gz-test', version: '1', fields: FIELDS, materials: [] }

const VALID = {
  nickname: '  小明 ',
  reason: '因工作需要申请办理',
  area: '89.5',
  startDate: '2026-01-01',
  cause: '补领',
  topics: ['甲', '甲', '乙'],
  phone: '138 1234 5678',
  spouseId: ID.toLowerCase(),
  delivery: '邮寄',
  mailAddress: { district: '天河区', street: '林和街道', detail: '天河路 1 号 101 房' },
  account: { bank: '中国银行', account: '6217 8500 0000 1234 567' },
  promise: true,
  members: [{ name: '小红', idNumber: CHILD_ID }],
  unknownKey: 'dropped',
}

function errorsOf(answers: unknown, form: ServiceForm = FORM) {
  const r = validateAnswers(form, answers, { today: TODAY })
  if (r.ok) throw new Error('expected errors')
  return Object.fromEntries(r.errors.map((e) => [e.field, e.message]))
}

describe('validateAnswers', () => {
  it('accepts a valid answer set and gives the clean value', () => {
    const r = validateAnswers(FORM, VALID, { today: TODAY })
    expect(r).toEqual({
      ok: true,
      value: {
        nickname: '小明',
        reason: '因工作需要申请办理',
        area: 89.5,
        startDate: '2026-01-01',
        cause: '补领',
        topics: ['甲', '乙'],
        phone: '13812345678',
        spouseId: ID,
        delivery: '邮寄',
        mailAddress: { district: '天河区', street: '林和街道', detail: '天河路 1 号 101 房' },
        account: { bank: '中国银行', account: '6217850000001234567' },
        promise: true,
        firstTime: false,
        members: [{ name: '小红', idNumber: CHILD_ID }],
      },
    })
  })

  it('names every missing required field at once, in Chinese', () => {
    expect(errorsOf({})).toEqual({
      nickname: '请填写常用名',
      reason: '请填写申请事由',
      area: '请填写建筑面积',
      startDate: '请选择参保开始日期',
      cause: '请选择申领原因',
      phone: '请填写联系电话',
      spouseId: '请填写配偶身份证号',
      delivery: '请选择领卡方式',
      account: '请填写收款账户',
      promise: '请确认承诺所填信息真实',
      members: '请至少添加 1 项成员',
    })
  })

  it('refuses a wrong value of every kind, each with its own message', () => {
    const errors = errorsOf({
      ...VALID,
      nickname: '一二三四五六七八九十十一',
      plate: '京B12345',
      reason: '太短',
      area: 0,
      people: 2.5,
      startDate: '2026-02-30',
      cause: '随便',
      topics: ['甲', '乙', '丙'],
      phone: '1381234567',
      spouseId: first17 + (idCheckDigit(first17) === '1' ? '2' : '1'),
      mailAddress: { district: '深圳南山区', street: '某街道', detail: '1 号' },
      account: { bank: '中国银行', account: '62178x' },
      promise: false,
      firstTime: 'yes',
    })
    expect(errors).toEqual({
      nickname: '常用名最多 10 个字，现在 12 个',
      plate: '车牌号应为粤A加 5 位',
      reason: '申请事由至少 5 个字',
      area: '建筑面积不能小于 1平方米',
      people: '家庭人数应为整数',
      startDate: '参保开始日期应为有效日期（年-月-日）',
      cause: '请从选项中选择申领原因',
      topics: '关注事项最多选 2 项',
      phone: '联系电话：还差 1 位',
      spouseId: expect.stringMatching(/^配偶身份证号：校验位应为/),
      mailAddress: '邮寄地址的区应为广州市的 11 个区之一',
      account: '收款账户的账号只能包含数字',
      promise: '请确认承诺所填信息真实',
      firstTime: '是否首次申领应为是或否',
    })
  })

  it('checks number bounds, date bounds and the type of each kind', () => {
    const errors = errorsOf({ ...VALID, area: 1001, startDate: '2026-12-07', cause: 3, topics: '甲', phone: 13812345678, nickname: 5, account: '6217', mailAddress: '天河区' })
    expect(errors).toEqual({
      area: '建筑面积不能大于 1000平方米',
      startDate: '参保开始日期不能晚于今天',
      cause: '请从选项中选择申领原因',
      topics: '请从选项中选择关注事项',
      phone: '联系电话：应为 11 位手机号',
      nickname: '常用名应为文字',
      account: '收款账户应包含开户银行和账号',
      mailAddress: '邮寄地址应包含区、街道和详细地址',
    })
    expect(errorsOf({ ...VALID, area: 'abc', account: { bank: '招商银行', account: '6217850000001234567' } })).toEqual({
      area: '建筑面积应为数字',
      account: '请从列出的银行中选择收款账户的开户银行',
    })
    expect(errorsOf({ ...VALID, mailAddress: { district: '天河区', street: '', detail: '' }, account: { bank: '中国银行', account: '123' } })).toEqual({
      mailAddress: '请填写邮寄地址所在的街道（镇）',
      account: '收款账户的账号应为 10–30 位数字，现在 3 位',
    })
  })

  it('asks a showIf field only when its condition holds, and drops it otherwise', () => {
    const r = validateAnswers(FORM, { ...VALID, delivery: '网点领取', mailAddress: 'not checked' }, { today: TODAY })
    expect(r.ok).toBe(true)
    if (r.ok) expect(r.value).not.toHaveProperty('mailAddress')
    expect(errorsOf({ ...VALID, mailAddress: undefined })).toEqual({ mailAddress: '请填写邮寄地址' })
  })

  it('checks group entries with indexed field names and the group min/max', () => {
    expect(errorsOf({ ...VALID, members: [{ name: '', idNumber: '123' }, { name: '小刚', idNumber: CHILD_ID }] })).toEqual({
      'members[0].name': '请填写姓名',
      'members[0].idNumber': '身份证号：还差 15 位',
    })
    expect(errorsOf({ ...VALID, members: [] })).toEqual({ members: '请至少添加 1 项成员' })
    const three = Array.from({ length: 3 }, () => ({ name: '小红', idNumber: CHILD_ID }))
    expect(errorsOf({ ...VALID, members: three })).toEqual({ members: '成员最多 2 项，现在 3 项' })
    expect(errorsOf({ ...VALID, members: ['x'] })).toEqual({ 'members[0]': '第 1 项成员格式不对' })
    expect(errorsOf({ ...VALID, members: 'x' })).toEqual({ members: '家庭成员格式不对' })
  })

  it('never requires a prefill field, leaves it out, and fillPrefill sets it from 实名', () => {
    const r = validateAnswers(FORM, { ...VALID, applicantName: '冒名' }, { today: TODAY })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.value).not.toHaveProperty('applicantName')
    expect(fillPrefill(FORM, r.value, { name: '张三', idNumber: ID, phone: '13800000000' })).toMatchObject({ applicantName: '张三', nickname: '小明' })
  })

  it('refuses something that is not an answer object', () => {
    for (const bad of [null, 'x', 3, []]) expect(errorsOf(bad)).toEqual({ _form: '申请表内容格式不对，请重新填写' })
  })
})

describe('mergeForms', () => {
  it('joins fields and materials once each, required if any part requires', () => {
    const a: ServiceForm = {
      serviceCode: 'a',
      version: '1',
      fields: [
        { key: 'phone', label: '联系电话', kind: 'phone', required: false },
        { key: 'cause', label: '原因', kind: 'choice', required: true, options: opts('甲') },
      ],
      materials: [{ id: 'idcard', name: '居民身份证', required: true, provide: ['licence', 'upload'], licenceTypes: ['居民身份证'] }],
    }
    const b: ServiceForm = {
      serviceCode: 'b',
      version: '2',
      fields: [
        { key: 'phone', label: '联系电话', kind: 'phone', required: true },
        { key: 'cause', label: '原因', kind: 'choice', required: true, options: opts('甲', '乙') },
        { key: 'birth', label: '出生日期', kind: 'date', required: true },
      ],
      materials: [
        { id: 'idcard', name: '居民身份证', required: false, provide: ['licence', 'counter'] },
        { id: 'photo', name: '照片', required: true, provide: ['upload'] },
      ],
    }
    const m = mergeForms([a, b])
    expect(m.serviceCode).toBe('a+b')
    expect(m.version).toMatch(/^[0-9a-f]{8}$/)
    expect(m.fields.map((f) => [f.key, f.required])).toEqual([
      ['phone', true],
      ['cause', true],
      ['birth', true],
    ])
    expect(m.fields[1].options?.map((o) => o.value)).toEqual(['甲', '乙'])
    expect(m.materials).toEqual([
      { id: 'idcard', name: '居民身份证', required: true, provide: ['licence'], licenceTypes: ['居民身份证'] },
      { id: 'photo', name: '照片', required: true, provide: ['upload'] },
    ])
    expect(mergeForms([a, b]).version).toBe(m.version)
    expect(mergeForms([a, { ...b, version: '3' }]).version).not.toBe(m.version)
  })
})
