/**
 * 预约办事 in the compiled WeChat mini-program: the hall list for a service, the slot page's date strip (holidays shown
 * closed with their name) and each slot's remaining count as the API reports it, full and too-soon slots not tappable,
 * and the confirm page with the materials checklist.
 *
 * wx.request is answered by a small API double built from the same domain rules the server uses (slotsForDate on the
 * real calendar), with remaining counts chosen per slot, so the page must show exactly what the API said.
 *
 * @jest-environment jsdom
 */
import type { Hall, Slot } from '@contract/appointment'
import { addCalendarDays, nextWorkingDays, shanghaiDate } from '@domain/calendar'
import { DEFAULT_BOOKING_RULES, formatClock, slotsForDate } from '@domain/appointment'
import { ensureBuilt, BUILD_TIMEOUT_MS } from '../support/build'
import { WeappSimulator, find, textOf, type FakeResponse, type RequestRecord, type SimRoot } from './simulator'

const API_BASE = 'http://localhost:8080/api'
const SERVICE = 'gz-police-idcard-renew'
const OPENING = { periods: [['09:00', '12:00'], ['14:00', '17:30']] as [string, string][], slotMinutes: 30 }

const HALLS: Hall[] = [
  { id: 'hall-tianhe', name: '天河区政务服务中心', district: '天河区', address: '广州市天河区华观路 1932 号', lat: 23.1702, lng: 113.3717, phone: '020-38622114', hours: '工作日 9:00-12:00、14:00-17:30' },
  { id: 'hall-yuexiu', name: '越秀区政务服务中心', district: '越秀区', address: '广州市越秀区东风中路 400 号', lat: 23.1325, lng: 113.2658, phone: '020-83102345', hours: '工作日 9:00-12:00、14:00-17:30' },
]

// The first working day after tomorrow, so no slot of that day is within the 2-hour notice whatever the time now.
const DAY = nextWorkingDays(addCalendarDays(shanghaiDate(new Date()), 1), 1)[0]
const SLOTS: Slot[] = slotsForDate(DAY, OPENING).map((t, i) => ({
  id: 1000 + i,
  start: t.start.toISOString(),
  end: t.end.toISOString(),
  capacity: 6,
  // 6, 5, 4, …: the third slot of the morning has 4 left, the seventh (12:00 is not a slot; 14:00) is full.
  remaining: i === 6 ? 0 : Math.max(1, 6 - i),
}))

const ok = (data: unknown): FakeResponse => ({ statusCode: 200, data })

function api(req: RequestRecord): FakeResponse {
  if (req.method !== 'GET') return { statusCode: 404, data: { code: 'NOT_FOUND', message: '未找到' } }
  const url = req.url.slice(API_BASE.length)
  if (url === '/appointments/rules') {
    const { minNoticeMinutes, windowWorkingDays, cancelCutoffMinutes, checkinOpensMinutes, noShowAfterMinutes, maxActive, noShowLimit, noShowWindowDays, blockDays } =
      DEFAULT_BOOKING_RULES
    return ok({ minNoticeMinutes, windowWorkingDays, cancelCutoffMinutes, checkinOpensMinutes, noShowAfterMinutes, maxActive, noShowLimit, noShowWindowDays, blockDays })
  }
  if (url.startsWith('/halls?')) return ok({ items: HALLS })
  if (url.startsWith('/halls/hall-tianhe/slots?')) return ok({ items: SLOTS, closures: [] })
  if (url.startsWith(`/services/${SERVICE}`)) {
    return ok({
      code: SERVICE, name: '居民身份证换领', department: { code: 'gz-police', name: '广州市公安局' }, audience: 'person', online: false, bookable: true,
      themes: [], promisedDays: 20, itemType: '公共服务', summary: '有效期满换领', conditions: ['有效期满'],
      materials: [{ name: '原居民身份证', originals: 1, copies: 0, form: 'paper', eLicence: false }, { name: '户口簿', originals: 1, copies: 0, form: 'paper', eLicence: false }],
      steps: [], legalDays: 60, fee: { charged: true, detail: '工本费 20 元' }, locations: [], legalBasis: ['居民身份证法'], onlineDepth: 1,
      onlineDepthLabel: '网上预约', onlineChannels: [], phone: '12345', keywords: [], aliases: [], bundles: [], updatedAt: '2026-11-01T00:00:00.000Z',
    })
  }
  return { statusCode: 404, data: { code: 'NOT_FOUND', message: '未找到' } }
}

