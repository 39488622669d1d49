// 在线办 in chromium against the real server (fresh PGlite, DEMO staff, fake SMS gateway), tapped as a person would:
// a real-named resident finds 社会保障卡申领 in 办事, taps 在线办理, sees the form prefilled from 实名 (masked), answers,
// uploads a photo, submits; in a second browser the 市人社局 clerk (demo-hrss) opens the 办件 from the workbench's queue,
// 受理 and 准予; the resident sees 已办结 in 我的办件 and the e-licence in 我的证照 with its QR. Screenshots of each step.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Page } from 'playwright-core'
import sharp from 'sharp'
import { DEMO_STAFF_PASSWORD } from '../../server/db/seed/demo'
import { ensureBuilt } from '../support/build'
import { heights, launchBrowser, screenshot, settled, type Browser } from '../support/browser'
import { fakeEnv, startFakeSms, type FakeSms } from '../support/fakes'
import { startServer, type RunningServer } from '../support/server-process'

const PHONE = '13800138077'
// A valid GB 11643 number (check digit X).
const ID_OK = '11010519491231002X'
const SERVICE = 'gz-hrss-ss-card-apply'

let sms: FakeSms
let server: RunningServer
let resident: Browser
let clerk: Browser
let page: Page
let staffPage: Page
let photo: string
let token = ''
let number = ''

jest.setTimeout(240_000)

