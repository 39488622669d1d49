// H5 in chromium against the real server: a real-name resident issues a printed elder code (长者打印码), the printable page
// renders its QR, a scene partner's verify call accepts it; after the resident revokes it, the verify endpoint refuses it.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Page } from 'playwright-core'
import type { PrintedCodeList, VerifyResponse } from '@contract/citycode'
import { ensureBuilt } from '../support/build'
import { heights, launchBrowser, screenshot, settled, type Browser } from '../support/browser'
import { fakeEnv, startFakeSms, type FakeSms } from '../support/fakes'
import { startServer, type RunningServer } from '../support/server-process'

const ROOT = path.resolve(__dirname, '../..')
const PHONE = '13700137000'
const ID_OK = '440106199003071231'

let sms: FakeSms
let server: RunningServer
let browser: Browser
let page: Page
let token = ''
let partnerKey = ''

jest.setTimeout(120_000)

async function call<T>(method: string, urlPath: string, body?: unknown, headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {}): Promise<{ status: number; body: T }> {
  const res = await fetch(`${server.url}/api${urlPath}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: res.status, body: (await res.json()) as T }
}

beforeAll(async () => {
  ensureBuilt('h5')
  // The transit partner's key is made with the admin command before the server opens the same embedded database.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'onestop-data-'))
  const admin = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'server/admin.ts', 'create-api-key', '公交闸机', '--scope', 'citycode:transit'], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
    encoding: 'utf8',
  })
  partnerKey = /os_[A-Za-z0-9_-]+/.exec(admin.stdout)?.[0] ?? ''
  expect({ key: partnerKey.length > 20, out: partnerKey ? '' : admin.stdout + admin.stderr }).toEqual({ key: true, out: '' })
  sms = await startFakeSms()
  server = await startServer({ DEMO: '1', DATA_DIR: dataDir, ...fakeEnv({ sms }) })
  browser = await launchBrowser()
  page = browser.page
  expect((await call('POST', '/auth/sms/send', { phone: PHONE })).status).toBe(200)
  const code = sms.lastCode(PHONE) as string
  token = (await call<{ token: string }>('POST', '/auth/sms/verify', { phone: PHONE, code })).body.token
  expect((await call('PUT', '/me/realname', { name: '陈阿婆', idNumber: ID_OK })).status).toBe(200)
  await page.goto(`${server.url}/`)
  await page.evaluate((t) => localStorage.setItem('onestop.session', JSON.stringify({ data: t })), token)
  await page.reload()
}, 600_000)

afterAll(async () => {
  await browser?.close()
  await server?.stop()
  await sms?.close()
})

const verify = (code: string) => call<VerifyResponse>('POST', '/citycode/verify', { code, scene: 'transit' }, { 'x-api-key': partnerKey })

test('长者打印码: issue a 180-day transit code, the printable page renders its QR, and the partner accepts it', async () => {
  await page.goto(`${server.url}/#/packages/citycode/pages/printed/index`)
  await settled(page, '#cc-printed-issue')
  await page.getByText('还没有打印码').waitFor()
  for (const h of await heights(page, '.os-action-button, .os-cc__scene')) expect(h).toBeGreaterThanOrEqual(44)
  await page.locator('#cc-printed-scene-transit').click()
  await page.locator('#cc-printed-days-180').click()
  await page.locator('#cc-printed-issue').click()

  await settled(page, '#cc-print-qr')
  expect(page.url()).toContain('#/packages/citycode/pages/print/index?id=')
  await expect(page.locator('#cc-print-title').innerText()).resolves.toBe('一码通城 · 乘车')
  // The QR is a loaded image (data URL), square, with its accessible label; the page has nothing personal on it.
  const img = page.locator('#cc-print-qr img')
  await img.waitFor()
  const info = await img.evaluate((el: HTMLImageElement) => ({ src: el.src.slice(0, 22), w: el.naturalWidth, h: el.naturalHeight, shown: el.getBoundingClientRect().width }))
  expect(info.src).toBe('data:image/gif;base64,')
  expect(info.w).toBeGreaterThan(100)
  expect(info.w).toBe(info.h)
  expect(info.shown).toBeGreaterThan(150)
  await expect(page.locator('#cc-print-qr').getAttribute('aria-label')).resolves.toBe('乘车长者打印码')
  const text = await page.locator('.os-cc-print').innerText()
  expect(text).toMatch(/有效期：\d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2}/)
  expect(text).not.toContain('陈')
  await screenshot(page, 'citycode-printed-card')
  // Print media hides the buttons.
  await page.emulateMedia({ media: 'print' })
  await expect(page.locator('#cc-print-now').isVisible()).resolves.toBe(false)
  await page.emulateMedia({ media: 'screen' })

  const list = (await call<PrintedCodeList>('GET', '/citycode/printed')).body.items
  expect(list).toHaveLength(1)
  expect((await verify(list[0].code)).body).toMatchObject({ ok: true, kind: 'printed', scene: 'transit', level: 2 })
})

test('after the resident revokes it, the verify endpoint refuses it and 码使用记录 shows both checks', async () => {
  const [printed] = (await call<PrintedCodeList>('GET', '/citycode/printed')).body.items
  await page.goto(`${server.url}/#/packages/citycode/pages/printed/index`)
  await settled(page, `#cc-revoke-${printed.id}`)
  await page.locator(`#cc-revoke-${printed.id}`).click()
  await page.getByText('作废后这张打印码立即失效').waitFor()
  await page.getByText('作废', { exact: true }).last().click()
  await page.locator(`#cc-printed-${printed.id}`).getByText(/已作废/).waitFor()
  await screenshot(page, 'citycode-printed-revoked')

  const refused = await verify(printed.code)
  expect(refused.status).toBe(200)
  expect(refused.body).toMatchObject({ ok: false, reason: 'revoked', message: '该码已被作废' })
  // The printable page no longer shows a code.
  await page.goto(`${server.url}/#/packages/citycode/pages/print/index?id=${printed.id}`)
  await page.getByText('该打印码已作废，不能再使用').waitFor()
  expect(await page.locator('#cc-print-qr').count()).toBe(0)

  await page.goto(`${server.url}/#/packages/citycode/pages/usage/index`)
  await page.getByText('未通过：该码已被作废').waitFor()
  const usage = await page.locator('.os-cc').innerText()
  expect(usage).toContain('核验通过')
  expect(usage).toContain('公交闸机')
  await screenshot(page, 'citycode-usage')
})