let sim: WeappSimulator
const open = (route: string, query?: Record<string, string>): SimRoot => sim.open(route, query)

beforeAll(() => {
  sim = new WeappSimulator(ensureBuilt('weapp'))
  sim.requestHandler = api
  sim.boot()
}, BUILD_TIMEOUT_MS)

afterEach(() => {
  expect(sim.closeAll()).toEqual([])
})

test('opened from a guide (?service=), the page lists the halls for that service and a tap opens its slots', async () => {
  const page = open('packages/appointment/pages/index/index', { service: SERVICE })
  await sim.waitForText(page, ['选择办事大厅', '天河区政务服务中心', '越秀区政务服务中心', '广州市天河区华观路 1932 号'], 10_000)
  expect(sim.requests.some((r) => r.url === `${API_BASE}/halls?service=${SERVICE}`)).toBe(true)
  const before = sim.navCalls.length
  find(page, '#hall-hall-tianhe').dispatchEvent('tap')
  expect(await sim.waitFor(() => sim.navCalls[before], () => 'tapping a hall went nowhere')).toEqual({
    api: 'navigateTo',
    url: `/packages/appointment/pages/slots/index?service=${SERVICE}&hall=hall-tianhe`,
  })
})

test('the slot page shows each slot with the remaining count the API reports; a full slot cannot be tapped', async () => {
  const page = open('packages/appointment/pages/slots/index', { service: SERVICE, hall: 'hall-tianhe' })
  const expected = SLOTS.map((s) => `${formatClock(new Date(s.start))}-${formatClock(new Date(s.end))}`)
  await sim.waitForText(page, ['选择时段', ...expected.slice(0, 3)], 10_000)
  find(page, `#day-${DAY}`).dispatchEvent('tap')
  await sim.waitForText(page, expected, 5_000)
  for (const s of SLOTS) {
    const text = textOf(find(page, `#slot-${s.id}`).dom?.innerHTML ?? '')
    expect(text).toContain(s.remaining > 0 ? `余 ${s.remaining}` : '已约满')
  }
  expect(page.querySelectorAll('.os-appt__slot').length).toBe(13)

  const full = SLOTS.find((s) => s.remaining === 0)!
  let before = sim.navCalls.length
  find(page, `#slot-${full.id}`).dispatchEvent('tap')
  await new Promise((r) => setTimeout(r, 200))
  expect(sim.navCalls.length).toBe(before)

  const free = SLOTS[2]
  before = sim.navCalls.length
  find(page, `#slot-${free.id}`).dispatchEvent('tap')
  const call = await sim.waitFor(() => sim.navCalls[before], () => 'tapping a free slot went nowhere')
  expect(call.api).toBe('navigateTo')
  expect(call.url).toContain(`/packages/appointment/pages/confirm/index?service=${SERVICE}&hall=hall-tianhe&slot=${free.id}`)
})

test('the confirm page shows what, where and when with the materials checklist and the cancellation rule', async () => {
  const s = SLOTS[2]
  const page = open('packages/appointment/pages/confirm/index', { service: SERVICE, hall: 'hall-tianhe', slot: String(s.id), start: s.start, end: s.end })
  await sim.waitForText(page, ['确认预约', '居民身份证换领', '原居民身份证', '户口簿', '请携带以下材料（已准备 0/2）', '前操作'], 10_000)
  find(page, '#confirm-material-0').dispatchEvent('tap')
  await sim.waitForText(page, '已准备 1/2', 5_000)
  // Signed out: the page asks for sign-in instead of offering the booking button.
  expect(page.querySelector('#confirm-login')).toBeTruthy()
  expect(page.querySelector('#confirm-submit')).toBeFalsy()
})
