// H5 in chromium against the real server and its seeded catalog: a resident searches "sbk", opens 社会保障卡申领,
// reads the guide, ticks a material, favourites it and finds it in 我的收藏; colloquial and empty searches.
import type { Page } from 'playwright-core'
import { ensureBuilt } from '../support/build'
import { heights, launchBrowser, screenshot, settled, type Browser } from '../support/browser'
import { startServer, type RunningServer } from '../support/server-process'

const SS_CARD = 'gz-hrss-ss-card-apply'
const ID_REISSUE = 'gz-police-idcard-reissue'
const SECTIONS = ['服务对象', '事项说明', '受理条件', '申请材料', '办理流程', '办结时限', '收费', '办理地点', '法定依据', '办理方式']

let server: RunningServer
let browser: Browser
let page: Page

jest.setTimeout(120_000)

beforeAll(async () => {
  ensureBuilt('h5')
  server = await startServer({ LOG_LEVEL: 'warn' })
  browser = await launchBrowser()
  page = browser.page
}, 300_000)

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

const search = () => page.locator('#catalog-search input')

async function typeQuery(q: string): Promise<void> {
  await search().fill('')
  await search().pressSequentially(q, { delay: 40 })
}

test('the home search box opens the 办事 tab with its search field focused', async () => {
  await page.goto(`${server.url}/`)
  await page.locator('#home-search').click()
  await page.locator('#catalog-search input').waitFor()
  expect(page.url()).toContain('#/pages/catalog/index')
  await page.locator('.os-catalog__section-title', { hasText: '热门服务' }).first().waitFor()
  await page.waitForFunction(() => document.activeElement?.closest('#catalog-search') !== null)
  for (const h of await heights(page, '#catalog-search, #audience-person, #audience-business')) expect(h).toBeGreaterThanOrEqual(44)
  await screenshot(page, 'catalog-browse')
})

test('"sbk" finds 社会保障卡 items; the guide shows every section; a material ticks; 收藏 lands in 我的收藏', async () => {
  await typeQuery('sbk')
  await page.locator(`#result-${SS_CARD}`).waitFor()
  await expect(page.locator('#result-list').innerText()).resolves.toContain('社会保障卡')
  await screenshot(page, 'catalog-search-sbk')

  await page.locator(`#result-${SS_CARD}`).click()
  await page.locator('#guide-name').waitFor()
  await settled(page, '#guide-name')
  expect(page.url()).toContain(`packages/guide/pages/detail/index?code=${SS_CARD}`)
  await expect(page.locator('#guide-name').innerText()).resolves.toBe('社会保障卡申领')
  const text = await page.locator('.os-guide').innerText()
  for (const s of SECTIONS) expect(text).toContain(s)
  await expect(page.getByText(/已准备 0 \/ \d+ 项/).isVisible()).resolves.toBe(true)

  await page.locator('#material-0').click()
  await page.getByText(/已准备 1 \/ \d+ 项/).waitFor()
  await page.locator('#guide-favourite').click()
  await page.getByText('★ 已收藏').waitFor()
  for (const h of await heights(page, '#guide-favourite, #guide-book, #material-0')) expect(h).toBeGreaterThanOrEqual(44)
  await screenshot(page, 'guide-detail')
  await page.locator('#section-locations').scrollIntoViewIfNeeded()
  await page.waitForTimeout(1600) // the 已收藏 toast has gone
  await expect(page.locator('#section-locations').innerText()).resolves.toMatch(/地址：.+办公时间：/s)
  await screenshot(page, 'guide-detail-locations')

  await page.goto(`${server.url}/#/pages/me/index`)
  await page.locator('#me-favourites').click()
  await page.locator(`#mine-${SS_CARD}`).waitFor()
  await settled(page, `#mine-${SS_CARD}`)
  await expect(page.locator(`#mine-${SS_CARD}`).innerText()).resolves.toContain('社会保障卡申领')
  await screenshot(page, 'mine-favourites')
  // Opened guides are in 最近浏览 too.
  await page.locator('#mine-tab-recent').click()
  await page.locator('#mine-clear-recent').waitFor()
  await expect(page.locator('#mine-list-recent').innerText()).resolves.toContain('社会保障卡申领')
})

