// 一屏观's figures against a dataset built through the API with a moved clock (filing, dispatch, 签收, 退单, 答复,
// 办结, 直接答复, 不予受理, 评价 with and without 问题是否解决, 回访), every figure written out by hand below; the period's
// Asia/Shanghai midnights; the drill-down of every figure listing exactly as many work orders; a clerk limited to their
// department (another one → 403); bad query input → 400 {code, message}.
import type { Dashboard, DrillPage } from '@contract/dashboard'
import type { FiledRequest, RequestDetail, StaffRequestDetail } from '@contract/request'
import { GZ_DISTRICTS } from '@domain/districts'
import { listMigrations } from '../../server/db/migrate'
import { databases } from './helpers'
import { complaint, requestsSuite } from './requests-support'

/** An instant given as an Asia/Shanghai wall-clock time. */
const SH = (day: string, time: string) => new Date(`${day}T${time}+08:00`)
/** When the figures are asked for: Friday 27 November 2026, 10:00 in Shanghai. */
const ASKED = SH('2026-11-27', '10:00:00')
const PERIOD = 'from=2026-11-09&to=2026-11-13'

const place = (district: string) => {
  const d = GZ_DISTRICTS.find((x) => x.name === district) as { lat: number; lng: number }
  return { lat: d.lat, lng: d.lng, address: `${district}府前路 1 号`, district }
}
/** Around 天河路 123 号: points about 22 m apart (one traffic.parking hotspot). */
const tianhe = (i: number) => ({ ...complaint.location, lat: complaint.location.lat + i * 0.0002 })

const CHINESE = /[\u4e00-\u9fff]/

// The suite's setup (migrations, seed, two app nodes, ~60 steps through the API) takes tens of seconds on a busy CI.
jest.setTimeout(120_000)

