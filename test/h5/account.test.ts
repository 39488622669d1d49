// H5 in chromium against the real server and the fake SMS gateway: a resident signs in by SMS, declares a real name, sees it masked.
import type { Page } from 'playwright-core'
import { DEMO_STAFF_PASSWORD } from '../../server/db/seed/demo'
import { maskIdNumber, maskPhone } from '@domain/mask'
import { ensureBuilt } from '../support/build'
import { heights, launchBrowser, screenshot, seriousViolations, settled, type Browser } from '../support/browser'
import { fakeEnv, startFakeSms, type FakeSms } from '../support/fakes'
import { startServer, type RunningServer } from '../support/server-process'

// Valid GB 11643 numbers, computed with the check-digit algorithm: region 440106 (天河区), born 1990-03-07.
const PHONE = '13800138000'
const ID_OK = '440106199003071231'
const ID_WRONG_CHECK = '440106199003071230'

let sms: FakeSms
let server: RunningServer
let browser: Browser
let page: Page

jest.setTimeout(120_000)

beforeAll(async () => {
  ensureBuilt('h5')
  sms = await startFakeSms()
  // A short SMS cooldown: the export's code follows the sign-in's within seconds (the 60 s default is tested on the server).
  server = await startServer({ DEMO: '1', SMS_COOLDOWN_SECONDS: '3', ...fakeEnv({ sms }) })
  browser = await launchBrowser()
  page = browser.page
}, 300_000)

afterAll(async () => {
  await browser?.close()
  await server?.stop()
  await sms?.close()
})

const shot = (name: string) => screenshot(page, name)
const input = (id: string) => page.locator(`#${id} input`)


