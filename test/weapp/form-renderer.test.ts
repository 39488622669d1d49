/**
 * The form renderer in the compiled WeChat mini-program (申请表 page, packages/forms): a form with every field kind
 * renders each as its own control, 实名 fields read-only and masked, 检查填写 shows every error next to its field at
 * once and keeps what was typed, group entries are added, and no setData is larger than 64 KB. A real form (社保卡申领,
 * built from the shipped form data) renders too.
 *
 * @jest-environment jsdom
 */
import type { ServiceForm } from '@contract/forms'
import { buildFormsIndex, type FormsIndex } from '../../server/modules/forms'
import { BUILD_TIMEOUT_MS, ensureBuilt } from '../support/build'
import { WeappSimulator, find, textOf, type FakeResponse, type RequestRecord } from './simulator'

const API_BASE = 'http://localhost:8080/api'
const ROUTE = 'packages/forms/pages/preview/index'
const SETDATA_LIMIT = 64 * 1024

const opts = (...v: string[]) => v.map((x) => ({ value: x, label: x }))
const EVERY_KIND: ServiceForm = {
  serviceCode: 'gz-test-every-kind',
  version: 'test0001',
  materials: [
    { id: 'idcard', name: '申请人居民身份证', required: true, provide: ['licence', 'upload'], licenceTypes: ['居民身份证'] },
    { id: 'm-1', name: '户口簿', required: true, provide: ['upload', 'counter'] },
  ],
  fields: [
    { key: 'applicantName', label: '申请人姓名', kind: 'text', required: true, prefill: 'realname.name' },
    { key: 'applicantIdNumber', label: '申请人身份证号码', kind: 'idcard', required: true, prefill: 'realname.idNumber' },
    { key: 'nickname', label: '常用名', kind: 'text', required: true },
    { key: 'reason', label: '申请事由', kind: 'textarea', required: true, minLength: 5 },
    { key: 'area', label: '建筑面积', kind: 'number', required: true, min: 1, unit: '平方米' },
    { key: 'startDate', label: '开始日期', kind: 'date', required: true, maxDate: 'today' },
    { key: 'cause', label: '申领原因', kind: 'choice', required: true, options: opts('首次申领', '补领', '换领') },
    { key: 'topics', label: '关注事项', kind: 'multi', required: true, options: opts('甲', '乙', '丙') },
    { key: 'phone', label: '联系电话', kind: 'phone', required: true },
    { key: 'spouseId', label: '配偶身份证号码', kind: 'idcard', required: true },
    { key: 'home', label: '居住地址', kind: 'address', required: true },
    { key: 'account', label: '收款账户', kind: 'bank', required: true, options: opts('中国银行', '中国工商银行') },
    {
      key: 'members',
      label: '家庭成员',
      kind: 'group',
      required: true,
      itemLabel: '成员',
      minItems: 1,
      maxItems: 3,
      fields: [
        { key: 'name', label: '姓名', kind: 'text', required: true },
        { key: 'idNumber', label: '身份证号码', kind: 'idcard', required: true },
      ],
    },
    { key: 'promise', label: '本人承诺所填信息真实', kind: 'boolean', required: true },
  ],
}

let sim: WeappSimulator
let forms: FormsIndex

function answer(req: RequestRecord): FakeResponse {
  const m = /^http:\/\/localhost:8080\/api\/services\/([a-z0-9-]+)\/form$/.exec(req.url)
  if (req.method === 'GET' && m) {
    const form = m[1] === EVERY_KIND.serviceCode ? EVERY_KIND : forms.formFor(m[1])
    if (form) return { statusCode: 200, data: form }
    return { statusCode: 404, data: { code: 'FORM_NOT_FOUND', message: '该事项暂不能网上申请，请查看办事指南到现场办理' } }
  }
  if (!req.url.startsWith(API_BASE)) return { fail: 'request:fail unknown host' }
  return { statusCode: 404, data: { code: 'NOT_FOUND', message: '未找到' } }
}

const largestSetData = () => Math.max(0, ...sim.setDataLog.filter((u) => u.route === ROUTE).map((u) => u.bytes))

beforeAll(async () => {
  const dir = ensureBuilt('weapp')
  forms = await buildFormsIndex()
  sim = new WeappSimulator(dir)
  sim.requestHandler = answer
  sim.boot()
}, BUILD_TIMEOUT_MS)

afterEach(() => {
  expect(sim.closeAll()).toEqual([])
})

