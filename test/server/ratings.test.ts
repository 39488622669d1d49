// 好差评 on PGlite and PostgreSQL: the hall-visit walk (不满意 → 整改 in the department's queue → 回访 and result → the
// resident sees it and confirms), the refusals (409/404/400, never a 5xx), the 7-day default by the job with the clock
// injected (a hall visit and a 12345 request, as the dashboard's interface says), a request 差评's 整改, appeals
// upheld and rejected and what GET /api/public/ratings shows, and erasure.
import type { Appeal, AppointmentRating, PublicRatings, RatingFigures, RectificationList, StaffRectification, SubjectRectification } from '@contract/ratings'
import { addWorkingDays } from '@domain/calendar'
import { ratingsAccountHooks } from '../../server/modules/ratings/resident-data'
import { databases } from './helpers'
import { HALL, START, ratingsSuite } from './ratings-support'

const HOUR = 3600_000
const DAY = 24 * HOUR

describe.each(databases().map((d) => [d.name, d] as const))('好差评 on %s', (_name, database) => {
  const { world, ids, get, post, ok, visit, closedRequest, rateBody } = ratingsSuite(database.open)
  const run = () => world.app.jobs.run('ratings.defaults') as Promise<{ visitDefaults: number; applicationDefaults: number; requestDefaults: number; requestRectifications: number }>
  const figures = async () => ok<PublicRatings>(get(null, '/api/public/ratings'))
  const hallFigures = async (): Promise<RatingFigures> => (await figures()).halls.find((h) => h.id === HALL)!.figures
  const deptFigures = async (code: string): Promise<RatingFigures | undefined> => (await figures()).departments.find((d) => d.code === code)?.figures
  const count = async (sql: string, params: unknown[] = []) => (await world.db.query<{ n: number }>(sql, params)).rows[0].n

  beforeEach(() => {
    world.now = START
  })

  it('walks a 不满意 hall visit through 整改 to the resident confirming it', async () => {
    const id = await visit('alice', new Date(START.getTime() - HOUR))
    const before = await ok<AppointmentRating>(get('alice', `/api/appointments/${id}/rating`))
    expect(before).toMatchObject({ rateable: true, refusal: null, rating: null, rectification: null })

    const rated = await ok<AppointmentRating>(post('alice', `/api/appointments/${id}/rate`, rateBody(2, { resolved: false })), 201)
    expect(rated.rating).toMatchObject({ level: 2, levelLabel: '不满意', isDefault: false, resolved: false, indicators: { overall: 2, speed: 2, service: 2, attitude: 2 } })
    expect(rated.rateable).toBe(false)
    expect(rated.rectification).toMatchObject({ status: 'open', contact: null, result: null, verdict: null })
    // 5 working days from Monday 2 November: due at the end of Monday 9 November.
    expect(rated.rectification!.deadline).toBe(addWorkingDays(START, 5).toISOString())

    // One rating per visit.
    const again = await post('alice', `/api/appointments/${id}/rate`, rateBody(5))
    expect(again.statusCode).toBe(409)
    expect(again.json()).toMatchObject({ code: 'ALREADY_RATED' })

    // In the hall department's queue, with the comment but nothing that names the resident.
    const queue = await ok<RectificationList>(get('clerk', '/api/staff/rectifications'))
    const item = queue.items.find((i) => i.subject.id === id)!
    expect(item).toMatchObject({ subject: { kind: 'appointment' }, level: 2, hallName: '天河区政务服务中心', urgency: 'normal', urgencyLabel: '办理中' })
    expect(item.comment).toContain('一次性告知')
    expect(JSON.stringify(queue)).not.toContain(ids.alice)
    // Not in another department's queue, nor readable by it.
    expect((await ok<RectificationList>(get('police', '/api/staff/rectifications'))).items.some((i) => i.subject.id === id)).toBe(false)
    expect((await get('police', `/api/staff/rectifications/${item.id}`)).statusCode).toBe(404)

    // 临期 a day before the deadline, 超期 after it.
    world.now = new Date(new Date(item.deadline).getTime() - 2 * HOUR)
    expect((await ok<StaffRectification>(get('clerk', `/api/staff/rectifications/${item.id}`))).urgencyLabel).toBe('临期')
    world.now = new Date(new Date(item.deadline).getTime() + HOUR)
    expect((await ok<StaffRectification>(get('clerk', `/api/staff/rectifications/${item.id}`))).urgencyLabel).toBe('超期')
    world.now = new Date(START.getTime() + DAY)

    // The resident cannot confirm before it is done; the form refuses empty text and a future contact time.
    expect((await post('alice', `/api/rectifications/${item.id}/verdict`, { verdict: 'satisfied' })).json()).toMatchObject({ code: 'RECTIFICATION_STATE' })
    const record = { contactedAt: new Date(world.now.getTime() - HOUR).toISOString(), contactMethod: 'phone', contactSummary: '电话联系市民，致歉并说明一次性告知制度', result: '窗口人员已培训，材料清单张贴在窗口' }
    const blank = await post('clerk', `/api/staff/rectifications/${item.id}/record`, { ...record, result: '   ' })
    expect(blank.statusCode).toBe(400)
    expect(blank.json()).toMatchObject({ code: 'RECTIFY_INCOMPLETE', message: '请填写整改结果' })
    const future = await post('clerk', `/api/staff/rectifications/${item.id}/record`, { ...record, contactedAt: new Date(world.now.getTime() + HOUR).toISOString() })
    expect(future.json()).toMatchObject({ code: 'RECTIFY_INCOMPLETE' })
    expect((await post('police', `/api/staff/rectifications/${item.id}/record`, record)).statusCode).toBe(404)

    const done = await ok<StaffRectification>(post('clerk', `/api/staff/rectifications/${item.id}/record`, record))
    expect(done).toMatchObject({ status: 'done', result: record.result, contact: { method: 'phone', methodLabel: '电话', summary: record.contactSummary }, urgencyLabel: '已整改' })
    expect((await post('clerk', `/api/staff/rectifications/${item.id}/record`, record)).json()).toMatchObject({ code: 'RECTIFICATION_STATE' })
    expect(await count(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'rating.rectify' AND target = $1`, [`rectification:${item.id}`])).toBe(1)

    // The resident sees it on the appointment's page and confirms; only once, only their own.
    const seen = await ok<AppointmentRating>(get('alice', `/api/appointments/${id}/rating`))
    expect(seen.rectification).toMatchObject({ status: 'done', result: record.result, contact: { summary: record.contactSummary } })
    expect((await post('bob', `/api/rectifications/${item.id}/verdict`, { verdict: 'unsatisfied' })).statusCode).toBe(404)
    const verdict = await ok<{ verdict: string }>(post('alice', `/api/rectifications/${item.id}/verdict`, { verdict: 'satisfied' }))
    expect(verdict.verdict).toBe('satisfied')
    expect((await post('alice', `/api/rectifications/${item.id}/verdict`, { verdict: 'unsatisfied' })).statusCode).toBe(409)

    const hall = await hallFigures()
    expect(hall.bad).toBeGreaterThanOrEqual(1)
    expect(hall.rectified).toBe(hall.bad)
  })

  it('refuses what may not be rated, with 404 for what is not yours and never a 5xx', async () => {
    const booked = await visit('alice', new Date(START.getTime() + DAY), 'booked')
    const notIn = await post('alice', `/api/appointments/${booked}/rate`, rateBody(4))
    expect(notIn.statusCode).toBe(409)
    expect(notIn.json()).toMatchObject({ code: 'RATING_CLOSED', message: '只有已签到办理的预约可以评价' })

    const old = await visit('alice', new Date(START.getTime() - 8 * DAY))
    const late = await post('alice', `/api/appointments/${old}/rate`, rateBody(4))
    expect(late.statusCode).toBe(409)
    expect(late.json<{ message: string }>().message).toContain('7 天内')

    const fresh = await visit('alice', new Date(START.getTime() - HOUR))
    expect((await post('bob', `/api/appointments/${fresh}/rate`, rateBody(1))).statusCode).toBe(404)
    expect((await get('bob', `/api/appointments/${fresh}/rating`)).statusCode).toBe(404)
    expect((await post('alice', '/api/appointments/00000000-0000-4000-8000-000000000000/rate', rateBody(1))).statusCode).toBe(404)
    const photo = await post('alice', `/api/appointments/${fresh}/rate`, rateBody(1, { photo: '00000000-0000-4000-8000-000000000001' }))
    expect(photo.json()).toMatchObject({ code: 'PHOTO_INVALID' })
    for (const bad of [
      { level: 6, indicators: { overall: 1, speed: 1, service: 1, attitude: 1 } },
      { level: 3 },
      { ...rateBody(3), indicators: { overall: 0, speed: 1, service: 1, attitude: 1 } },
      { ...rateBody(3), comment: 'x'.repeat(501) },
      { ...rateBody(3), photo: 'not-a-uuid' },
    ]) {
      const res = await post('alice', `/api/appointments/${fresh}/rate`, bad)
      expect(res.statusCode).toBe(400)
    }
    expect((await post('alice', '/api/appointments/not-a-uuid/rate', rateBody(3))).statusCode).toBe(400)
    expect((await world.api.request({ method: 'POST', url: `/api/appointments/${fresh}/rate`, payload: rateBody(3) })).statusCode).toBe(401)
    // Nothing was written by any refusal.
    expect(await count(`SELECT count(*)::int AS n FROM ratings WHERE subject_id = $1`, [fresh])).toBe(0)
    expect((await post('hotline', '/api/staff/rating-appeals/00000000-0000-4000-8000-000000000000/decide', { upheld: true, note: '成立' })).statusCode).toBe(404)
    expect((await post('alice', '/api/staff/rating-appeals/00000000-0000-4000-8000-000000000000/decide', { upheld: true, note: '成立' })).statusCode).toBe(403)
    expect((await get('clerk', '/api/staff/rating-appeals')).statusCode).toBe(403)
    expect((await get(null, '/api/staff/rectifications?status=bogus')).statusCode).toBeLessThan(500)
  })

  it('gives 基本满意 by default 7 days after a hall visit and a 12345 request, dated when the window ran out', async () => {
    const endsAt = new Date(START.getTime() - 2 * DAY)
    const id = await visit('bob', endsAt)
    const requestId = await closedRequest('bob', false)
    const closedAt = (await world.db.query<{ closed_at: Date }>('SELECT closed_at FROM requests WHERE id = $1', [requestId])).rows[0].closed_at
    await run()
    expect(await count(`SELECT count(*)::int AS n FROM ratings WHERE subject_id = $1`, [id])).toBe(0)

    world.now = new Date(START.getTime() + 7 * DAY + 60_000)
    const result = await run()
    expect(result.visitDefaults).toBeGreaterThanOrEqual(1)
    expect(result.requestDefaults).toBeGreaterThanOrEqual(1)

    const view = await ok<AppointmentRating>(get('bob', `/api/appointments/${id}/rating`))
    expect(view.rating).toMatchObject({ level: 3, levelLabel: '基本满意', isDefault: true, at: new Date(endsAt.getTime() + 7 * DAY).toISOString() })
    expect(view.rectification).toBeNull()
    expect((await post('bob', `/api/appointments/${id}/rate`, rateBody(5))).json()).toMatchObject({ code: 'ALREADY_RATED' })

    // The request: the agreed row (action 'rate', data { level: 3, default: true, handledBy }) dated closed_at + 7 days.
    const rows = await world.db.query<{ action: string; data: Record<string, unknown>; created_at: Date; actor_kind: string }>(
      `SELECT action, data, created_at, actor_kind FROM request_updates WHERE request_id = $1 AND action = 'rate'`,
      [requestId],
    )
    expect(rows.rows).toHaveLength(1)
    expect(rows.rows[0]).toMatchObject({ action: 'rate', actor_kind: 'system', data: { level: 3, default: true, handledBy: null } })
    expect(rows.rows[0].created_at.toISOString()).toBe(new Date(closedAt.getTime() + 7 * DAY).toISOString())
    const req = (await world.db.query('SELECT status, rating_level, rating_default FROM requests WHERE id = $1', [requestId])).rows[0]
    expect(req).toEqual({ status: 'rated', rating_level: 3, rating_default: true })

    // Running again changes nothing.
    expect(await run()).toEqual({ visitDefaults: 0, applicationDefaults: 0, requestDefaults: 0, requestRectifications: 0 })
    const hall = await hallFigures()
    expect(hall.defaults).toBeGreaterThanOrEqual(1)
    expect(hall.byLevel.find((l) => l.level === 3)!.count).toBeGreaterThanOrEqual(hall.defaults)
  })

  it('opens a 整改 for a request 差评, and an upheld appeal takes the rating out of the figures but keeps it', async () => {
    const requestId = await closedRequest('alice')
    await ok(post('alice', `/api/requests/${requestId}/rate`, { level: 1, comment: '根本没人来处理', resolved: false }))
    expect((await run()).requestRectifications).toBe(1)
    const before = (await deptFigures('gz-police'))!
    const queue = await ok<RectificationList>(get('police', '/api/staff/rectifications'))
    const item = queue.items.find((i) => i.subject.id === requestId)!
    expect(item).toMatchObject({ subject: { kind: 'request' }, level: 1, departmentCode: 'gz-police', comment: '根本没人来处理' })
    expect((await ok<SubjectRectification>(get('alice', `/api/requests/${requestId}/rectification`))).rectification).toMatchObject({ id: item.id, status: 'open' })
    expect((await get('bob', `/api/requests/${requestId}/rectification`)).statusCode).toBe(404)

    // The police appeal; a second one while it is pending is refused; the hotline (not the police) decides.
    expect((await post('police', `/api/staff/rectifications/${item.id}/appeal`, { reason: ' ' })).statusCode).toBe(400)
    const appealed = await ok<StaffRectification>(post('police', `/api/staff/rectifications/${item.id}/appeal`, { reason: '监控显示当天已到场处理，评价与事实不符' }))
    expect(appealed.appeal).toMatchObject({ status: 'pending' })
    expect((await post('police', `/api/staff/rectifications/${item.id}/appeal`, { reason: '再次申诉' })).json()).toMatchObject({ code: 'APPEAL_STATE' })
    const pending = await ok<{ items: Appeal[] }>(get('hotline', '/api/staff/rating-appeals'))
    const appeal = pending.items.find((a) => a.rectificationId === item.id)!
    expect(appeal).toMatchObject({ departmentCode: 'gz-police', level: 1, status: 'pending' })
    expect((await post('police', `/api/staff/rating-appeals/${appeal.id}/decide`, { upheld: true, note: '成立' })).statusCode).toBe(403)
    expect((await post('hotline', `/api/staff/rating-appeals/${appeal.id}/decide`, { upheld: true, note: '' })).statusCode).toBe(400)

    const decided = await ok<Appeal>(post('hotline', `/api/staff/rating-appeals/${appeal.id}/decide`, { upheld: true, note: '经核实，办理属实，评价不计入统计' }))
    expect(decided).toMatchObject({ status: 'upheld', note: '经核实，办理属实，评价不计入统计' })
    expect((await post('admin', `/api/staff/rating-appeals/${appeal.id}/decide`, { upheld: false, note: '再议' })).json()).toMatchObject({ code: 'APPEAL_STATE' })

    // The agreed row for the dashboard, pointing at the 'rate' row; the rating itself stays.
    const rate = (await world.db.query<{ id: string }>(`SELECT id FROM request_updates WHERE request_id = $1 AND action = 'rate'`, [requestId])).rows[0]
    const excluded = (await world.db.query<{ data: Record<string, unknown> }>(`SELECT data FROM request_updates WHERE request_id = $1 AND action = 'rating-excluded'`, [requestId])).rows
    expect(excluded).toEqual([{ data: { appealId: appeal.id, ratingUpdateId: Number(rate.id) } }])
    expect(await count(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'rating.appeal_upheld'`)).toBeGreaterThanOrEqual(1)
    // The rating counted before the decision and does not after it (gz-police had no other rating here).
    const after = await deptFigures('gz-police')
    expect(before).toMatchObject({ total: 1, bad: 1 })
    expect(after?.total ?? 0).toBe(before.total - 1)
    expect(after?.bad ?? 0).toBe(before.bad - 1)
    // Staff views of the request still answer; the exclusion is not a timeline step.
    expect((await get('hotline', `/api/staff/requests/${requestId}`)).statusCode).toBe(200)
    expect((await get('alice', `/api/requests/${requestId}`)).statusCode).toBe(200)
  })

  it('changes the public hall figures when a hall appeal is upheld, not when it is rejected; no rater in them', async () => {
    const id = await visit('bob', new Date(START.getTime() - HOUR))
    const start = await hallFigures()
    await ok(post('bob', `/api/appointments/${id}/rate`, rateBody(1, { comment: '恶意差评测试' })), 201)
    const rated = await hallFigures()
    expect(rated.total).toBe(start.total + 1)
    expect(rated.bad).toBe(start.bad + 1)
    const item = (await ok<RectificationList>(get('clerk', '/api/staff/rectifications'))).items.find((i) => i.subject.id === id)!

    await ok(post('clerk', `/api/staff/rectifications/${item.id}/appeal`, { reason: '该市民当天未到窗口办理' }))
    let appeal = (await ok<{ items: Appeal[] }>(get('admin', '/api/staff/rating-appeals'))).items.find((a) => a.rectificationId === item.id)!
    await ok(post('admin', `/api/staff/rating-appeals/${appeal.id}/decide`, { upheld: false, note: '签到记录显示已办理，申诉不成立' }))
    expect(await hallFigures()).toEqual(rated)

    await ok(post('clerk', `/api/staff/rectifications/${item.id}/appeal`, { reason: '补充：窗口录像显示市民未排队' }))
    appeal = (await ok<{ items: Appeal[] }>(get('admin', '/api/staff/rating-appeals'))).items.find((a) => a.rectificationId === item.id)!
    await ok(post('admin', `/api/staff/rating-appeals/${appeal.id}/decide`, { upheld: true, note: '申诉成立' }))
    const after = await hallFigures()
    expect(after.total).toBe(start.total)
    expect(after.bad).toBe(start.bad)
    expect(await count(`SELECT count(*)::int AS n FROM ratings WHERE subject_id = $1 AND excluded`, [id])).toBe(1)
    expect((await ok<StaffRectification>(get('clerk', `/api/staff/rectifications/${item.id}`))).excluded).toBe(true)
    expect((await post('clerk', `/api/staff/rectifications/${item.id}/appeal`, { reason: '再申诉' })).json()).toMatchObject({ code: 'APPEAL_STATE' })

    // The last 12 months up to today (Asia/Shanghai).
    expect(await figures()).toMatchObject({ from: '2025-11-03', to: '2026-11-02' })
    const body = JSON.stringify(await figures())
    for (const who of [ids.alice, ids.bob]) expect(body).not.toContain(who)
    expect(body).not.toContain('恶意差评测试')
  })

  it('erasure keeps the counts and drops the comment, the photo and the link to the resident', async () => {
    const id = await visit('alice', new Date(START.getTime() - HOUR))
    await ok(post('alice', `/api/appointments/${id}/rate`, rateBody(4, { comment: '窗口很耐心' })), 201)
    const before = await hallFigures()
    await world.db.transaction((tx) => ratingsAccountHooks.erase!(tx, ids.alice, world.now))
    const row = (await world.db.query('SELECT user_id, comment, photo_id, level FROM ratings WHERE subject_id = $1', [id])).rows[0]
    expect(row).toEqual({ user_id: null, comment: null, photo_id: null, level: 4 })
    expect(await hallFigures()).toEqual(before)
  })
})
