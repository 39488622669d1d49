// 一事一评 of a 办件 on PGlite and PostgreSQL: an ended application rated once with the online indicators (and a photo),
// the refusals (someone else's / unknown → 404, not ended or past 7 days → 409 RATING_CLOSED, hall indicators → 400),
// the 7-day default 基本满意 by the ratings job (clock injected), a 差评's 整改 in the deciding department's queue with
// its label, and the public figures counting it for that department. Applications are written straight into the table.
import { randomBytes, randomUUID } from 'node:crypto'
import type { ApplicationRating, PublicRatings, RatingFigures, RectificationList, StaffRectification } from '@contract/ratings'
import { accountRepo } from '../../server/modules/ratings/account.repo'
import { databases } from './helpers'
import { HALL, START, ratingsSuite } from './ratings-support'

const HOUR = 3600_000
const DAY = 24 * HOUR

describe.each(databases().map((d) => [d.name, d] as const))('好差评 of 办件 on %s', (_name, database) => {
  const { world, ids, get, post, ok } = ratingsSuite(database.open)
  const run = () => world.app.jobs.run('ratings.defaults') as Promise<{ applicationDefaults: number }>
  const figures = async () => ok<PublicRatings>(get(null, '/api/public/ratings'))
  const deptFigures = async (): Promise<RatingFigures | undefined> => (await figures()).departments.find((d) => d.code === world.department)?.figures
  const hallFigures = async (): Promise<RatingFigures> => (await figures()).halls.find((h) => h.id === HALL)!.figures
  const count = async (sql: string, params: unknown[] = []) => (await world.db.query<{ n: number }>(sql, params)).rows[0].n

  /** A 办件 of `who` for the suite's service (its department: the clerk's), in `status`, decided at `decidedAt`. */
  async function application(who: string, status: string, decidedAt: Date | null): Promise<{ id: string; number: string }> {
    const id = randomUUID()
    const number = `SQ20261102${randomBytes(3).readUIntBE(0, 3).toString().padStart(8, '0')}`
    const submitted = new Date((decidedAt ?? START).getTime() - 3 * DAY)
    await world.db.query(
      `INSERT INTO applications (id, number, user_id, service_code, department_code, status, form_version, fields, materials, promised_days,
                                 submitted_at, accepted_at, deadline, decided_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, '1', '{}', '[]', 5, $7, $7, $8, $9, $7)`,
      [id, number, ids[who], world.serviceCode, world.department, status, submitted, new Date(submitted.getTime() + 7 * DAY), decidedAt],
    )
    return { id, number }
  }

  const onlineBody = (level: number, extra: object = {}) => ({
    level,
    comment: level <= 2 ? '材料清单和办事指南不一致，补正了两次' : '网上办很方便',
    indicators: { overall: level, speed: level, guide: level, convenience: level },
    ...extra,
  })

  beforeEach(() => {
    world.now = START
  })

  it('rates an approved 办件 once with the online indicators; refuses others, unknown, unfinished and wrong bodies', async () => {
    const { id } = await application('alice', 'approved', new Date(START.getTime() - DAY))
    const before = await ok<ApplicationRating>(get('alice', `/api/applications/${id}/rating`))
    expect(before).toEqual({
      applicationId: id,
      rateable: true,
      refusal: null,
      closesAt: new Date(START.getTime() + 6 * DAY).toISOString(),
      rating: null,
      rectification: null,
    })

    // Not the hall indicators, not out of range: 400 and nothing written.
    for (const bad of [
      { level: 4, indicators: { overall: 4, speed: 4, service: 4, attitude: 4 } },
      { ...onlineBody(4), indicators: { overall: 4, speed: 4, guide: 6, convenience: 4 } },
      { level: 4 },
    ]) {
      const res = await post('alice', `/api/applications/${id}/rate`, bad)
      expect(res.statusCode).toBe(400)
      expect(res.json()).toMatchObject({ code: expect.any(String), message: expect.any(String) })
    }
    // Someone else's, or unknown: 404 with the same answer.
    const other = await post('bob', `/api/applications/${id}/rate`, onlineBody(5))
    expect(other.statusCode).toBe(404)
    expect(other.json()).toMatchObject({ code: 'NOT_FOUND', message: '找不到该办件' })
    expect((await get('bob', `/api/applications/${id}/rating`)).statusCode).toBe(404)
    expect((await post('alice', '/api/applications/00000000-0000-4000-8000-000000000000/rate', onlineBody(5))).statusCode).toBe(404)
    expect(await count('SELECT count(*)::int AS n FROM ratings WHERE subject_id = $1', [id])).toBe(0)

    const rated = await ok<ApplicationRating>(post('alice', `/api/applications/${id}/rate`, onlineBody(5, { resolved: true })), 201)
    expect(rated).toMatchObject({ applicationId: id, rateable: false, refusal: null, rectification: null })
    expect(rated.rating).toMatchObject({
      level: 5,
      levelLabel: '非常满意',
      indicators: { overall: 5, speed: 5, guide: 5, convenience: 5 },
      comment: '网上办很方便',
      resolved: true,
      isDefault: false,
      at: START.toISOString(),
    })
    expect(await ok<ApplicationRating>(get('alice', `/api/applications/${id}/rating`))).toEqual(rated)
    const again = await post('alice', `/api/applications/${id}/rate`, onlineBody(1))
    expect(again.statusCode).toBe(409)
    expect(again.json()).toMatchObject({ code: 'ALREADY_RATED', message: '这件办件已经评价过了，每件办件只能评价一次' })
    expect(await count(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'rating.rate' AND target = $1`, [`application:${id}`])).toBe(1)

    // Still in 预审 / 补正 / 审查: not rateable, and the page is told why.
    for (const status of ['submitted', 'correction', 'accepted']) {
      const open = await application('alice', status, null)
      const view = await ok<ApplicationRating>(get('alice', `/api/applications/${open.id}/rating`))
      expect(view).toMatchObject({ rateable: false, refusal: '办件办结后才可以评价', closesAt: null, rating: null })
      const res = await post('alice', `/api/applications/${open.id}/rate`, onlineBody(4))
      expect(res.statusCode).toBe(409)
      expect(res.json()).toMatchObject({ code: 'RATING_CLOSED', message: '办件办结后才可以评价' })
    }
    // 不予受理 and 不予许可 have ended too: rateable.
    for (const status of ['rejected', 'denied']) {
      const ended = await application('alice', status, new Date(START.getTime() - HOUR))
      expect((await ok<ApplicationRating>(get('alice', `/api/applications/${ended.id}/rating`))).rateable).toBe(true)
      await ok(post('alice', `/api/applications/${ended.id}/rate`, onlineBody(3)), 201)
    }
  })

  it('keeps a photo of the resident’s own, refuses one of someone else’s with nothing written', async () => {
    const upload = async (who: string) => {
      const photo = randomUUID()
      await world.db.query(
        `INSERT INTO uploads (id, user_id, storage_key, content_type, bytes, width, height, created_at) VALUES ($1, $2, $3, 'image/jpeg', 1000, 10, 10, $4)`,
        [photo, ids[who], `test/${photo}.jpg`, START],
      )
      return photo
    }
    const { id } = await application('alice', 'approved', new Date(START.getTime() - DAY))
    const bobs = await post('alice', `/api/applications/${id}/rate`, onlineBody(4, { photo: await upload('bob') }))
    expect(bobs.statusCode).toBe(400)
    expect(bobs.json()).toMatchObject({ code: 'PHOTO_INVALID' })
    expect(await count('SELECT count(*)::int AS n FROM ratings WHERE subject_id = $1', [id])).toBe(0)
    const own = await upload('alice')
    const rated = await ok<ApplicationRating>(post('alice', `/api/applications/${id}/rate`, onlineBody(4, { photo: own })), 201)
    expect(rated.rating!.photo).toMatchObject({ id: own, url: expect.any(String) })
  })

  it('refuses after 7 days, and the job gives 基本满意 by default dated when the window ran out', async () => {
    const decidedAt = new Date(START.getTime() - 2 * DAY)
    const { id } = await application('bob', 'approved', decidedAt)
    await run()
    expect(await count('SELECT count(*)::int AS n FROM ratings WHERE subject_id = $1', [id])).toBe(0)

    world.now = new Date(decidedAt.getTime() + 7 * DAY + 60_000)
    const late = await post('bob', `/api/applications/${id}/rate`, onlineBody(4))
    expect(late.statusCode).toBe(409)
    expect(late.json()).toMatchObject({ code: 'RATING_CLOSED', message: '办结后 7 天内可以评价，现已超过评价期限（已默认为“基本满意”）' })
    expect(await count('SELECT count(*)::int AS n FROM ratings WHERE subject_id = $1', [id])).toBe(0)

    const before = await deptFigures()
    expect((await run()).applicationDefaults).toBeGreaterThanOrEqual(1)
    const view = await ok<ApplicationRating>(get('bob', `/api/applications/${id}/rating`))
    expect(view).toMatchObject({ rateable: false, refusal: null, rectification: null })
    expect(view.rating).toMatchObject({ level: 3, levelLabel: '基本满意', isDefault: true, indicators: null, at: new Date(decidedAt.getTime() + 7 * DAY).toISOString() })
    expect((await post('bob', `/api/applications/${id}/rate`, onlineBody(5))).json()).toMatchObject({ code: 'ALREADY_RATED' })
    // The department's figures count it as a default; running again changes nothing.
    const after = (await deptFigures())!
    expect(after.total).toBe((before?.total ?? 0) + 1)
    expect(after.defaults).toBe((before?.defaults ?? 0) + 1)
    expect((await run()).applicationDefaults).toBe(0)
    // A 办件 still open gets no default however long it waits.
    const open = await application('bob', 'accepted', null)
    world.now = new Date(START.getTime() + 60 * DAY)
    await run()
    expect(await count('SELECT count(*)::int AS n FROM ratings WHERE subject_id = $1', [open.id])).toBe(0)
  })

  it('a 差评 opens a 整改 in the deciding department’s queue with its label, and the public figures count it', async () => {
    const start = await deptFigures()
    const hallStart = await hallFigures()
    const { id, number } = await application('alice', 'approved', new Date(START.getTime() - HOUR))
    const rated = await ok<ApplicationRating>(post('alice', `/api/applications/${id}/rate`, onlineBody(1, { resolved: false })), 201)
    expect(rated.rectification).toMatchObject({ status: 'open', contact: null, result: null })
    const departmentName = (await world.db.query<{ name: string }>('SELECT name FROM departments WHERE code = $1', [world.department])).rows[0].name
    expect(rated.rectification!.departmentName).toBe(departmentName)

    const serviceName = (await world.db.query<{ name: string }>('SELECT name FROM services WHERE code = $1', [world.serviceCode])).rows[0].name
    const queue = await ok<RectificationList>(get('clerk', '/api/staff/rectifications'))
    const item = queue.items.find((i) => i.subject.id === id)!
    expect(item).toMatchObject({
      subject: { kind: 'application', id, label: `${serviceName} · ${number}` },
      departmentCode: world.department,
      hallName: null,
      level: 1,
      levelLabel: '非常不满意',
      indicators: { overall: 1, speed: 1, guide: 1, convenience: 1 },
      excluded: false,
    })
    expect(item.comment).toContain('补正了两次')
    expect(JSON.stringify(queue)).not.toContain(ids.alice)
    expect((await ok<RectificationList>(get('police', '/api/staff/rectifications'))).items.some((i) => i.subject.id === id)).toBe(false)
    expect((await get('police', `/api/staff/rectifications/${item.id}`)).statusCode).toBe(404)

    // Counted for the department (a 差评, not yet rectified), not for any hall.
    const rated1 = (await deptFigures())!
    expect(rated1.total).toBe((start?.total ?? 0) + 1)
    expect(rated1.bad).toBe((start?.bad ?? 0) + 1)
    expect(rated1.byLevel.find((l) => l.level === 1)!.count).toBe((start?.byLevel.find((l) => l.level === 1)!.count ?? 0) + 1)
    expect(rated1.rectified).toBe(start?.rectified ?? 0)
    expect(await hallFigures()).toEqual(hallStart)

    // The clerk records the 回访 and result: 差评整改率 counts it, and the resident sees it.
    world.now = new Date(START.getTime() + HOUR)
    const record = { contactedAt: START.toISOString(), contactMethod: 'phone', contactSummary: '电话联系申请人，说明补正原因并致歉', result: '已更新办事指南的材料清单' }
    const done = await ok<StaffRectification>(post('clerk', `/api/staff/rectifications/${item.id}/record`, record))
    expect(done).toMatchObject({ status: 'done', urgencyLabel: '已整改', subject: { kind: 'application' } })
    expect((await deptFigures())!.rectified).toBe((start?.rectified ?? 0) + 1)
    const seen = await ok<ApplicationRating>(get('alice', `/api/applications/${id}/rating`))
    expect(seen.rectification).toMatchObject({ status: 'done', result: record.result })
    await ok(post('alice', `/api/rectifications/${item.id}/verdict`, { verdict: 'satisfied' }))

    // The resident's export lists it; no 5xx on a malformed id.
    const rows = (await accountRepo.exportRows(world.db, ids.alice)) as { subjectKind: string; subjectId: string; rectificationResult: string | null }[]
    expect(rows.find((r) => r.subjectId === id)).toMatchObject({ subjectKind: 'application', rectificationResult: record.result })
    expect((await post('alice', '/api/applications/not-a-uuid/rate', onlineBody(3))).statusCode).toBe(400)
  })

  it('an upheld 申诉复核 takes a 办件 差评 out of the department’s figures and keeps the rating', async () => {
    const { id } = await application('bob', 'denied', new Date(START.getTime() - HOUR))
    const start = await deptFigures()
    await ok(post('bob', `/api/applications/${id}/rate`, onlineBody(2, { comment: '不予许可的理由没说清楚' })), 201)
    const rated = (await deptFigures())!
    expect(rated.total).toBe((start?.total ?? 0) + 1)
    expect(rated.bad).toBe((start?.bad ?? 0) + 1)
    const item = (await ok<RectificationList>(get('clerk', '/api/staff/rectifications'))).items.find((i) => i.subject.id === id)!
    await ok(post('clerk', `/api/staff/rectifications/${item.id}/appeal`, { reason: '不予许可决定书已载明法定理由' }))
    const appeal = (await ok<{ items: { id: string; rectificationId: string; subject: { kind: string } }[] }>(get('admin', '/api/staff/rating-appeals'))).items.find(
      (a) => a.rectificationId === item.id,
    )!
    expect(appeal.subject.kind).toBe('application')
    await ok(post('admin', `/api/staff/rating-appeals/${appeal.id}/decide`, { upheld: true, note: '申诉成立' }))
    const after = await deptFigures()
    expect(after?.total ?? 0).toBe(start?.total ?? 0)
    expect(after?.bad ?? 0).toBe(start?.bad ?? 0)
    expect(await count('SELECT count(*)::int AS n FROM ratings WHERE subject_id = $1 AND excluded', [id])).toBe(1)
    expect((await ok<StaffRectification>(get('clerk', `/api/staff/rectifications/${item.id}`))).excluded).toBe(true)
  })
})