async function waitForCode(phone: string): Promise<string> {
  const deadline = Date.now() + 10_000
  for (;;) {
    const code = sms.lastCode(phone)
    if (code) return code
    if (Date.now() > deadline) throw new Error(`no SMS reached ${phone}; server log:\n${server.logs().slice(-2000)}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

test('我的 → 登录: the agreement must be ticked, then an SMS code signs the resident in and 我的 shows the masked phone', async () => {
  await page.goto(`${server.url}/`)
  await page.locator('#entry-guide').waitFor()
  await page.getByText('我的', { exact: true }).last().click()
  await page.getByText('未登录').waitFor()
  await page.locator('#me-sign-in').click()
  await settled(page, '#login-phone')
  expect(page.url()).toContain('#/packages/account/pages/login/index')
  // H5 has no platform identity: the SMS form is the way in.
  await expect(page.getByText('微信一键登录').count()).resolves.toBe(0)

  await input('login-phone').fill(PHONE)
  await page.locator('#login-send-code').click()
  await page.getByText('请先阅读并勾选同意《一站办隐私政策》').waitFor()
  expect(sms.messages).toHaveLength(0)
  await shot('login-agreement-required')

  await page.locator('#agreement-check').click()
  await page.locator('#login-send-code').click()
  await page.getByText(/\d+ 秒后重发/).waitFor()
  const code = await waitForCode(PHONE)
  expect(code).toMatch(/^\d{6}$/)

  // A wrong code is refused in the server's words; what was typed stays.
  const wrong = code === '000000' ? '111111' : '000000'
  await input('login-code').fill(wrong)
  await page.locator('#login-submit').click()
  await page.locator('#login-error').waitFor()
  await expect(input('login-phone').inputValue()).resolves.toBe(PHONE)
  await shot('login-wrong-code')
  // The refused code's 400 is the only console line the browser may log here.
  const logged = browser.consoleErrors.splice(0)
  expect(logged.filter((e) => !/status of 400/.test(e))).toEqual([])

  for (const h of await heights(page, '.os-action-button, .os-login__send, .os-agreement__toggle, .os-text-field__input')) {
    expect(h).toBeGreaterThanOrEqual(44)
  }

  await input('login-code').fill(code)
  await page.locator('#login-submit').click()
  await page.locator('#me-phone').waitFor()
  await expect(page.locator('#me-phone').innerText()).resolves.toContain(maskPhone(PHONE))
  await expect(page.locator('#level-badge').innerText()).resolves.toBe('未实名')
  expect(page.url()).toContain('#/pages/me/index')
  await shot('me-signed-in')
})

test('实名认证: a wrong check digit is explained as it is typed; the right number is accepted and shown masked, level 已实名', async () => {
  await page.locator('#me-realname').click()
  await settled(page, '#realname-id')
  await input('realname-name').fill('张三明')
  await input('realname-id').fill(ID_WRONG_CHECK.slice(0, 14))
  await page.getByText('还差 4 位').waitFor()
  await input('realname-id').fill(ID_WRONG_CHECK)
  await page.getByText('校验位应为 1，请核对最后一位').waitFor()
  await shot('realname-wrong-check-digit')

  await input('realname-id').fill(ID_OK)
  await page.getByText('号码格式正确').waitFor()
  await page.locator('#realname-submit').click()
  await page.locator('#realname-done').waitFor()
  await expect(page.locator('#realname-masked-id').innerText()).resolves.toBe(maskIdNumber(ID_OK))
  expect(maskIdNumber(ID_OK)).toBe('440***********1231')
  await expect(page.locator('#realname-masked-name').innerText()).resolves.toBe('张*明')
  await expect(page.locator('#realname-done').innerText()).resolves.toContain('已实名')
  // Nothing unmasked is on the page.
  await expect(page.content()).resolves.not.toContain(ID_OK)
  await shot('realname-done')

  await page.goBack()
  await page.locator('#me-card').waitFor()
  // The page slides off before it is removed: wait for it to be gone before the screenshot.
  await page.locator('#realname-done').waitFor({ state: 'detached' })
  await settled(page, '#me-card')
  await page.waitForFunction(() => document.querySelector('#level-badge')?.textContent === '已实名')
  await expect(page.locator('#me-display-name').innerText()).resolves.toBe('张*明')
  await shot('me-verified')
})

test('个人信息 shows masked data and linked methods; 导出我的数据 shows a masked summary in Beijing time, and the full file only after an SMS code', async () => {
  await page.locator('#me-card').click()
  await settled(page, '#profile-phone')
  const profile = await page.locator('.os-profile').innerText()
  expect(profile).toContain(maskPhone(PHONE))
  expect(profile).toContain('440***********1231')
  expect(profile).toContain('手机号验证码')
  await shot('profile')

  await page.locator('#profile-export').click()
  await settled(page, '#data-summary')
  const summary = await page.locator('#data-summary').innerText()
  for (const section of ['账号与实名', '预约', '12345 诉求', '办件', '证照', '收藏']) expect(summary).toContain(section)
  // Masked on screen: the phone and ID number as everywhere else, nothing in full.
  expect(summary).toContain(maskPhone(PHONE))
  expect(summary).toContain('440***********1231')
  expect(summary).toContain('张*明')
  await expect(page.content()).resolves.not.toContain(PHONE)
  await expect(page.content()).resolves.not.toContain(ID_OK)
  // Times as the rest of the app writes them (Beijing time), never raw UTC.
  expect(summary).toMatch(/\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}/)
  expect(summary).not.toMatch(/T\d{2}:\d{2}:\d{2}(\.\d+)?Z/)
  await expect(page.locator('#data-json').count()).resolves.toBe(0)
  await shot('data-summary')
  expect(await seriousViolations(page)).toEqual([])

  // The full file asks again: a code to the account's phone, over the real SMS gateway protocol (the sign-in's
  // one-a-minute cooldown applies; wait it out if sign-in was less than a minute ago).
  const before = sms.messages.length
  await page.locator('#data-send-code').click()
  await page.locator('#data-code-sent, #data-code-error').first().waitFor()
  const cooldown = /请 (\d+) 秒后/.exec((await page.locator('#data-code-error').count()) ? await page.locator('#data-code-error').innerText() : '')
  if (cooldown) {
    await page.waitForTimeout((Number(cooldown[1]) + 1) * 1000)
    await page.locator('#data-send-code').click()
  }
  await page.locator('#data-code-sent').waitFor()
  await expect(page.locator('#data-code-sent').innerText()).resolves.toContain(maskPhone(PHONE))
  const deadline = Date.now() + 10_000
  while (sms.messages.length === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
  expect(sms.messages.length).toBeGreaterThan(before)
  const code = sms.lastCode(PHONE)!

  // A wrong code is refused in the server's words; nothing unmasked appears.
  await input('data-code').fill(code === '000000' ? '111111' : '000000')
  await page.locator('#data-verify-submit').click()
  await page.waitForFunction(() => /验证码不正确/.test(document.querySelector('#data-code-error')?.textContent ?? ''))
  await expect(page.locator('#data-json').count()).resolves.toBe(0)
  await expect(page.content()).resolves.not.toContain(ID_OK)
  await page.locator('#data-code-error').scrollIntoViewIfNeeded()
  await shot('data-wrong-code')

  await input('data-code').fill(code)
  await page.locator('#data-verify-submit').click()
  await page.locator('#data-json').waitFor()
  const text = await page.locator('#data-json').innerText()
  expect(() => JSON.parse(text)).not.toThrow()
  // The right of access: after the code, the file holds the resident's own data in full.
  expect(text).toContain(PHONE)
  expect(text).toContain(ID_OK)
  await expect(page.locator('#data-copy').isVisible()).resolves.toBe(true)
  await page.locator('#data-full').scrollIntoViewIfNeeded()
  await shot('data-export')
  // The refused code's 400 (and a cooldown's 429) are the only console lines the browser may log here.
  const logged = browser.consoleErrors.splice(0)
  expect(logged.filter((e) => !/status of (400|429)/.test(e))).toEqual([])
})

test('隐私政策 says what is collected, how it is kept, the rights and the 12345 contact', async () => {
  await page.goto(`${server.url}/#/packages/account/pages/privacy/index`)
  await page.getByText('一、我们收集哪些信息').waitFor()
  await settled(page, '.os-privacy__title')
  const text = await page.locator('.os-privacy').innerText()
  for (const words of ['身份证号码', '加密', '导出我的数据', '注销账号', '12345']) expect(text).toContain(words)
  await shot('privacy')
})

test('注销账号 says plainly what is erased, then signs the resident out for good', async () => {
  await page.goto(`${server.url}/#/packages/account/pages/profile/index`)
  await page.locator('#profile-delete').waitFor()
  await settled(page, '#profile-delete')
  const token = await page.evaluate(() => localStorage.getItem('onestop.session'))
  expect(token).toBeTruthy()
  await page.locator('#profile-delete').click()
  await page.getByText('确认注销账号？').waitFor()
  await expect(page.getByText(/永久删除您的手机号、姓名和身份证号码/).isVisible()).resolves.toBe(true)
  // The dialog fades in; let it finish before the screenshot.
  await page.waitForTimeout(400)
  await shot('delete-confirm')
  await page.getByText('确认注销', { exact: true }).click()
  await page.getByText('未登录', { exact: true }).waitFor()
  await settled(page, '#me-sign-in')
  await shot('me-after-delete')
  // The old token no longer opens anything.
  const raw = JSON.parse(token!) as { data?: string } | string
  const bearer = typeof raw === 'string' ? raw : raw.data
  const res = await fetch(`${server.url}/api/me`, { headers: { Authorization: `Bearer ${bearer}` } })
  expect(res.status).toBe(401)
})

test('staff sign in with a demo account: a wrong password is refused in the server\'s words, then the workbench shows who they are', async () => {
  // Residents see no staff entry in 我的: staff open /staff.
  await page.goto(`${server.url}/#/pages/me/index`)
  await page.locator('#me-favourites').waitFor()
  await expect(page.locator('body').innerText()).resolves.not.toContain('工作人员入口')
  await page.goto(`${server.url}/staff`)
  await settled(page, '#staff-sign-in')
  await page.locator('#staff-sign-in').click()
  await settled(page, '#staff-username')
  await input('staff-username').fill('demo-dept')
  await input('staff-password').fill('not-the-password')
  await page.locator('#staff-login-submit').click()
  await page.locator('#staff-login-error').waitFor()
  await expect(input('staff-username').inputValue()).resolves.toBe('demo-dept')
  await expect(input('staff-password').inputValue()).resolves.toBe('')
  await shot('staff-login-failed')
  const logged = browser.consoleErrors.splice(0)
  expect(logged.filter((e) => !/status of 401/.test(e))).toEqual([])

  await input('staff-password').fill(DEMO_STAFF_PASSWORD)
  await page.locator('#staff-login-submit').click()
  await page.locator('#staff-profile').waitFor()
  await page.getByText('广州市公安局').waitFor()
  const text = await page.locator('#staff-profile').innerText()
  expect(text).toContain('市公安局工作人员（演示）')
  expect(text).toContain('部门工作人员')
  await settled(page, '#staff-logout')
  await shot('staff-signed-in')
  await page.locator('#staff-logout').click()
  await page.locator('#staff-sign-in').waitFor()
})

test('no console errors in the whole flow', () => {
  expect(browser.consoleErrors).toEqual([])
})