test('"身份证丢了" finds 居民身份证补领', async () => {
  await page.goto(`${server.url}/#/pages/catalog/index`)
  await search().waitFor()
  await typeQuery('身份证丢了')
  await page.locator(`#result-${ID_REISSUE}`).waitFor()
  await expect(page.locator(`#result-${ID_REISSUE}`).innerText()).resolves.toContain('居民身份证补领')
  await screenshot(page, 'catalog-search-idcard')
})

test('a query with no match shows suggestions to tap and 拨打 12345 咨询', async () => {
  await typeQuery('量子计算机')
  await page.locator('#catalog-empty').waitFor()
  await expect(page.locator('#catalog-empty').innerText()).resolves.toContain('拨打 12345 咨询')
  await page.locator('#suggestion-0').waitFor()
  for (const h of await heights(page, '.os-catalog__chip, #catalog-call-12345')) expect(h).toBeGreaterThanOrEqual(44)
  await screenshot(page, 'catalog-empty')
  const chip = (await page.locator('#suggestion-0').innerText()).trim()
  await page.locator('#suggestion-0').click()
  await page.locator('#result-list').waitFor()
  await expect(search().inputValue()).resolves.toBe(chip)
})

test('a 一件事 bundle opens from the 办事 tab with its items and shared materials', async () => {
  await search().fill('')
  const first = page.locator('#bundle-list .os-cell').first()
  await first.scrollIntoViewIfNeeded()
  const title = (await first.locator('.os-cell__title').innerText()).trim()
  await first.click()
  await page.locator('#bundle-name').waitFor()
  await settled(page, '#bundle-name')
  await expect(page.locator('#bundle-name').innerText()).resolves.toBe(title)
  expect(await page.locator('#section-items .os-cell').count()).toBeGreaterThan(1)
  await screenshot(page, 'bundle')
})

test('"生孩子" shows 出生一件事 above the items found, and it opens the bundle', async () => {
  await page.goBack()
  await page.locator('#catalog-search input').waitFor()
  await typeQuery('生孩子')
  await page.locator('#result-bundle-birth').waitFor()
  await expect(page.locator('#result-bundles').innerText()).resolves.toContain('出生一件事')
  await screenshot(page, 'catalog-search-bundle')
  await page.locator('#result-bundle-birth').click()
  await page.locator('#bundle-name').waitFor()
  await expect(page.locator('#bundle-name').innerText()).resolves.toBe('出生一件事')
})

test('no console errors while using the catalog', () => {
  expect(browser.consoleErrors).toEqual([])
})

test('offline: the 办事 tab and an opened guide come from the saved copy, with the offline note', async () => {
  await page.route('**/api/**', (route) => route.abort('internetdisconnected'))
  await page.goto(`${server.url}/#/pages/catalog/index`)
  await page.reload()
  await page.locator('#catalog-offline').waitFor({ timeout: 15_000 })
  await expect(page.locator('#catalog-offline').innerText()).resolves.toBe('当前离线，显示的是上次保存的内容')
  await page.locator('.os-catalog__section-title', { hasText: '热门服务' }).first().waitFor()
  await screenshot(page, 'catalog-offline-saved')

  await page.goto(`${server.url}/#/packages/guide/pages/detail/index?code=${SS_CARD}`)
  await page.locator('#guide-offline').waitFor({ timeout: 15_000 })
  await expect(page.locator('#guide-name').innerText()).resolves.toBe('社会保障卡申领')
  await page.unroute('**/api/**')
  // Only the refused requests themselves may be logged while offline.
  const unexpected = browser.consoleErrors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to load resource/.test(e))
  expect(unexpected).toEqual([])
})
