// H5 in chromium against the real server (fresh PGlite, seeded halls): a real-name resident opens a service's guide,
// taps 预约办理, picks a hall and a slot, confirms with the materials checklist, sees the booking code and QR,
// finds it in 我的预约, and cancels it; the seat comes back. The server runs with its own no-show rules (NO_SHOW_LIMIT=5,
// 60 days, 14 days' block): the slots and confirm pages word the rules from the numbers it answers, not the defaults.
import type { Page } from 'playwright-core'
import type { Appointment, BookingRulesDto, HallList, SlotList } from '@contract/appointment'
import { DEMO_STAFF_PASSWORD } from '../../server/db/seed/demo'
import { shanghaiDate } from '@domain/calendar'
import { ensureBuilt } from '../support/build'
import { heights, launchBrowser, screenshot, settled, type Browser } from '../support/browser'
import { fakeEnv, startFakeSms, type FakeSms } from '../support/fakes'
import { startServer, type RunningServer } from '../support/server-process'

const PHONE = '13900139000'
const ID_OK = '440106199003071231'
const SERVICE = 'gz-police-idcard-renew'
/** The no-show rules this server is configured with, none of them the default (3 in 90 days, 30 days' block). */
const NO_SHOW_ENV = { NO_SHOW_LIMIT: '5', NO_SHOW_WINDOW_DAYS: '60', NO_SHOW_BLOCK_DAYS: '14' }

let sms: FakeSms
let server: RunningServer
let browser: Browser
let page: Page
let token = ''

jest.setTimeout(120_000)

async function call<T>(method: string, path: string, body?: unknown, as = token): Promise<{ status: number; body: T }> {
  const res = await fetch(`${server.url}/api${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(as ? { authorization: `Bearer ${as}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: res.status, body: (await res.json()) as T }
}

beforeAll(async () => {
  ensureBuilt('h5')
  sms = await startFakeSms()
  server = await startServer({ DEMO: '1', ...NO_SHOW_ENV, ...fakeEnv({ sms }) })
  browser = await launchBrowser()
  page = browser.page
  // The resident signs in by SMS and declares a real name through the API; the browser then holds that session.
  expect((await call('POST', '/auth/sms/send', { phone: PHONE })).status).toBe(200)
  const code = sms.lastCode(PHONE) as string
  token = (await call<{ token: string }>('POST', '/auth/sms/verify', { phone: PHONE, code })).body.token
  expect((await call('PUT', '/me/realname', { name: '李小红', idNumber: ID_OK })).status).toBe(200)
  await page.goto(`${server.url}/`)
  await page.evaluate((t) => localStorage.setItem('onestop.session', JSON.stringify({ data: t })), token)
  // The app reads the stored session when it starts.
  await page.reload()
}, 300_000)

afterAll(async () => {
  await browser?.close()
  await server?.stop()
  await sms?.close()
})

const shot = (name: string) => screenshot(page, name)

