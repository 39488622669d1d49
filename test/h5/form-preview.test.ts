// H5 in chromium: the 申请表 page (packages/forms) renders the real 社保卡申领 form from the API, 检查填写 shows every
// problem at its field at once, 邮寄到家 asks for the address, every control is at least 44 px tall, and the page
// passes axe-core with no critical or serious violation.
import type { Page } from 'playwright-core'
import { buildApp, type App } from '../../server/app'
import { openDatabase, type Db } from '../../server/db'
import { BUILD_TIMEOUT_MS, distDir, ensureBuilt } from '../support/build'
import { heights, launchBrowser, screenshot, seriousViolations, settled, type Browser } from '../support/browser'
import { prepareDatabase, serve, testConfig, type Served } from '../server/helpers'

let db: Db
let app: App
let served: Served
let browser: Browser
let page: Page

jest.setTimeout(120_000)

beforeAll(async () => {
  ensureBuilt('h5')
  db = await prepareDatabase(await openDatabase({}))
  app = await buildApp({ config: testConfig({ H5_DIR: distDir('h5') }), db, logger: false })
  served = await serve(app)
  browser = await launchBrowser()
  page = browser.page
}, BUILD_TIMEOUT_MS + 120_000)

afterAll(async () => {
  await browser?.close()
  await served?.close()
  await db?.close()
})

test('the 社保卡申领 form: errors at their fields at once, 邮寄 asks for the address, 44 px targets, axe clean', async () => {
  await page.goto(`${served.url}/#/packages/forms/pages/preview/index?code=gz-hrss-ss-card-apply`)
  await settled(page, '#form-applyReason')
  await expect(page.locator('#form-applicantName').innerText()).resolves.toContain('实名')
  await page.locator('#form-check').click()
  await page.locator('#form-applyReason-error').waitFor()
  await expect(page.locator('#form-applyReason-error').innerText()).resolves.toBe('请选择申领原因')
  await expect(page.locator('#form-cardBank-error').innerText()).resolves.toBe('请选择社保卡合作银行')
  await expect(page.locator('#form-conditionsConfirmed-error').innerText()).resolves.toContain('请确认')
  await expect(page.locator('#form-check-result').innerText()).resolves.toMatch(/还有 \d+ 处需要填写或修改/)

  await page.locator('#form-applyReason-0').click()
  await expect(page.locator('#form-applyReason-error').count()).resolves.toBe(0)
  await page.locator('#form-cardDelivery-1').click()
  await page.locator('#form-mailAddress-district').waitFor()
  await page.locator('#form-mailAddress-street input').fill('林和街道')

  for (const selector of ['.os-form__chip', '.os-form__input', '.os-form__check', '#form-check']) {
    const hs = await heights(page, selector)
    expect(hs.length).toBeGreaterThan(0)
    for (const h of hs) expect(h).toBeGreaterThanOrEqual(44)
  }
  await screenshot(page, 'form-preview-ss-card')

  expect(await seriousViolations(page)).toEqual([])
})
