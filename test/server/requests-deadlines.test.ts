// 12345 deadlines: the resident's 补充 and 催办 once the deadline has passed, and the deadline job's 临期预警 and 督办
// for the close deadline and the 1-working-day dispatch deadline, raised once with two nodes running the job.
import type { FiledRequest, RequestDetail, StaffRequestDetail, StaffRequestPage } from '@contract/request'
import type { App } from '../../server/app'
import type { Db } from '../../server/db'
import { databases } from './helpers'
import { requestsSuite, START } from './requests-support'

describe.each(databases())('12345 requests: deadlines on $name', ({ open }) => {
  let now = START
  const { world, file, mine, residentDo, view, act, queue, ok, upload } = requestsSuite(open, () => now)
  let db: Db
  let app: App
  let node2: App
  beforeAll(async () => {
    db = world.db
    app = world.app
    node2 = world.node2
  })

  it('lets the resident add information and urge once the deadline has passed', async () => {
    now = new Date('2026-10-21T03:00:00Z')
    const r = await ok<FiledRequest>(file('alice', { type: 'consult', content: '请问新生儿医保怎么办理，需要哪些材料？' }), 201)
    expect(r.deadline).toBe('2026-10-23T16:00:00.000Z')
    const photo = await upload('alice')
    const d = await ok<RequestDetail>(residentDo('alice', r.id, 'supplement', { note: '孩子户口在番禺区', photos: [photo.id] }))
    expect(d.timeline.at(-1)).toMatchObject({ action: 'supplement', note: '孩子户口在番禺区', actor: { name: '我' }, photos: [{ id: photo.id }] })
    const early = await residentDo('alice', r.id, 'urge')
    expect(early.json()).toEqual({ code: 'URGE_NOT_ALLOWED', message: '尚未超过办理时限，超期后才能催办' })
    now = new Date('2026-10-23T16:00:01Z')
    const urged = await ok<RequestDetail>(residentDo('alice', r.id, 'urge', {}))
    expect(urged).toMatchObject({ overdue: true, can: { urge: false } })
    expect((await residentDo('alice', r.id, 'urge')).json<{ message: string }>().message).toBe('已催办，24 小时内不能重复催办')
    const staffView = await ok<StaffRequestDetail>(view('hotline-1', r.id))
    expect(staffView.urgeCount).toBe(1)
  })

  it('warns at 80 % and raises 督办 when overdue, once, with two nodes running the job', async () => {
    now = new Date('2026-11-02T02:00:00Z') // Monday 10:00
    const r = await ok<FiledRequest>(file('alice', { type: 'consult', content: '公积金贷款额度怎么计算，有没有上限？' }), 201)
    expect(r.deadline).toBe('2026-11-04T16:00:00.000Z')
    // Dispatched at once, so only the close deadline runs here (the dispatch deadline has its own test below).
    await ok(act('hotline-1', r.id, { action: 'accept' }))
    await ok(act('hotline-1', r.id, { action: 'dispatch', departmentCode: 'gz-police' }))
    const run = async () => Promise.all([app.jobs.run('requests.deadlines'), node2.jobs.run('requests.deadlines')])
    const count = async (action: string) =>
      (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM request_updates WHERE request_id = $1 AND action = $2`, [r.id, action])).rows[0].n
    await run()
    expect(await count('warn')).toBe(0)
    // 80 % of 2 working days from Monday 10:00 (14 h left of Monday + 24 h of Tuesday + 24 h of Wednesday = 62 h) → 49.6 h in.
    now = new Date('2026-11-04T03:36:00Z')
    await run()
    await run()
    expect(await count('warn')).toBe(1)
    const item = (await ok<StaffRequestPage>(queue('hotline-1', '?queue=all'))).items.find((i) => i.id === r.id)
    expect(item).toMatchObject({ warning: true, supervised: false, overdue: false })
    now = new Date('2026-11-04T16:00:01Z')
    await run()
    await run()
    expect(await count('supervise')).toBe(1)
    const overdue = await ok<StaffRequestPage>(queue('hotline-1', '?queue=all&overdue=true'))
    expect(overdue.items.find((i) => i.id === r.id)).toMatchObject({ supervised: true, overdue: true })
    const d = await ok<RequestDetail>(mine('alice', r.id))
    expect(d.timeline.at(-1)).toMatchObject({ action: 'supervise', actor: { kind: 'system', name: '系统' } })
    expect(d.timeline.map((t) => t.action)).not.toContain('warn')
    // A dispatcher may raise 督办 too.
    expect((await ok<StaffRequestDetail>(act('hotline-1', r.id, { action: 'supervise', note: '请今日内办结' }))).supervised).toBe(true)
  })

  it('warns at 80 % of the 1-working-day dispatch time and raises 督办 when not dispatched in time, once on two nodes', async () => {
    now = new Date('2026-11-09T02:00:00Z') // Monday 10:00
    const r = await ok<FiledRequest>(file('alice', { type: 'help', content: '小区二期 3 栋电梯经常停运，老人上下楼很困难。' }), 201)
    const run = async () => Promise.all([app.jobs.run('requests.deadlines'), node2.jobs.run('requests.deadlines')])
    const count = async (action: string) =>
      (
        await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM request_updates WHERE request_id = $1 AND action = $2 AND data->>'stage' = 'dispatch'`,
          [r.id, action],
        )
      ).rows[0].n
    const item = async (qs = '') => (await ok<StaffRequestPage>(queue('hotline-1', `${qs || '?'}&pageSize=100`))).items.find((i) => i.id === r.id)
    // To dispatch by the end of the next working day (Tuesday): 14 h of Monday + 24 h of Tuesday = 38 h; 80 % = 30.4 h.
    expect(await item()).toMatchObject({ dispatchDeadline: '2026-11-10T16:00:00.000Z', warning: false, overdue: false })
    now = new Date('2026-11-10T08:23:59Z')
    await run()
    expect(await count('warn')).toBe(0)
    expect(await item()).toMatchObject({ warning: false })
    now = new Date('2026-11-10T08:24:00Z') // Tuesday 16:24
    await run()
    await run()
    expect(await count('warn')).toBe(1)
    expect(await item()).toMatchObject({ warning: true, overdue: false, supervised: false })
    let s = await ok<StaffRequestDetail>(view('hotline-1', r.id))
    expect(s.timeline.at(-1)).toMatchObject({
      action: 'warn',
      actionLabel: '临期预警',
      note: '已用去 80% 的派单时限，请尽快受理派单',
      actor: { kind: 'system', name: '系统' },
      visibleToResident: false,
    })
    expect((await ok<RequestDetail>(mine('alice', r.id))).timeline.map((t) => t.action)).toEqual(['file'])

    // Accepted is not dispatched: the clock keeps running.
    now = new Date('2026-11-10T10:00:00Z')
    await ok(act('hotline-1', r.id, { action: 'accept' }))
    expect((await ok<StaffRequestPage>(queue('hotline-1', '?overdue=true'))).items.map((i) => i.id)).not.toContain(r.id)
    now = new Date('2026-11-10T16:00:01Z')
    await run()
    await run()
    expect(await count('supervise')).toBe(1)
    expect(await count('warn')).toBe(1)
    expect(await item('?overdue=true')).toMatchObject({ status: 'accepted', overdue: true, supervised: true })
    expect(await item('?overdue=false')).toBeUndefined()
    s = await ok<StaffRequestDetail>(view('hotline-1', r.id))
    expect(s.timeline.at(-1)).toMatchObject({ action: 'supervise', note: '超过派单时限仍未派单，系统自动督办', actor: { kind: 'system' }, visibleToResident: true })
    const d = await ok<RequestDetail>(mine('alice', r.id))
    expect(d.overdue).toBe(false) // 10 working days to close are far from over
    expect(d.timeline.at(-1)).toMatchObject({ action: 'supervise', actor: { kind: 'system', name: '系统' } })

    // Dispatched: no longer overdue, nothing more raised.
    now = new Date('2026-11-11T01:00:00Z')
    await ok(act('hotline-1', r.id, { action: 'dispatch', departmentCode: 'gz-urban-management' }))
    await run()
    expect(await count('supervise')).toBe(1)
    expect((await ok<StaffRequestPage>(queue('hotline-1', '?queue=all&overdue=true'))).items.map((i) => i.id)).not.toContain(r.id)
    expect(await item('?queue=all')).toMatchObject({ status: 'dispatched', overdue: false, warning: false })

    // 退单 gives the hotline a new dispatch clock from the return, warned about and supervised again.
    now = new Date('2026-11-11T02:00:00Z') // Wednesday 10:00
    s = await ok(act('urban-1', r.id, { action: 'return', note: '电梯属市场监管部门职责' }))
    s = await ok(view('hotline-1', r.id))
    expect(s).toMatchObject({ status: 'returned', dispatchDeadline: '2026-11-12T16:00:00.000Z', overdue: false, warning: false })
    await run()
    expect(await count('warn')).toBe(1)
    now = new Date('2026-11-12T08:24:00Z')
    await run()
    await run()
    expect(await count('warn')).toBe(2)
    now = new Date('2026-11-12T16:00:01Z')
    await run()
    await run()
    expect(await count('supervise')).toBe(2)
    expect(await item('?status=returned&overdue=true')).toMatchObject({ overdue: true, supervised: true })
  })
})