async function call<T = unknown>(method: string, url: string, body?: unknown, as = token): Promise<{ status: number; body: T }> {
  const res = await fetch(`${server.url}/api${url}`, {
    method,
    headers: { 'content-type': 'application/json', ...(as ? { authorization: `Bearer ${as}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T }
}

beforeAll(async () => {
  ensureBuilt('h5')
  sms = await startFakeSms()
  server = await startServer({ DEMO: '1', LOG_LEVEL: 'warn', ...fakeEnv({ sms }) }, 180_000)
  resident = await launchBrowser()
  page = resident.page
  clerk = await launchBrowser()
  staffPage = clerk.page
  await staffPage.setViewportSize({ width: 1280, height: 900 })
  // The resident signs in by SMS and is real-named (L2) through the API; the browser then holds that session.
  expect((await call('POST', '/auth/sms/send', { phone: PHONE }, '')).status).toBe(200)
  const code = sms.lastCode(PHONE) as string
  token = (await call<{ token: string }>('POST', '/auth/sms/verify', { phone: PHONE, code }, '')).body.token
  expect((await call('PUT', '/me/realname', { name: '陈小明', idNumber: ID_OK })).status).toBe(200)
  await page.goto(`${server.url}/`)
  await page.evaluate((t) => localStorage.setItem('onestop.session', JSON.stringify({ data: t })), token)
  await page.reload()
  photo = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'onestop-apply-')), '证件照.jpg')
  await sharp({ create: { width: 358, height: 441, channels: 3, background: { r: 240, g: 240, b: 250 } } })
    .jpeg()
    .toFile(photo)
}, 300_000)

afterAll(async () => {
  await resident?.close()
  await clerk?.close()
  await server?.stop()
  await sms?.close()
})

const shot = (p: Page, name: string) => screenshot(p, name)

test('the resident finds 社会保障卡申领, applies online with the form prefilled from 实名 and a photo, and submits', async () => {
  await page.goto(`${server.url}/#/pages/catalog/index`)
  await page.locator('#catalog-search input').waitFor()
  await page.locator('#catalog-search input').fill('社会保障卡申领')
  await page.locator(`#result-${SERVICE}`).waitFor()
  await shot(page, 'apply-1-search')
  await page.locator(`#result-${SERVICE}`).click()
  await settled(page, '#guide-online')
  await expect(page.locator('#guide-online').innerText()).resolves.toBe('在线办理')
  await shot(page, 'apply-2-guide')
  await page.locator('#guide-online').click()

  // The form: the applicant's name and ID number from 实名认证, masked and not typed.
  await settled(page, '#form-applyReason')
  await expect(page.locator('#form-applicantName').innerText()).resolves.toContain('陈*明')
  await expect(page.locator('#form-applicantName').innerText()).resolves.not.toContain('陈小明')
  await shot(page, 'apply-3-form-prefilled')

  // Submitting an empty form shows every problem at once, at its field and at each required material.
  await page.locator('#apply-submit').click()
  await page.locator('#apply-problems').waitFor()
  await expect(page.locator('#form-applyReason-error').innerText()).resolves.toBe('请选择申领原因')
  const materialErrors = await page.locator('.os-apply__material .os-apply__error').count()
  expect(materialErrors).toBeGreaterThan(0)
  await shot(page, 'apply-4-all-errors')

  await page.locator('#form-applyReason-0').click()
  await page.locator('#form-occupation-0').click()
  // 合作银行: a long list opens the picker; its first bank is taken.
  await page.locator('#form-cardBank').click()
  await page.getByText('确定', { exact: true }).click()
  await page.locator('#form-cardDelivery-0').click()
  await page.locator('#form-pickupOutlet input').fill('工商银行广州天河支行')
  if (await page.locator('#form-conditionsConfirmed').count()) await page.locator('#form-conditionsConfirmed').click()

  // Materials: the photo is uploaded; any other required one offered as an e-licence (居民身份证 from 实名) or 窗口核验.
  const materials = await page.locator('.os-apply__material').evaluateAll((els) => els.map((e) => e.id.replace(/^material-/, '')))
  let uploaded = false
  for (const id of materials) {
    const upload = page.locator(`#material-${id}-upload`)
    const licence = page.locator(`#material-${id}-licence`)
    const counter = page.locator(`#material-${id}-counter`)
    if (!uploaded && (await upload.count())) {
      await upload.click()
      const chooser = page.waitForEvent('filechooser')
      await page.locator(`#material-${id}-photo`).click()
      await (await chooser).setFiles(photo)
      await page.locator(`#material-${id}-file-0`).waitFor()
      await page.waitForFunction((sel) => !/上传中|待上传/.test(document.querySelector(sel)?.textContent ?? '上传中'), `#material-${id}-file-0`, { timeout: 30_000 }).catch(() => undefined)
      await shot(page, 'apply-5a-photo')
      await expect(page.locator(`#material-${id}-file-0`).innerText()).resolves.toContain('已上传')
      uploaded = true
    } else if (await licence.count()) {
      await licence.click()
      await page.locator(`[id^="material-${id}-licence-"]`).first().click()
    } else if (await counter.count()) {
      await counter.click()
    } else if (await upload.count()) {
      await upload.click()
      const chooser = page.waitForEvent('filechooser')
      await page.locator(`#material-${id}-photo`).click()
      await (await chooser).setFiles(photo)
      await page.locator(`#material-${id}-file-0`).getByText('已上传').waitFor()
    }
  }
  expect(uploaded).toBe(true)
  await shot(page, 'apply-5-filled-with-photo')
  for (const h of await heights(page, '.os-apply__mode, #apply-submit, #apply-save')) expect(h).toBeGreaterThanOrEqual(44)

  await page.locator('#apply-submit').click()
  await page.locator('#apply-done').waitFor()
  number = (await page.locator('#apply-done').innerText()).match(/办件编号 (\S+)/)?.[1] ?? ''
  expect(number).not.toBe('')
  await shot(page, 'apply-6-submitted')
})

test('the 市人社局 clerk opens the 办件 from the workbench queue, 受理 and 准予 it', async () => {
  await staffPage.goto(`${server.url}/#/packages/staff/pages/login/index`)
  await settled(staffPage, '#staff-username')
  await staffPage.locator('#staff-username input').fill('demo-hrss')
  await staffPage.locator('#staff-password input').fill(DEMO_STAFF_PASSWORD)
  await staffPage.locator('#staff-login-submit').click()
  await staffPage.locator('#staff-profile').waitFor()
  await expect(staffPage.locator('body').innerText()).resolves.not.toContain('该功能正在建设中')
  await staffPage.locator('#staff-applications').click()
  await staffPage.locator(`#apps-item-${number}`).waitFor()
  await shot(staffPage, 'apply-7-clerk-queue')
  await staffPage.locator(`#apps-item-${number}`).click()
  await staffPage.locator('#app-actions').waitFor()
  await expect(staffPage.locator('#app-head').innerText()).resolves.toContain('陈小明')
  await shot(staffPage, 'apply-8-clerk-detail')

  await staffPage.locator('#app-action-accept').click()
  await staffPage.locator('#app-action-send').click()
  await staffPage.waitForFunction(() => document.querySelector('#app-status')?.textContent?.includes('审查'))
  await staffPage.locator('#app-action-approve').click()
  await staffPage.locator('#app-action-send').click()
  await staffPage.waitForFunction(() => document.querySelector('#app-status')?.textContent !== null && !document.querySelector('#app-actions'))
  await shot(staffPage, 'apply-9-clerk-approved')
})

test('the resident sees 已办结 in 我的办件 and the e-licence in 我的证照, shown with a QR', async () => {
  await page.goto(`${server.url}/#/pages/me/index`)
  await settled(page, '#me-applications')
  await page.locator('#me-applications').click()
  await page.locator(`#app-${number}`).waitFor()
  await expect(page.locator(`#app-${number}`).innerText()).resolves.toContain('已办结')
  await shot(page, 'apply-10-my-applications')
  await page.locator(`#app-${number}`).click()
  await page.locator('#app-result').waitFor()
  await expect(page.locator('#app-status').innerText()).resolves.toContain('已办结')
  await shot(page, 'apply-11-detail-done')
  await page.locator('#app-licence').click()
  await page.locator('.os-apply__card [id^="lic-show-"]').first().waitFor()
  await expect(page.locator('.os-apply').last().innerText()).resolves.toContain('陈*明')
  await page.locator('[id^="lic-show-"]').first().click()
  await page.locator('#lic-qr').waitFor()
  await shot(page, 'apply-12-licence-shown')
  // The code on the screen verifies online as this licence.
  const licences = (await call<{ items: { id: string; title: string }[] }>('GET', '/me/licences')).body.items
  expect(licences).toHaveLength(1)
})