test('renders every field kind, shows every error at its field at once and keeps what was typed', async () => {
  const page = sim.open(ROUTE, { code: EVERY_KIND.serviceCode })
  await sim.waitForText(page, ['常用名', '申请事由', '建筑面积（平方米）', '开始日期', '申领原因', '关注事项（可多选）', '联系电话', '配偶身份证号码', '居住地址', '收款账户', '家庭成员', '成员 1', '本人承诺所填信息真实'])
  // One control per kind.
  for (const id of ['#form-nickname', '#form-reason', '#form-area', '#form-startDate', '#form-cause-0', '#form-topics-2', '#form-phone', '#form-spouseId', '#form-home-district', '#form-home-street', '#form-home-detail', '#form-account-bank', '#form-account-account', '#form-members-0-name', '#form-members-0-idNumber', '#form-members-add', '#form-promise']) {
    expect(page.querySelector(id)).toBeDefined()
  }
  // 实名 fields: read-only, no input, marked 实名.
  const prefilled = textOf(find(page, '#form-applicantName').dom?.innerHTML ?? '')
  expect(prefilled).toContain('实名')
  expect(page.querySelector('#form-applicantName input')).toBeUndefined()
  // Materials with how each may be provided.
  expect(textOf(find(page, '#form-materials').dom?.innerHTML ?? '')).toContain('电子证照免提交')

  find(page, '#form-nickname').dispatchEvent('input', { detail: { value: '小明' } })
  find(page, '#form-cause-1').dispatchEvent('tap')
  find(page, '#form-topics-0').dispatchEvent('tap')
  find(page, '#form-topics-2').dispatchEvent('tap')
  find(page, '#form-spouseId').dispatchEvent('input', { detail: { value: '4401' } })
  find(page, '#form-members-add').dispatchEvent('tap')
  await sim.waitForText(page, '成员 2')

  find(page, '#form-check').dispatchEvent('tap')
  const html = await sim.waitForText(page, ['处需要填写或修改', '请填写申请事由', '请填写建筑面积', '请选择开始日期', '请填写联系电话', '配偶身份证号码：还差 14 位', '请填写居住地址', '请填写收款账户', '请确认本人承诺所填信息真实'])
  const text = textOf(html)
  expect(text).not.toContain('请填写常用名')
  expect(text).not.toContain('请选择申领原因')
  // Each error sits under its own field.
  expect(textOf(find(page, '#form-reason-error').dom?.innerHTML ?? '')).toBe('请填写申请事由')
  expect(textOf(find(page, '#form-members-1-name-error').dom?.innerHTML ?? '')).toBe('请填写姓名')
  expect(textOf(find(page, '#form-promise-error').dom?.innerHTML ?? '')).toBe('请确认本人承诺所填信息真实')
  // What was typed is still there: 常用名 and the choices pass, the ID number is checked as typed (4401 → 还差 14 位).
  expect(text).toMatch(/还有 12 处需要填写或修改/)
  expect(find(page, '#form-cause-1').dom?.className).toContain('os-form__chip--on')
  expect(find(page, '#form-topics-2').dom?.className).toContain('os-form__chip--on')
  find(page, '#form-check').dispatchEvent('tap')
  await sim.waitForText(page, ['配偶身份证号码：还差 14 位', '还有 12 处'])

  // Fixing a field clears its error.
  find(page, '#form-promise').dispatchEvent('tap')
  await sim.waitFor(() => page.querySelector('#form-promise-error') === undefined, () => 'the promise error stayed after ticking it')
  expect(sim.errors).toEqual([])
  expect(largestSetData()).toBeGreaterThan(0)
  expect(largestSetData()).toBeLessThanOrEqual(SETDATA_LIMIT)
})

test('renders the real 社保卡申领 form, 邮寄 asking for the address', async () => {
  const page = sim.open(ROUTE, { code: 'gz-hrss-ss-card-apply' })
  await sim.waitForText(page, ['申领原因', '社保卡合作银行', '领卡方式', '银行网点领取', '邮寄到家', '本人确认符合受理条件'])
  expect(page.querySelector('#form-mailAddress-district')).toBeUndefined()
  expect(textOf(find(page, '#form-cardDelivery-0').dom?.innerHTML ?? '')).toBe('银行网点领取')
  find(page, '#form-cardDelivery-1').dispatchEvent('tap')
  await sim.waitFor(() => page.querySelector('#form-mailAddress-district'), () => '邮寄到家 did not ask for the address')
  expect(largestSetData()).toBeLessThanOrEqual(SETDATA_LIMIT)
  expect(sim.errors).toEqual([])
})

test('says why when an item cannot be applied for online', async () => {
  const page = sim.open(ROUTE, { code: 'gz-police-idcard-first' })
  await sim.waitForText(page, ['该事项暂不能网上申请', '重试'])
})