describe.each(databases())('一屏观 dashboard on $name', ({ open }) => {
  let now = SH('2026-11-01', '09:00:00')
  const { world, staff, as, file, act, residentDo, mine, view, ok } = requestsSuite(open, () => now)
  const R: Record<string, string> = {}
  const numbers: Record<string, string> = {}

  const fileAt = async (name: string, when: Date, who: string, body: object) => {
    now = when
    const filed = await ok<FiledRequest>(file(who, body), 201)
    R[name] = filed.id
    numbers[filed.number] = name
  }
  const step = async (when: Date, who: string, name: string, body: object) => {
    now = when
    await ok(act(who, R[name], body))
  }
  const rate = async (when: Date, who: string, name: string, body: object) => {
    now = when
    await ok(residentDo(who, R[name], 'rate', body))
  }
  const get = async <T>(url: string, who = 'hotline-1', status = 200): Promise<T> => {
    now = ASKED
    const res = await world.api.request({ url, headers: as(who) })
    if (res.statusCode !== status) throw new Error(`${url}: expected ${status}, got ${res.statusCode}: ${res.body}`)
    return res.json<T>()
  }
  const names = (page: DrillPage) => page.items.map((i) => numbers[i.number]).sort()

  beforeAll(async () => {
    await staff('hrss-1', 'dept_staff', '钱社保', 'gz-hrss')
    await staff('admin-1', 'admin', '孙管理', null)
    const d = (day: string) => `2026-11-${day}`
    const parking = (text: string, type: string, i: number) => ({ type, category: 'traffic.parking', content: text, location: tianhe(i) })
    // R0: filed one second before the period; dispatched (police) and signed inside it.
    await fileAt('R0', SH(d('08'), '23:59:59'), 'alice', { type: 'consult', category: 'social.insurance', content: '请问灵活就业人员怎么办理社保参保登记？' })
    await step(SH(d('09'), '08:50:00'), 'hotline-1', 'R0', { action: 'accept' })
    await step(SH(d('09'), '09:00:00'), 'hotline-1', 'R0', { action: 'dispatch', departmentCode: 'gz-police' })
    await step(SH(d('09'), '09:30:00'), 'police-1', 'R0', { action: 'sign' })
    // R2: filed at the period's first instant; signed one second after its 签收 deadline (end of Tuesday).
    await fileAt('R2', SH(d('09'), '00:00:00'), 'bob', parking('天河路有车辆长期占用人行道，行人只能走机动车道，请求帮助。', 'help', 1))
    await step(SH(d('09'), '09:20:00'), 'hotline-1', 'R2', { action: 'accept' })
    await step(SH(d('09'), '09:30:00'), 'hotline-1', 'R2', { action: 'dispatch', departmentCode: 'gz-police' })
    await step(SH(d('11'), '00:00:01'), 'police-1', 'R2', { action: 'sign' })
    await step(SH(d('12'), '10:00:00'), 'police-1', 'R2', { action: 'reply', note: '已安排交警清理占道车辆。' })
    await step(SH(d('13'), '10:00:00'), 'hotline-1', 'R2', { action: 'close' })
    await rate(SH(d('13'), '12:00:00'), 'bob', 'R2', { level: 2, resolved: false })
    // R1: signed at 23:59 on the deadline day (on time), closed on time, rated 5 and resolved.
    await fileAt('R1', SH(d('09'), '09:00:00'), 'alice', parking(complaint.content, 'complaint', 0))
    await step(SH(d('09'), '09:50:00'), 'hotline-1', 'R1', { action: 'accept' })
    await step(SH(d('09'), '10:00:00'), 'hotline-1', 'R1', { action: 'dispatch', departmentCode: 'gz-police' })
    await step(SH(d('10'), '23:59:00'), 'police-1', 'R1', { action: 'sign' })
    await step(SH(d('11'), '10:00:00'), 'police-1', 'R1', { action: 'reply', note: '已对违停车辆贴单并加装隔离桩。' })
    await step(SH(d('12'), '10:00:00'), 'hotline-1', 'R1', { action: 'close' })
    await rate(SH(d('13'), '09:00:00'), 'alice', 'R1', { level: 5, resolved: true })
    // R9: accepted, never dispatched: overdue (consult, 2 working days: end of Wednesday 11 November).
    await fileAt('R9', SH(d('09'), '10:00:00'), 'bob', { type: 'consult', category: 'social.insurance', content: '社保卡丢失后补办需要多长时间？', location: place('荔湾区') })
    await step(SH(d('09'), '10:05:00'), 'hotline-1', 'R9', { action: 'accept' })
    // R3: 人社 signs, replies and is closed the same day; rated 4 without answering 问题是否解决.
    await fileAt('R3', SH(d('10'), '10:00:00'), 'alice', { type: 'consult', category: 'social.insurance', content: '退休人员医保待遇如何申请？需要什么材料？', location: place('海珠区') })
    await step(SH(d('10'), '10:20:00'), 'hotline-1', 'R3', { action: 'accept' })
    await step(SH(d('10'), '10:30:00'), 'hotline-1', 'R3', { action: 'dispatch', departmentCode: 'gz-hrss' })
    await step(SH(d('10'), '11:00:00'), 'hrss-1', 'R3', { action: 'sign' })
    await step(SH(d('10'), '14:00:00'), 'hrss-1', 'R3', { action: 'reply', note: '携带身份证到社保窗口申请即可。' })
    await step(SH(d('10'), '15:00:00'), 'hotline-1', 'R3', { action: 'close' })
    await rate(SH(d('11'), '10:00:00'), 'alice', 'R3', { level: 4 })
    // R4: 城管 closes it a day late (consult due end of Thursday 12 November); 回访 3, resolved.
    await fileAt('R4', SH(d('10'), '10:00:00'), 'bob', { type: 'consult', category: 'urban.sanitation', content: '小区门口垃圾清运时间是几点？经常堆到中午。', location: place('越秀区') })
    await step(SH(d('10'), '10:20:00'), 'hotline-1', 'R4', { action: 'accept' })
    await step(SH(d('10'), '10:30:00'), 'hotline-1', 'R4', { action: 'dispatch', departmentCode: 'gz-urban-management' })
    await step(SH(d('10'), '12:00:00'), 'urban-1', 'R4', { action: 'sign' })
    await step(SH(d('13'), '09:00:00'), 'urban-1', 'R4', { action: 'reply', note: '垃圾清运调整为每天早上 8 点前完成。' })
    await step(SH(d('13'), '10:00:00'), 'hotline-1', 'R4', { action: 'close' })
    await step(SH(d('13'), '15:00:00'), 'hotline-1', 'R4', { action: 'revisit', level: 3, resolved: true })
    // R13: answered directly by the hotline (a closing with no department), on time, never rated.
    await fileAt('R13', SH(d('11'), '09:00:00'), 'alice', { type: 'consult', category: 'social.insurance', content: '社保缴费基数什么时候调整？', location: place('荔湾区') })
    await step(SH(d('11'), '09:30:00'), 'hotline-1', 'R13', { action: 'answer', note: '每年 7 月调整，具体以通知为准。' })
    // R5: 城管 signs on time and is still working on it (report: 15 working days).
    await fileAt('R5', SH(d('11'), '10:00:00'), 'alice', { type: 'report', category: 'urban.illegal-building', content: '白云区某村有人在楼顶加建铁皮房，存在安全隐患。', location: place('白云区') })
    await step(SH(d('11'), '10:20:00'), 'hotline-1', 'R5', { action: 'accept' })
    await step(SH(d('11'), '10:30:00'), 'hotline-1', 'R5', { action: 'dispatch', departmentCode: 'gz-urban-management' })
    await step(SH(d('11'), '11:00:00'), 'urban-1', 'R5', { action: 'sign' })
    // R10: refused (不予受理), no place.
    await fileAt('R10', SH(d('11'), '11:00:00'), 'alice', { type: 'complaint', category: 'traffic.parking', content: '想投诉一下我家门口总有车停，但不记得具体地址了。' })
    await step(SH(d('11'), '11:30:00'), 'hotline-1', 'R10', { action: 'refuse', note: '缺少具体地址，请补充后重新反映。' })
    // R6: police return it (not signed), then 城管 sign it on time; open past its deadline (end of 26 November).
    await fileAt('R6', SH(d('12'), '10:00:00'), 'bob', parking('建议在天河路增设临时停车位，缓解路边乱停车问题。', 'suggestion', 2))
    await step(SH(d('12'), '10:20:00'), 'hotline-1', 'R6', { action: 'accept' })
    await step(SH(d('12'), '10:30:00'), 'hotline-1', 'R6', { action: 'dispatch', departmentCode: 'gz-police' })
    await step(SH(d('12'), '11:00:00'), 'police-1', 'R6', { action: 'return', note: '停车位规划不属于本部门职责。' })
    await step(SH(d('12'), '12:00:00'), 'hotline-1', 'R6', { action: 'dispatch', departmentCode: 'gz-urban-management' })
    await step(SH(d('13'), '09:00:00'), 'urban-1', 'R6', { action: 'sign' })
    // R11, R12: filed, untouched (the 5th traffic.parking request near 天河路 makes the hotspot).
    await fileAt('R11', SH(d('12'), '15:00:00'), 'alice', parking('天河路 125 号门前又有车辆乱停，堵住了小区出入口。', 'complaint', 3))
    await fileAt('R12', SH(d('13'), '15:00:00'), 'bob', parking('天河路 121 号附近车辆乱停，消防通道被堵。', 'complaint', 4))
    // R7: the period's last minute; R8: the first instant after the period (left out).
    await fileAt('R7', SH(d('13'), '23:59:00'), 'alice', { type: 'help', category: 'other.general', content: '番禺区某路段路灯不亮，晚上出行不安全，请求帮助。', location: place('番禺区') })
    await fileAt('R8', SH(d('14'), '00:00:00'), 'bob', parking('天河路 123 号门口车辆乱停问题又出现了。', 'complaint', 5))
  }, 120_000)

  it('answers every figure of the period as computed by hand', async () => {
    const f = await get<Dashboard>(`/api/staff/dashboard?${PERIOD}&district=&department=`)
    const rate = (numerator: number, denominator: number) => ({ numerator, denominator, rate: denominator ? numerator / denominator : null })
    // Received (filed 9 Nov 00:00 – 13 Nov 24:00 Shanghai): R1 R2 R3 R4 R5 R6 R7 R9 R10 R11 R12 R13 = 12 (not R0, R8).
    expect(f.received).toBe(12)
    // consult R3 R4 R9 R13; help R2 R7; complaint R1 R10 R11 R12; report R5; suggestion R6.
    expect(f.byType).toEqual({ consult: 4, help: 2, complaint: 4, report: 1, suggestion: 1 })
    // 天河 R1 R2 R6 R11 R12; 海珠 R3; 越秀 R4; 白云 R5; 番禺 R7; 荔湾 R9 R13; R10 has no district.
    const districts = Object.fromEntries(f.byDistrict.map((x) => [x.district, x.received]))
    expect(districts).toEqual({ 越秀区: 1, 海珠区: 1, 荔湾区: 2, 天河区: 5, 白云区: 1, 黄埔区: 0, 番禺区: 1, 花都区: 0, 南沙区: 0, 从化区: 0, 增城区: 0 })
    // Open now: R5 R6 (signed), R7 R11 R12 (submitted), R9 (accepted) = 6; past their deadline: R6 (26 Nov), R9 (11 Nov).
    expect(f.open).toBe(6)
    expect(f.overdue).toBe(2)
    // 响应率: dispatches R0 R1 R2 R3 R4 R5 R6→police R6→urban = 8; signed by the end of the next working day:
    // R0 R1 (23:59) R3 R4 R5 R6→urban = 6 (R2 one second late, R6→police returned).
    expect(f.rates.response).toEqual(rate(6, 8))
    // 解决率: ratings answering it R1 (yes) R2 (no) R4 回访 (yes) = 2 of 3 (R3 did not answer).
    expect(f.rates.resolution).toEqual(rate(2, 3))
    // 满意率: ratings R1 5, R2 2, R3 4, R4 3 → 5, 4, 3 are 3 of 4.
    expect(f.rates.satisfaction).toEqual(rate(3, 4))
    // 按时办结率: closings R1 R2 R3 R13 (answer) on time, R4 late = 4 of 5.
    expect(f.rates.onTime).toEqual(rate(4, 5))
    expect(f.closed).toBe(5)

    expect(f.departments).toEqual([
      // 人社: R3 signed, closed on time, rated 4 (resolution not answered: left out of the score) → 1 → A.
      { department: 'gz-hrss', name: expect.any(String), dispatched: 1, closed: 1, overdue: 0, satisfied: 1,
        rates: { response: rate(1, 1), resolution: rate(0, 0), satisfaction: rate(1, 1), onTime: rate(1, 1) }, score: 1, grade: 'A' },
      // 公安: R0 R1 on time, R2 late, R6 returned (2/4); closed R1 R2 on time; rated R1 5 yes, R2 2 no
      // → (0.5 + 1 + 0.5 + 0.5) / 4 = 0.625 → D.
      { department: 'gz-police', name: expect.any(String), dispatched: 4, closed: 2, overdue: 0, satisfied: 1,
        rates: { response: rate(2, 4), resolution: rate(1, 2), satisfaction: rate(1, 2), onTime: rate(2, 2) }, score: 0.625, grade: 'D' },
      // 城管: R4 R5 R6 on time (3/3); R4 closed late (0/1); R4 回访 3 yes; holds R6, overdue → (1 + 0 + 1 + 1) / 4 = 0.75 → C.
      { department: 'gz-urban-management', name: expect.any(String), dispatched: 3, closed: 1, overdue: 1, satisfied: 1,
        rates: { response: rate(3, 3), resolution: rate(1, 1), satisfaction: rate(1, 1), onTime: rate(0, 1) }, score: 0.75, grade: 'C' },
    ])
    const deptNames = await world.db.query<{ code: string; name: string }>(
      "SELECT code, coalesce(short_name, name) AS name FROM departments WHERE code IN ('gz-hrss', 'gz-police', 'gz-urban-management') ORDER BY code",
    )
    expect(f.departments.map((x) => x.name)).toEqual(deptNames.rows.map((x) => x.name))

    const day = (date: string, received: number, dispatched: number, signedOnTime: number, closed: number, closedOnTime: number, rated: number, satisfied: number) =>
      ({ date, received, dispatched, signedOnTime, closed, closedOnTime, rated, satisfied })
    expect(f.trend).toEqual([
      day('2026-11-09', 3, 3, 2, 0, 0, 0, 0), // filed R2 R1 R9; dispatched R0 R2 R1 (R2 late)
      day('2026-11-10', 2, 2, 2, 1, 1, 0, 0), // filed R3 R4; dispatched R3 R4; closed R3
      day('2026-11-11', 3, 1, 1, 1, 1, 1, 1), // filed R13 R5 R10; dispatched R5; answered R13; R3 rated 4
      day('2026-11-12', 2, 2, 1, 1, 1, 0, 0), // filed R6 R11; R6 to police (returned) and to 城管; closed R1
      day('2026-11-13', 2, 0, 0, 2, 1, 3, 2), // filed R12 R7; closed R2, R4 (late); R1 5, R2 2, R4 3
    ])
    // Categories: traffic.parking R1 R2 R6 R10 R11 R12; social.insurance R3 R9 R13 (R0 in the 5 days before);
    // urban.sanitation R4; urban.illegal-building R5; other.general R7.
    const cat = (category: string, received: number, previous: number) => ({ category, label: expect.any(String), received, previous, growth: received - previous })
    expect(f.topCategories).toEqual([
      cat('traffic.parking', 6, 0), cat('social.insurance', 3, 1), cat('other.general', 1, 0), cat('urban.illegal-building', 1, 0), cat('urban.sanitation', 1, 0),
    ])
    expect(f.risingCategories.map((c) => [c.category, c.growth])).toEqual([
      ['traffic.parking', 6], ['social.insurance', 2], ['other.general', 1], ['urban.illegal-building', 1], ['urban.sanitation', 1],
    ])
    // Hotspot: R1 R2 R6 R11 R12, traffic.parking within 500 m (R10 has no place, R8 is after the period).
    expect(f.hotspots).toHaveLength(1)
    expect(f.hotspots[0]).toMatchObject({ category: 'traffic.parking', count: 5 })
    expect(f.hotspots[0].requests.map((x) => numbers[x.number]).sort()).toEqual(['R1', 'R11', 'R12', 'R2', 'R6'])
    expect({ from: f.from, to: f.to, department: f.department, district: f.district }).toEqual({ from: '2026-11-09', to: '2026-11-13', department: null, district: null })

    // The admin sees the same city.
    expect(await get<Dashboard>(`/api/staff/dashboard?${PERIOD}`, 'admin-1')).toEqual(f)
  })

  it('lists, for every figure, exactly the work orders it counts', async () => {
    const f = await get<Dashboard>(`/api/staff/dashboard?${PERIOD}`)
    const figure: Record<string, number> = {
      received: f.received, open: f.open, overdue: f.overdue, closed: f.closed,
      dispatched: f.rates.response.denominator, 'signed-on-time': f.rates.response.numerator,
      'closed-on-time': f.rates.onTime.numerator, rated: f.rates.satisfaction.denominator, satisfied: f.rates.satisfaction.numerator,
      'resolution-answered': f.rates.resolution.denominator, resolved: f.rates.resolution.numerator,
    }
    for (const [metric, n] of Object.entries(figure)) {
      const page = await get<DrillPage>(`/api/staff/dashboard/requests?metric=${metric}&${PERIOD}&pageSize=100`)
      expect([metric, page.total, page.items.length]).toEqual([metric, n, n])
    }
    const drill = (qs: string, who = 'hotline-1') => get<DrillPage>(`/api/staff/dashboard/requests?${PERIOD}&pageSize=100&${qs}`, who)
    expect(names(await drill('metric=overdue'))).toEqual(['R6', 'R9'])
    expect(names(await drill('metric=signed-on-time'))).toEqual(['R0', 'R1', 'R3', 'R4', 'R5', 'R6'])
    expect(names(await drill('metric=closed-on-time'))).toEqual(['R1', 'R13', 'R2', 'R3'])
    expect(names(await drill('metric=resolved'))).toEqual(['R1', 'R4'])
    // R6 counted twice among dispatches: once for each department, each named.
    const dispatched = await drill('metric=dispatched&department=gz-police')
    expect(names(dispatched)).toEqual(['R0', 'R1', 'R2', 'R6'])
    expect(new Set(dispatched.items.map((i) => i.departmentCode))).toEqual(new Set(['gz-police']))
    // From a district on the map and a type: the complaints received in 天河区.
    expect(names(await drill(`metric=received&district=${encodeURIComponent('天河区')}&type=complaint`))).toEqual(['R1', 'R11', 'R12'])
    // Paging: newest step first, the total unchanged.
    const p2 = await get<DrillPage>(`/api/staff/dashboard/requests?metric=received&${PERIOD}&page=2&pageSize=5`)
    expect([p2.total, p2.items.length, p2.page]).toEqual([12, 5, 2])
    // By filing time: R7 R12 R11 R6 R10 | R5 R13 R4 R3 (same minute as R4, an earlier number) R9 | R1 R2.
    expect(p2.items.map((i) => numbers[i.number])).toEqual(['R5', 'R13', 'R4', 'R3', 'R9'])
  })

  it('limits a department clerk to their department, and refuses another one with 403', async () => {
    // Police: received R1 R2 R6 (dispatched to it; R0 filed before the period); none open in its hands.
    const f = await get<Dashboard>(`/api/staff/dashboard?${PERIOD}`, 'police-1')
    expect(f.department).toBe('gz-police')
    expect([f.received, f.byType, f.open, f.overdue, f.closed]).toEqual([3, { consult: 0, help: 1, complaint: 1, report: 0, suggestion: 1 }, 0, 0, 2])
    expect(f.rates).toEqual({
      response: { numerator: 2, denominator: 4, rate: 0.5 },
      resolution: { numerator: 1, denominator: 2, rate: 0.5 },
      satisfaction: { numerator: 1, denominator: 2, rate: 0.5 },
      onTime: { numerator: 2, denominator: 2, rate: 1 },
    })
    expect(f.departments.map((d) => [d.department, d.grade])).toEqual([['gz-police', 'D']])
    expect(f.hotspots).toEqual([]) // 3 of the 5 near 天河路 were the police's
    expect(await get<Dashboard>(`/api/staff/dashboard?${PERIOD}&department=gz-police`, 'police-1')).toEqual(f)
    // 城管 holds R6, overdue; the drill-down lands on it.
    const urban = await get<Dashboard>(`/api/staff/dashboard?${PERIOD}`, 'urban-1')
    expect([urban.received, urban.open, urban.overdue]).toEqual([3, 2, 1]) // R4 R5 R6; open R5 R6; overdue R6
    expect(names(await get<DrillPage>(`/api/staff/dashboard/requests?metric=overdue&${PERIOD}`, 'urban-1'))).toEqual(['R6'])

    for (const url of [`/api/staff/dashboard?${PERIOD}&department=gz-urban-management`, `/api/staff/dashboard/requests?metric=received&department=gz-hrss`]) {
      const body = await get<{ code: string; message: string }>(url, 'police-1', 403)
      expect(body.code).toBe('DEPARTMENT_FORBIDDEN')
      expect(body.message).toMatch(CHINESE)
    }
    // The hotline may ask for any department.
    expect((await get<Dashboard>(`/api/staff/dashboard?${PERIOD}&department=gz-urban-management`)).received).toBe(3)
  })

  it('counts Asia/Shanghai days: one second before midnight is the day before', async () => {
    // 8 November: R0 filed at 23:59:59 (its dispatch, sign and the rest fall on 9 November).
    const before = await get<Dashboard>('/api/staff/dashboard?from=2026-11-08&to=2026-11-08')
    expect([before.received, before.rates.response.denominator, before.trend.length]).toEqual([1, 0, 1])
    // 14 November: R8 filed at 00:00:00.
    const after = await get<Dashboard>('/api/staff/dashboard?from=2026-11-14&to=2026-11-14')
    expect([after.received, after.byType.complaint, after.closed]).toEqual([1, 1, 0])
    // 9 November alone: R2 (00:00:00), R1, R9; R0's dispatch and sign that morning count for the day.
    const first = await get<Dashboard>('/api/staff/dashboard?from=2026-11-09&to=2026-11-09')
    expect([first.received, first.rates.response]).toEqual([3, { numerator: 2, denominator: 3, rate: 2 / 3 }])
    // No period: the 30 days to today (29 October – 27 November), which hold all 14 requests.
    const dflt = await get<Dashboard>('/api/staff/dashboard')
    expect([dflt.from, dflt.to, dflt.received, dflt.trend.length]).toEqual(['2026-10-29', '2026-11-27', 14, 30])
  })

  it('keeps 问题是否解决 with the rating the resident and the staff see', async () => {
    now = ASKED
    expect((await ok<RequestDetail>(mine('alice', R.R1))).rating).toMatchObject({ level: 5, resolved: true })
    expect((await ok<RequestDetail>(mine('alice', R.R3))).rating).not.toHaveProperty('resolved')
    expect((await ok<StaffRequestDetail>(view('hotline-1', R.R4))).rating).toMatchObject({ level: 3, resolved: true })
  })

  it('gives the same figures from update rows written before migration 015, once it has filled in their facts', async () => {
    // This dataset has no holiday and no 重办, where the backfill's approximations would differ (see the migration).
    const before = await get<Dashboard>(`/api/staff/dashboard?${PERIOD}`)
    const byPolice = await get<Dashboard>(`/api/staff/dashboard?${PERIOD}`, 'police-1')
    await world.db.query(`UPDATE request_updates SET data = data - 'signDeadline' - 'handledBy' - 'deadline' WHERE action <> 'approve-extension'`)
    expect((await get<Dashboard>(`/api/staff/dashboard?${PERIOD}`)).rates.response.numerator).toBe(0)
    const sql = (await listMigrations()).find((m) => m.version === 15)?.sql ?? ''
    for (const statement of sql.split(/;\s*\n/).filter((x) => /^UPDATE/m.test(x))) {
      await world.db.exec(statement.slice(statement.search(/^UPDATE/m)))
    }
    expect(await get<Dashboard>(`/api/staff/dashboard?${PERIOD}`)).toEqual(before)
    expect(await get<Dashboard>(`/api/staff/dashboard?${PERIOD}`, 'police-1')).toEqual(byPolice)
  })

  it('answers bad query input with 400 {code, message} in Chinese, and needs a staff session', async () => {
    const bad: [string, string][] = [
      ['from=2026-13-01&to=2026-11-13', 'PERIOD_INVALID'],
      ['from=2026-02-30&to=2026-03-01', 'PERIOD_INVALID'],
      ['from=2026-11-13&to=2026-11-09', 'PERIOD_INVALID'],
      ['from=2025-01-01&to=2026-11-13', 'PERIOD_INVALID'],
      ['from=2026/11/09', 'VALIDATION_FAILED'],
      ['type=praise', 'VALIDATION_FAILED'],
      ['department=GZ%20police', 'VALIDATION_FAILED'],
      ['district=%E5%A4%A9%00', 'VALIDATION_FAILED'],
    ]
    for (const [qs, code] of bad) {
      const body = await get<{ code: string; message: string }>(`/api/staff/dashboard?${qs}`, 'hotline-1', 400)
      expect([qs, body.code]).toEqual([qs, code])
      expect(body.message).toMatch(CHINESE)
    }
    for (const qs of ['metric=everything', `${PERIOD}`, 'metric=received&page=0', 'metric=received&pageSize=1000']) {
      const body = await get<{ code: string; message: string }>(`/api/staff/dashboard/requests?${qs}`, 'hotline-1', 400)
      expect([qs, body.code]).toEqual([qs, 'VALIDATION_FAILED'])
      expect(body.message).toMatch(CHINESE)
    }
    expect((await world.api.request(`/api/staff/dashboard?${PERIOD}`)).statusCode).toBe(401)
    const resident = await world.api.request({ url: `/api/staff/dashboard?${PERIOD}`, headers: as('alice') })
    expect([resident.statusCode, resident.json<{ message: string }>().message]).toEqual([403, expect.stringMatching(CHINESE)])
  })

  // A week in October, apart from the November dataset (nothing it counts moves): a 7-day default rating and an upheld
  // appeal, written as the ratings interface says ('rate' with data.default when the 7 days ran out; 'rating-excluded').
  describe('the ratings interface: 7-day default ratings and upheld appeals', () => {
    const OCTOBER = 'from=2026-10-19&to=2026-10-28'
    const d = (day: string) => `2026-10-${day}`
    let q2Rating = 0 // the update row of Q2's rating

    beforeAll(async () => {
      // Q1: 人社, closed Monday 19 October on time, never rated → 基本满意 by default on 26 October 15:00.
      await fileAt('Q1', SH(d('19'), '09:00:00'), 'alice', { type: 'consult', category: 'social.insurance', content: '失业保险金怎么申领？', location: place('海珠区') })
      await step(SH(d('19'), '09:10:00'), 'hotline-1', 'Q1', { action: 'accept' })
      await step(SH(d('19'), '09:20:00'), 'hotline-1', 'Q1', { action: 'dispatch', departmentCode: 'gz-hrss' })
      await step(SH(d('19'), '10:00:00'), 'hrss-1', 'Q1', { action: 'sign' })
      await step(SH(d('19'), '14:00:00'), 'hrss-1', 'Q1', { action: 'reply', note: '可在粤省事申领。' })
      await step(SH(d('19'), '15:00:00'), 'hotline-1', 'Q1', { action: 'close' })
      const due = SH(d('26'), '15:00:00')
      await world.db.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO request_updates (request_id, action, from_status, to_status, actor_kind, actor_role, data, visible_to_resident, created_at)
           VALUES ($1, 'rate', 'closed', 'rated', 'system', 'system', $2, true, $3)`,
          [R.Q1, { level: 3, default: true, handledBy: 'gz-hrss' }, due],
        )
        await tx.query(`UPDATE requests SET status = 'rated', rating_level = 3, rated_at = $2 WHERE id = $1`, [R.Q1, due]) // (+ rating_default, 017)
      })
      // Q2: 公安, closed on time, rated 1 and not resolved — the rating the department's appeal will exclude.
      await fileAt('Q2', SH(d('19'), '10:00:00'), 'alice', { type: 'complaint', category: 'traffic.parking', content: '天河路 130 号门口有车辆长期乱停。', location: tianhe(6) })
      await step(SH(d('19'), '10:10:00'), 'hotline-1', 'Q2', { action: 'accept' })
      await step(SH(d('19'), '10:20:00'), 'hotline-1', 'Q2', { action: 'dispatch', departmentCode: 'gz-police' })
      await step(SH(d('19'), '11:00:00'), 'police-1', 'Q2', { action: 'sign' })
      await step(SH(d('20'), '10:00:00'), 'police-1', 'Q2', { action: 'reply', note: '已处理。' })
      await step(SH(d('20'), '11:00:00'), 'hotline-1', 'Q2', { action: 'close' })
      await rate(SH(d('20'), '12:00:00'), 'alice', 'Q2', { level: 1, resolved: false })
      q2Rating = Number((await world.db.query<{ id: string }>(`SELECT id FROM request_updates WHERE request_id = $1 AND action = 'rate'`, [R.Q2])).rows[0].id)
      // Q3: 公安, closed on time, rated 5 and resolved.
      await fileAt('Q3', SH(d('20'), '09:00:00'), 'bob', { type: 'consult', category: 'traffic.parking', content: '小区周边哪里可以临时停车？', location: place('越秀区') })
      await step(SH(d('20'), '09:10:00'), 'hotline-1', 'Q3', { action: 'accept' })
      await step(SH(d('20'), '09:20:00'), 'hotline-1', 'Q3', { action: 'dispatch', departmentCode: 'gz-police' })
      await step(SH(d('20'), '10:00:00'), 'police-1', 'Q3', { action: 'sign' })
      await step(SH(d('20'), '15:00:00'), 'police-1', 'Q3', { action: 'reply', note: '附近停车场已开放。' })
      await step(SH(d('20'), '16:00:00'), 'hotline-1', 'Q3', { action: 'close' })
      await rate(SH(d('21'), '09:00:00'), 'bob', 'Q3', { level: 5, resolved: true })
    }, 120_000)

    it('counts the default rating in 满意率 with defaults, and an upheld appeal takes its rating out of 满意率 and 解决率', async () => {
      const rate = (numerator: number, denominator: number) => ({ numerator, denominator, rate: denominator ? numerator / denominator : null })
      // Before the appeal: ratings Q1 3 (default), Q2 1, Q3 5 → 2 of 3 satisfied; 问题是否解决 answered by Q2 (no), Q3 (yes).
      const before = await get<Dashboard>(`/api/staff/dashboard?${OCTOBER}`)
      expect(before.rates.satisfaction).toEqual({ ...rate(2, 3), defaults: 1 })
      expect(before.rates.resolution).toEqual(rate(1, 2))
      // The appeal against Q2's rating is upheld on 22 October.
      now = SH(d('22'), '10:00:00')
      await world.db.query(
        `INSERT INTO request_updates (request_id, action, from_status, to_status, actor_kind, actor_role, data, visible_to_resident, created_at)
         VALUES ($1, 'rating-excluded', 'rated', 'rated', 'staff', 'admin', $2, false, $3)`,
        [R.Q2, { appealId: 'appeal-q2', ratingUpdateId: q2Rating }, now],
      )
      const f = await get<Dashboard>(`/api/staff/dashboard?${OCTOBER}`)
      // Received Q1 Q2 Q3; every dispatch signed on time and every closing on time.
      expect([f.received, f.byType.consult, f.byType.complaint, f.closed, f.rates.response, f.rates.onTime]).toEqual([3, 2, 1, 3, rate(3, 3), rate(3, 3)])
      // Ratings now Q1 3 (default) and Q3 5: 2 of 2, one of them a default; 解决率 Q3 only: 1 of 1.
      expect(f.rates.satisfaction).toEqual({ ...rate(2, 2), defaults: 1 })
      expect(f.rates.resolution).toEqual(rate(1, 1))
      // 人社: Q1's default; 公安: Q3 only (no default among its ratings: no defaults field).
      const byCode = Object.fromEntries(f.departments.map((x) => [x.department, x.rates]))
      expect([byCode['gz-hrss'].satisfaction, byCode['gz-hrss'].resolution]).toEqual([{ ...rate(1, 1), defaults: 1 }, rate(0, 0)])
      expect([byCode['gz-police'].satisfaction, byCode['gz-police'].resolution]).toEqual([rate(1, 1), rate(1, 1)])
      // The trend puts Q1's default on 26 October, when the 7 days ran out; Q2's rating no longer counts on the 20th.
      const trend = Object.fromEntries(f.trend.map((x) => [x.date, [x.rated, x.satisfied]]))
      expect([trend['2026-10-20'], trend['2026-10-21'], trend['2026-10-26']]).toEqual([[0, 0], [1, 1], [1, 1]])
      // The police clerk sees the same exclusion.
      expect((await get<Dashboard>(`/api/staff/dashboard?${OCTOBER}`, 'police-1')).rates.satisfaction).toEqual(rate(1, 1))
    })

    it('lists in the drill-downs exactly the ratings the figures count', async () => {
      const drill = async (metric: string, who = 'hotline-1') => names(await get<DrillPage>(`/api/staff/dashboard/requests?metric=${metric}&${OCTOBER}&pageSize=100`, who))
      expect([await drill('rated'), await drill('satisfied'), await drill('rated-default')]).toEqual([['Q1', 'Q3'], ['Q1', 'Q3'], ['Q1']])
      expect([await drill('resolution-answered'), await drill('resolved'), await drill('rated', 'police-1')]).toEqual([['Q3'], ['Q3'], ['Q3']])
      // The excluded rating stays in the record: the request still shows it.
      expect((await ok<StaffRequestDetail>(view('hotline-1', R.Q2))).rating).toMatchObject({ level: 1, resolved: false })
    })
  })
})