test('from a guide: choose a hall and a slot, confirm (the rules as configured), see the code and QR, then cancel', async () => {
  // The rules the server answers are the ones it was started with.
  const rules = (await call<BookingRulesDto>('GET', '/appointments/rules')).body
  expect(rules).toMatchObject({ noShowLimit: 5, noShowWindowDays: 60, blockDays: 14 })

  await page.goto(`${server.url}/#/packages/guide/pages/detail/index?code=${SERVICE}`)
  await settled(page, '#guide-book')
  await page.locator('#guide-book').click()

  // Halls for the service, in district order (no position asked for).
  await page.locator('#hall-hall-tianhe').waitFor()
  await settled(page, '#hall-hall-tianhe')
  await expect(page.locator('#appt-halls').innerText()).resolves.toContain('越秀区政务服务中心')
  await shot('appointment-halls')
  for (const h of await heights(page, '.os-appt__row')) expect(h).toBeGreaterThanOrEqual(44)
  await page.locator('#hall-hall-tianhe').click()

  // Slots: the first day with a bookable slot is selected; every slot says what is left.
  await page.locator('#appt-slots .os-appt__slot').first().waitFor()
  const free = page.locator('#appt-slots .os-appt__slot:not(.os-appt__slot--off)').first()
  const slotId = Number((await free.getAttribute('id'))!.replace('slot-', ''))
  await expect(free.innerText()).resolves.toMatch(/余 6/)
  await settled(page, '#appt-slots')
  // The line under the slots: the notice and the window the server answers.
  await expect(page.getByText(/最远可约/).innerText()).resolves.toContain(`最远可约 ${rules.windowWorkingDays} 个工作日内`)
  await shot('appointment-slots')
  await free.click()

  await settled(page, '#confirm-submit')
  await expect(page.locator('#confirm-service').innerText()).resolves.toContain('身份证')
  // The no-show rule says what this server applies: 5 no-shows in 60 days block booking for 14 days.
  const noShowRule = (await page.locator('#confirm-noshow-rule').innerText()).trim()
  expect(noShowRule).toBe('· 60 天内 5 次未到场，将暂停预约 14 天')
  await expect(page.locator('#confirm-rules').innerText()).resolves.not.toMatch(/3 次|90 天|30 天/)
  await page.locator('#confirm-material-0').click()
  await page.getByText(/已准备 1\//).waitFor()
  await shot('appointment-confirm')
  await page.locator('#confirm-submit').click()

  await page.locator('#appt-success').waitFor()
  const code = (await page.locator('#appt-code').innerText()).trim()
  expect(code).toMatch(/^[2-9A-HJKMNP-Z]{8}$/)
  await expect(page.locator('#appt-qr img').count()).resolves.toBe(1)
  await expect(page.locator('#appt-status').innerText()).resolves.toBe('待签到')
  await page.waitForTimeout(300)
  await shot('appointment-booked')

  // The server holds exactly that booking, and the slot has one seat fewer.
  const mine = await call<{ items: Appointment[] }>('GET', '/appointments')
  expect(mine.body.items).toHaveLength(1)
  expect(mine.body.items[0]).toMatchObject({ code, status: 'booked', slot: { id: slotId } })
  const day = mine.body.items[0].slot.start
  const date = new Date(new Date(day).getTime() + 8 * 3600_000).toISOString().slice(0, 10)
  const seats = async () =>
    (await call<SlotList>('GET', `/halls/hall-tianhe/slots?service=${SERVICE}&from=${date}&to=${date}`)).body.items.find((s) => s.id === slotId)?.remaining
  expect(await seats()).toBe(5)

  await page.locator('#appt-cancel').click()
  await page.getByText('取消预约？').waitFor()
  await page.waitForTimeout(300)
  await shot('appointment-cancel-confirm')
  await page.getByText('确认取消', { exact: true }).click()
  await page.waitForFunction(() => document.querySelector('#appt-status')?.textContent?.includes('已取消'))
  await expect(page.locator('#appt-code').count()).resolves.toBe(0)
  await shot('appointment-cancelled')
  expect(await seats()).toBe(6)

  // 我的预约 lists it under 历史预约.
  await page.locator('#appt-all').click()
  await page.locator('#appt-mine').waitFor()
  await settled(page, '#appt-mine')
  await expect(page.locator('#appt-mine').innerText()).resolves.toMatch(/暂无待办理的预约[\s\S]*历史预约[\s\S]*已取消/)
  await shot('appointment-mine')
  expect(browser.consoleErrors.splice(0)).toEqual([])
})

test('hall staff (demo-hall, 天河): the day list shows the booking masked, check-in waits for its window, 停办 cancels it and the resident sees why', async () => {
  // The resident books the first bookable slot at 天河 through the API.
  expect((await call<HallList>('GET', `/halls?service=${SERVICE}`)).body.items.some((h) => h.id === 'hall-tianhe')).toBe(true)
  const slots = (await call<SlotList>('GET', `/halls/hall-tianhe/slots?service=${SERVICE}`)).body.items
  const slot = slots.find((s) => new Date(s.start).getTime() - Date.now() > 3 * 3600_000)!
  const booked = await call<Appointment>('POST', '/appointments', { slotId: slot.id, serviceCode: SERVICE })
  expect(booked.status).toBe(201)
  const date = shanghaiDate(new Date(slot.start))

  const staff = await call<{ token: string }>('POST', '/auth/staff', { username: 'demo-hall', password: DEMO_STAFF_PASSWORD }, '')
  expect(staff.status).toBe(200)
  await page.evaluate((t) => localStorage.setItem('onestop.staff-session', JSON.stringify({ data: t })), staff.body.token)
  await page.goto(`${server.url}/#/packages/staff/pages/hall/index`)
  await page.reload()
  await settled(page, '#hall-date')
  for (let d = shanghaiDate(new Date()); d < date; ) {
    await page.locator('#hall-next').click()
    d = new Date(new Date(`${d}T00:00:00Z`).getTime() + 86_400_000).toISOString().slice(0, 10)
  }
  const row = page.locator(`#hall-item-${booked.body.code}`)
  await row.waitFor()
  await expect(row.innerText()).resolves.toMatch(/李\*红[\s\S]*待签到/)
  await expect(page.content()).resolves.not.toContain('李小红')

  await page.locator('#hall-code input').fill(booked.body.code)
  await page.locator('#hall-checkin').click()
  await expect(page.locator('#hall-problem').innerText()).resolves.toContain('签到在开始前 30 分钟开放')

  await page.locator('#hall-reason input').fill('系统升级维护')
  await page.locator('#hall-close').click()
  await page.getByText('确认停办', { exact: true }).click()
  await page.locator('#hall-message').waitFor()
  await expect(page.locator('#hall-message').innerText()).resolves.toContain('取消预约 1 个')
  await page.waitForFunction(() => document.body.innerText.includes('当日已停办'))
  await shot('appointment-staff-closed')

  // The resident's booking now says the hall closed that day, and why.
  await page.goto(`${server.url}/#/packages/appointment/pages/detail/index?id=${booked.body.id}`)
  await page.waitForFunction(() => document.querySelector('#appt-status')?.textContent?.includes('大厅停办'))
  await expect(page.getByText('大厅停办：系统升级维护').isVisible()).resolves.toBe(true)
  await settled(page, '#appt-status')
  await shot('appointment-closed-by-hall')
  expect(browser.consoleErrors.splice(0).filter((e) => !/status of 409/.test(e))).toEqual([])
})
