/**
 * The apply page (在线办理, packages/apply) in the compiled WeChat mini-program, signed in and real-named: a form with
 * every field kind renders through the one form renderer, the 实名 fields masked and read-only, each material with its
 * ways (上传 / 电子证照 / 窗口核验), 提交申请 shows every problem at once, and no setData is larger than 64 KB.
 *
 * @jest-environment jsdom
 */
import type { ServiceForm } from '@contract/forms'
import { BUILD_TIMEOUT_MS, ensureBuilt } from '../support/build'
import { WeappSimulator, find, textOf, type FakeResponse, type RequestRecord } from './simulator'

const API_BASE = 'http://localhost:8080/api'
const ROUTE = 'packages/apply/pages/form/index'
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
const ME = { id: 'u-1', level: 2, providers: ['sms'], phone: '138****8077', realName: { name: '陈*明', idNumber: '1101**********002X' } }

let sim: WeappSimulator

function answer(req: RequestRecord): FakeResponse {
  if (!req.url.startsWith(API_BASE)) return { fail: 'request:fail unknown host' }
  const url = req.url.slice(API_BASE.length)
  if (req.method === 'GET' && url === `/services/${EVERY_KIND.serviceCode}/form`) return { statusCode: 200, data: EVERY_KIND }
  if (req.method === 'GET' && url === '/me') return { statusCode: 200, data: ME }
  if (req.method === 'GET' && url === '/me/licences') return { statusCode: 200, data: { items: [] } }
  return { statusCode: 404, data: { code: 'NOT_FOUND', message: '未找到' } }
}

const largestSetData = () => Math.max(0, ...sim.setDataLog.filter((u) => u.route === ROUTE).map((u) => u.bytes))

beforeAll(() => {
  const dir = ensureBuilt('weapp')
  sim = new WeappSimulator(dir)
  sim.requestHandler = answer
  sim.storage.set('onestop.session', 'resident-session-token-apply')
  sim.boot()
}, BUILD_TIMEOUT_MS)

afterEach(() => {
  expect(sim.closeAll()).toEqual([])
})

test('renders every field kind and every material way; 提交申请 shows every problem at once; setData <= 64 KB', async () => {
  const page = sim.open(ROUTE, { code: EVERY_KIND.serviceCode })
  await sim.waitForText(page, ['在线办理', '常用名', '申请事由', '建筑面积（平方米）', '开始日期', '申领原因', '关注事项（可多选）', '联系电话', '配偶身份证号码', '居住地址', '收款账户', '家庭成员', '成员 1', '本人承诺所填信息真实', '申请材料（2 项）'])
  for (const id of ['#form-nickname', '#form-reason', '#form-area', '#form-startDate', '#form-cause-0', '#form-topics-2', '#form-phone', '#form-spouseId', '#form-home-district', '#form-home-street', '#form-home-detail', '#form-account-bank', '#form-account-account', '#form-members-0-name', '#form-members-0-idNumber', '#form-members-add', '#form-promise']) {
    expect(page.querySelector(id)).toBeDefined()
  }
  // 实名: masked, read-only.
  await sim.waitFor(() => textOf(find(page, '#form-applicantName').dom?.innerHTML ?? '').includes('陈*明'), () => 'the 实名 name was not shown')
  expect(page.querySelector('#form-applicantName input')).toBeUndefined()
  // Each material's ways: 居民身份证 from 实名 as an e-licence, upload; 户口簿 by upload or at the counter.
  for (const id of ['#material-idcard-licence', '#material-idcard-upload', '#material-m-1-upload', '#material-m-1-counter']) expect(page.querySelector(id)).toBeDefined()
  find(page, '#material-idcard-licence').dispatchEvent('tap')
  await sim.waitFor(() => page.querySelector('#material-idcard-licence-realname'), () => '居民身份证（实名认证） was not offered')

  find(page, '#form-nickname').dispatchEvent('input', { detail: { value: '小明' } })
  find(page, '#apply-submit').dispatchEvent('tap')
  const html = await sim.waitForText(page, ['处需要填写或修改', '请填写申请事由', '请填写建筑面积', '请选择开始日期', '请填写联系电话', '请填写居住地址', '请填写收款账户', '请确认本人承诺所填信息真实', '请选择用于“申请人居民身份证”的电子证照', '请选择“户口簿”的提供方式'])
  expect(textOf(html)).not.toContain('请填写常用名')
  // Fixing a material clears its error only.
  find(page, '#material-m-1-counter').dispatchEvent('tap')
  await sim.waitFor(() => page.querySelector('#material-m-1-error') === undefined, () => 'the 户口簿 error stayed')
  expect(page.querySelector('#material-idcard-error')).toBeDefined()
  // Nothing was sent.
  expect(sim.requests.filter((r) => r.method === 'POST' && r.url.includes('/applications'))).toEqual([])
  expect(sim.errors).toEqual([])
  expect(largestSetData()).toBeGreaterThan(0)
  expect(largestSetData()).toBeLessThanOrEqual(SETDATA_LIMIT)
})
