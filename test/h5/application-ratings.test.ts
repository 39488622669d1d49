// H5 in chromium: 好差评 of a 办件 (一事一评). The API runs in this process (buildApp on in-memory PGlite, the H5 build
// served beside it) so the test writes an approved application straight into the table. The resident opens the 办件
// detail, taps 去评价, rates it 非常不满意 on the online indicators with a photo, sees the rating with its photo and the
// 整改 opened for the department; the detail
// page then shows the rating instead of 去评价. The rating page passes axe-core with no critical or serious violation.
import { randomUUID } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import type { Page } from 'playwright-core'
import { buildApp, type App } from '../../server/app'
import { createDataCrypto } from '../../server/crypto'
import { openDatabase, type Db } from '../../server/db'
import { distDir, ensureBuilt, BUILD_TIMEOUT_MS } from '../support/build'
import { heights, launchBrowser, screenshot, seriousViolations, settled, type Browser } from '../support/browser'
import { prepareDatabase, serve, testConfig, type Served } from '../server/helpers'
import { makeResident } from '../server/similar-support'

const KEY = Buffer.alloc(32, 11)
const crypto = createDataCrypto(KEY)

let db: Db
let app: App
let served: Served
let browser: Browser
let page: Page
let applicationId = ''
let serviceName = ''
let photo = ''
const clock = () => new Date()

jest.setTimeout(120_000)

beforeAll(async () => {
  ensureBuilt('h5')
  db = await prepareDatabase(await openDatabase({}))
  app = await buildApp({ config: testConfig({ DATA_KEY: KEY.toString('base64'), H5_DIR: distDir('h5') }), db, clock, logger: false, crypto })
  served = await serve(app)
  const svc = (await db.query<{ code: string; name: string; department_code: string }>(`SELECT code, name, department_code FROM services ORDER BY code LIMIT 1`)).rows[0]
  serviceName = svc.name
  photo = path.join(mkdtempSync(path.join(tmpdir(), 'onestop-rating-')), '窗口.jpg')
  await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 60, g: 140, b: 200 } } }).jpeg().toFile(photo)
  const resident = await makeResident(db, crypto, '13800138019', clock())
  applicationId = randomUUID()
  const decided = new Date(clock().getTime() - 3600_000)
  const submitted = new Date(decided.getTime() - 3 * 86_400_000)
  await db.query(
    `INSERT INTO applications (id, number, user_id, service_code, department_code, status, form_version, fields, materials, promised_days,
                               submitted_at, accepted_at, deadline, decided_at, updated_at)
     VALUES ($1, 'SQ20261207000001', $2, $3, $4, 'approved', '1', '{}', '[]', 5, $5, $5, $6, $6, $6)`,
    [applicationId, resident.id, svc.code, svc.department_code, submitted, decided],
  )
  browser = await launchBrowser()
  page = browser.page
  await page.goto(`${served.url}/`)
  await page.evaluate((r) => localStorage.setItem('onestop.session', JSON.stringify({ data: r })), resident.headers.authorization.slice('Bearer '.length))
  await page.reload()
}, BUILD_TIMEOUT_MS + 120_000)

afterAll(async () => {
  await browser?.close()
  await served?.close()
  await db?.close()
})

/** Opens a page on its own (a reload, so Taro's page stack holds no earlier page with the same ids). */
async function open(hashPath: string): Promise<void> {
  await page.goto(`${served.url}/#${hashPath}`)
  await page.reload()
}

test('a resident rates an approved 办件 非常不满意 from its detail page; the 整改 opens; the detail shows the rating', async () => {
  await open(`/packages/apply/pages/detail/index?id=${applicationId}`)
  await settled(page, '#app-rate')
  await expect(page.locator('#app-rating').innerText()).resolves.toContain('办件评价（好差评）')
  await page.locator('#app-rate').click()

  await settled(page, '#rate-form')
  await expect(page.locator('.os-rating__sub').innerText()).resolves.toBe(`${serviceName} · SQ20261207000001`)
  await expect(page.locator('#rate-form').innerText()).resolves.toMatch(/总体评价[\s\S]*办事效率[\s\S]*指南准确[\s\S]*便捷程度/)
  await page.locator('#rate-level-1').click()
  await page.locator('#rate-submit').click()
  await expect(page.locator('#rate-problem').innerText()).resolves.toBe('请为每一项指标打分')
  for (const key of ['speed', 'guide', 'convenience']) await page.locator(`#rate-${key}-1`).click()
  await page.locator('#rate-resolved-no').click()
  await page.locator('#rate-comment textarea').fill('办事指南写的材料和系统要求的不一致')
  // One photo, picked and then shown in the form.
  const chooser = page.waitForEvent('filechooser')
  await page.locator('#rate-photo-add').click()
  await (await chooser).setFiles(photo)
  await page.locator('#rate-photo .os-photo-grid__img').waitFor()
  for (const h of await heights(page, '.os-choice-chips__chip')) expect(h).toBeGreaterThanOrEqual(44)
  await screenshot(page, 'application-rating-form')

  // The rating page passes axe, nothing excused.
  expect(await seriousViolations(page)).toEqual([])

  await page.locator('#rate-submit').click()
  await page.locator('#rate-rectification').waitFor()
  await expect(page.locator('#rate-done').innerText()).resolves.toContain('我的评价：非常不满意')
  await expect(page.locator('#rate-done').innerText()).resolves.toContain('指南准确 1 分')
  await expect(page.locator('#rate-rectification').innerText()).resolves.toContain('整改中')
  await screenshot(page, 'application-rating-rated')
  // The photo went up with the rating and comes back from the server (its image loads).
  await page.waitForFunction(() => {
    const img = document.querySelector('#rate-done-photo img') as HTMLImageElement | null
    return Boolean(img && img.complete && img.naturalWidth > 0)
  })
  await expect(page.locator('#rate-done').innerText()).resolves.toContain('问题未解决')
  const row = (await db.query('SELECT level, indicators, photo_id IS NOT NULL AS has_photo FROM ratings WHERE subject_kind = $1 AND subject_id = $2', ['application', applicationId])).rows[0]
  expect(row).toEqual({ level: 1, indicators: { overall: 1, speed: 1, guide: 1, convenience: 1 }, has_photo: true })
  expect((await db.query('SELECT count(*)::int AS n FROM rating_rectifications WHERE subject_id = $1', [applicationId])).rows[0]).toEqual({ n: 1 })

  // Back on the detail page: the rating instead of 去评价.
  await open(`/packages/apply/pages/detail/index?id=${applicationId}`)
  await settled(page, '#app-rating-level')
  await expect(page.locator('#app-rating-level').innerText()).resolves.toBe('我的评价：非常不满意')
  await expect(page.locator('#app-rating').innerText()).resolves.toContain('整改')
  expect(await page.locator('#app-rate').count()).toBe(0)
  await screenshot(page, 'application-rating-detail')
})
