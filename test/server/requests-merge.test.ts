// 并案: a merged request follows a chain of merges to its root (its resident sees and hears about the root's steps);
// merging into a merged request or making a cycle is refused, also when two dispatchers merge at once.
import type { FiledRequest, RequestDetail, StaffRequestDetail } from '@contract/request'
import type { Db } from '../../server/db'
import { databases } from './helpers'
import { requestsSuite, START } from './requests-support'

describe.each(databases())('12345 requests: merging on $name', ({ open }) => {
  let now = START
  const { world, ids, resident, staff, file, mine, residentDo, view, act, ok, snapshot } = requestsSuite(open, () => now)
  let db: Db
  beforeAll(async () => {
    db = world.db
  })

  it('lets a merged request follow a chain of merges to its root, refuses merging into a merged request or a cycle', async () => {
    now = new Date('2026-11-13T02:00:00Z')
    await resident('carol', '13700137000')
    const content = '东风路口信号灯坏了好几天，早晚高峰堵得很厉害，请尽快修复。'
    const P = (await ok<FiledRequest>(file('carol', { type: 'help', content }), 201))
    const Q = (await ok<FiledRequest>(file('alice', { type: 'help', content: `${content}（二）` }), 201))
    const R = (await ok<FiledRequest>(file('alice', { type: 'complaint', content: `${content}（三）` }), 201))
    const tick = (minutes: number) => (now = new Date(now.getTime() + minutes * 60_000))

    tick(1)
    await ok(act('hotline-1', P.id, { action: 'accept' }))
    tick(1)
    await ok(act('hotline-1', P.id, { action: 'merge', targetId: Q.id }))
    // Not into a merged request: the refusal names the request to merge into instead, and changes nothing.
    const before = await snapshot(R.id)
    const into = await act('hotline-1', R.id, { action: 'merge', targetId: P.id })
    expect(into.statusCode).toBe(409)
    expect(into.json()).toEqual({ code: 'MERGE_TARGET_INVALID', message: `${P.number} 已并入 ${Q.number}，不能再作为并案对象，请直接并入 ${Q.number}` })
    expect(await snapshot(R.id)).toEqual(before)

    tick(1)
    await ok(act('hotline-1', Q.id, { action: 'accept' }))
    tick(1)
    // Q (with P following it) is merged into R: P now follows R.
    const q = await ok<StaffRequestDetail>(act('hotline-1', Q.id, { action: 'merge', targetId: R.id }))
    expect(q).toMatchObject({ status: 'merged', mergedInto: { id: R.id, number: R.number } })
    tick(1)
    await ok(act('hotline-1', R.id, { action: 'accept' }))
    // A cycle (R is still mergeable): R into Q (which is merged into R) is refused.
    const cycle = await act('hotline-1', R.id, { action: 'merge', targetId: Q.id })
    expect(cycle.statusCode).toBe(409)
    expect(cycle.json<{ message: string }>().message).toBe(`${Q.number} 已并入 ${R.number}，不能再作为并案对象`)

    tick(1)
    await ok(act('hotline-1', R.id, { action: 'dispatch', departmentCode: 'gz-police' }))

    // Carol's request shows R's status, and the steps of Q and then R since each merge.
    const p = await ok<RequestDetail>(mine('carol', P.id))
    expect(p).toMatchObject({ status: 'merged', mergedInto: { number: R.number, status: 'dispatched', statusLabel: '已派单' }, can: { supplement: false, urge: false } })
    expect(p.timeline.map((t) => [t.action, t.viaNumber ?? null])).toEqual([
      ['file', null],
      ['accept', null],
      ['merge', null],
      ['accept', Q.number],
      ['merge', Q.number],
      ['accept', R.number],
      ['dispatch', R.number],
    ])
    expect(p.timeline[4]).toMatchObject({ relatedNumber: R.number, actor: { kind: 'hotline' } })
    expect(p.timeline[6]).toMatchObject({ departmentName: '市公安局' })
    // Carol heard about R's dispatch too.
    const notices = await db.query<{ data: { number: string; status: string; note?: string } }>(
      `SELECT data FROM outbox WHERE template = 'request_status' AND user_id = $1 ORDER BY id`,
      [ids.carol],
    )
    expect(notices.rows.at(-1)?.data).toMatchObject({ number: P.number, status: '已派单', note: `已并入 ${R.number} 办理` })

    // R's handlers see everyone following it; nobody can act on P any more.
    expect((await ok<StaffRequestDetail>(view('hotline-1', R.id))).merged.map((m) => m.number)).toEqual([P.number, Q.number])
    const staffP = await ok<StaffRequestDetail>(view('hotline-1', P.id))
    expect(staffP.actions).toEqual([])
    for (const body of [{ action: 'accept' }, { action: 'dispatch', departmentCode: 'gz-police' }, { action: 'supervise' }, { action: 'merge', targetId: R.id }]) {
      const res = await act('hotline-1', P.id, body)
      expect(res.statusCode).toBe(409)
    }
    expect((await residentDo('carol', P.id, 'supplement', { note: '早上八点最堵' })).statusCode).toBe(409)

    // Two dispatchers merging two requests into each other at once: one wins, the other is refused, no cycle.
    const S = await ok<FiledRequest>(file('alice', { type: 'help', content: `${content}（四）` }), 201)
    const T = await ok<FiledRequest>(file('alice', { type: 'help', content: `${content}（五）` }), 201)
    await staff('hotline-3', 'dispatcher', '周派单', null)
    const [a, b] = await Promise.all([act('hotline-1', S.id, { action: 'merge', targetId: T.id }), act('hotline-3', T.id, { action: 'merge', targetId: S.id })])
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409])
    const rows = await db.query<{ status: string; merged_into: string | null }>('SELECT status, merged_into FROM requests WHERE id = ANY($1::uuid[])', [[S.id, T.id]])
    expect(rows.rows.filter((x) => x.status === 'merged')).toHaveLength(1)
    expect(rows.rows.filter((x) => x.merged_into === null)).toHaveLength(1)
  })
})
