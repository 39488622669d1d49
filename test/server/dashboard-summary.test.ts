// The daily summary behind 一屏观 (dashboard_daily, migration 018) stays exact: after a random mix of steps through
// the API (filing, accept, dispatch, 签收, 退单 and dispatch again, reply, close, 直接答复, 不予受理, rating with and
// without 问题是否解决, 回访) across Shanghai midnights, plus what other parts write straight into the tables — the
// 7-day default rating and an upheld appeal's 'rating-excluded' row (the ratings interface), a reclassified request, a
// deleted one, a statement writing several steps of one request at once, a step rolled back — the table equals a
// recount from the request and update rows, equals dashboard_rebuild(), its monthly and per-day rollups (migration 019)
// and its received-by-type / district / category rollups per day and month (migration 024) and its district-first
// rollups (migration 026) equal its sums, and every
// figure the API answers equals the number of rows its drill-down lists (and the total it states), for the city, a
// department and a district. On PGlite and PostgreSQL.
import type { Dashboard, DashboardMetric, DrillPage } from '@contract/dashboard'
import type { FiledRequest } from '@contract/request'
import { GZ_DISTRICTS } from '@domain/districts'
import { databases } from './helpers'
import { requestsSuite } from './requests-support'
import { rng } from '../support/random'

jest.setTimeout(120_000)

const SH = (day: string, time: string) => new Date(`${day}T${time}+08:00`)
const SEED = Number(process.env.DASHBOARD_SEED ?? 20261116)

/** Seeded draws (test/support/random.ts), so a failure can be replayed with DASHBOARD_SEED. */
function random(seed: number) {
  const next = rng(seed)
  return { next, pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)], chance: (p: number) => next() < p }
}

const KEY = 'day, department_code, district, type, category'
const COUNTS = ['received', 'dispatched', 'signed_on_time', 'closed', 'closed_on_time', 'rated', 'satisfied', 'answered', 'resolved', 'defaults']
const nonZero = COUNTS.map((c) => `${c} <> 0`).join(' OR ')
const DAY = (col: string) => `((${col} AT TIME ZONE 'UTC') + interval '8 hours')::date`

/** The summary, recounted from the rows with nothing but the README definitions (no function of migration 018). */
const RECOUNT = `
  WITH r AS (SELECT id, ${DAY('filed_at')} AS fday, COALESCE(district, '') AS district, type, COALESCE(category, '') AS category FROM requests),
  u AS (SELECT x.*, ${DAY('x.created_at')} AS day FROM request_updates x),
  counted AS (SELECT u.* FROM u WHERE u.action IN ('rate', 'revisit')
                AND NOT EXISTS (SELECT 1 FROM request_updates e WHERE e.action = 'rating-excluded' AND e.data->>'ratingUpdateId' = u.id::text)),
  ev (day, department_code, id, received, dispatched, signed_on_time, closed, closed_on_time, rated, satisfied, answered, resolved, defaults) AS (
    SELECT fday, '', id, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0 FROM r
    UNION ALL
    SELECT DISTINCT r.fday, u.data->>'departmentCode', r.id, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0 FROM u JOIN r ON r.id = u.request_id WHERE u.action = 'dispatch'
    UNION ALL
    SELECT u.day, u.data->>'departmentCode', u.request_id, 0, 1,
           CASE WHEN (SELECT n.action FROM request_updates n WHERE n.request_id = u.request_id AND n.id > u.id AND n.action IN ('sign', 'return') ORDER BY n.id LIMIT 1) = 'sign'
                 AND (SELECT n.created_at FROM request_updates n WHERE n.request_id = u.request_id AND n.id > u.id AND n.action IN ('sign', 'return') ORDER BY n.id LIMIT 1)
                     <= (u.data->>'signDeadline')::timestamptz THEN 1 ELSE 0 END, 0, 0, 0, 0, 0, 0, 0
      FROM u WHERE u.action = 'dispatch'
    UNION ALL
    SELECT u.day, COALESCE(u.data->>'handledBy', ''), u.request_id, 0, 0, 0, 1,
           CASE WHEN u.created_at <= (u.data->>'deadline')::timestamptz THEN 1 ELSE 0 END, 0, 0, 0, 0, 0
      FROM u WHERE u.action IN ('close', 'answer')
    UNION ALL
    SELECT day, COALESCE(data->>'handledBy', ''), request_id, 0, 0, 0, 0, 0, 1, CASE WHEN (data->>'level')::int >= 3 THEN 1 ELSE 0 END,
           CASE WHEN data ? 'resolved' THEN 1 ELSE 0 END, CASE WHEN data->>'resolved' = 'true' THEN 1 ELSE 0 END,
           CASE WHEN data->>'default' = 'true' THEN 1 ELSE 0 END
      FROM counted)
  SELECT to_char(ev.day, 'YYYY-MM-DD') AS day, ev.department_code, r.district, r.type, r.category,
         ${COUNTS.map((c) => `sum(ev.${c})::int AS ${c}`).join(', ')}
    FROM ev JOIN r ON r.id = ev.id
   GROUP BY ev.day, ev.department_code, r.district, r.type, r.category
  HAVING ${COUNTS.map((c) => `sum(ev.${c}) <> 0`).join(' OR ')}
   ORDER BY 1, 2, 3, 4, 5`
const SUMMARY = `SELECT to_char(day, 'YYYY-MM-DD') AS day, department_code, district, type, category, ${COUNTS.map((c) => `${c}::int`).join(', ')}
                   FROM dashboard_daily WHERE ${nonZero} ORDER BY ${KEY}`

/** Requests walked (about 6 API steps each). */
const WALKS = 24

/** The rollups of migration 019, and the same sums taken from dashboard_daily: they must be equal. */
const sums = COUNTS.map((c) => `sum(${c})::int AS ${c}`).join(', ')
const having = COUNTS.map((c) => `sum(${c}) <> 0`).join(' OR ')
const ROLLUPS = [
  [`SELECT to_char(month, 'YYYY-MM-DD') AS month, department_code, district, type, category, ${sums} FROM dashboard_monthly GROUP BY 1, 2, 3, 4, 5 HAVING ${having} ORDER BY 1, 2, 3, 4, 5`,
   `SELECT to_char(date_trunc('month', day), 'YYYY-MM-DD') AS month, department_code, district, type, category, ${sums} FROM dashboard_daily GROUP BY 1, 2, 3, 4, 5 HAVING ${having} ORDER BY 1, 2, 3, 4, 5`],
  [`SELECT to_char(day, 'YYYY-MM-DD') AS day, department_code, ${sums} FROM dashboard_days GROUP BY 1, 2 HAVING ${having} ORDER BY 1, 2`,
   `SELECT to_char(day, 'YYYY-MM-DD') AS day, department_code, ${sums} FROM dashboard_daily GROUP BY 1, 2 HAVING ${having} ORDER BY 1, 2`],
  // Migration 024: received per department's rows and day / month, by type, by district and by category.
  ...(['day', 'month'] as const).map((unit) => {
    const when = unit === 'day' ? 'day' : `date_trunc('month', day)`
    const byDim = ['category', 'district', 'type']
      .map((dim) => `SELECT department_code, to_char(${when}, 'YYYY-MM-DD') AS at, '${dim}' AS dim, ${dim} AS value, sum(received)::int AS received
                       FROM dashboard_daily GROUP BY 1, 2, 4 HAVING sum(received) <> 0`)
      .join(' UNION ALL ')
    return [
      `SELECT department_code, to_char(${unit}, 'YYYY-MM-DD') AS at, dim, value, sum(received)::int AS received FROM dashboard_received_${unit}s
        GROUP BY 1, 2, 3, 4 HAVING sum(received) <> 0 ORDER BY 1, 2, 3, 4`,
      `SELECT * FROM (${byDim}) x ORDER BY 1, 2, 3, 4`,
    ]
  }),
  // Migration 026: keyed by district first — every count per (district, day / month, department, type), and received
  // per (district, department, day / month, type, category).
  ...(['day', 'month'] as const).map((unit) => {
    const when = unit === 'day' ? 'day' : `date_trunc('month', day)`
    return [
      `SELECT district, to_char(${unit}, 'YYYY-MM-DD') AS at, department_code, type, ${sums} FROM dashboard_district_${unit}s
        GROUP BY 1, 2, 3, 4 HAVING ${having} ORDER BY 1, 2, 3, 4`,
      `SELECT district, to_char(${when}, 'YYYY-MM-DD') AS at, department_code, type, ${sums} FROM dashboard_daily
        GROUP BY 1, 2, 3, 4 HAVING ${having} ORDER BY 1, 2, 3, 4`,
    ]
  }),
  ...(['day', 'month'] as const).map((unit) => {
    const when = unit === 'day' ? 'day' : `date_trunc('month', day)`
    return [
      `SELECT district, department_code, to_char(${unit}, 'YYYY-MM-DD') AS at, type, category, sum(received)::int AS received
         FROM dashboard_district_received_${unit}s GROUP BY 1, 2, 3, 4, 5 HAVING sum(received) <> 0 ORDER BY 1, 2, 3, 4, 5`,
      `SELECT district, department_code, to_char(${when}, 'YYYY-MM-DD') AS at, type, category, sum(received)::int AS received
         FROM dashboard_daily GROUP BY 1, 2, 3, 4, 5 HAVING sum(received) <> 0 ORDER BY 1, 2, 3, 4, 5`,
    ]
  }),
]

const CATEGORIES = ['traffic.parking', 'urban.sanitation', 'social.insurance', 'environment.noise', 'other.general']
const TYPES = ['consult', 'help', 'complaint', 'report', 'suggestion']
const DEPARTMENTS: [string, string][] = [['gz-police', 'police-1'], ['gz-urban-management', 'urban-1']]

describe.each(databases())('一屏观 summary on $name', ({ open }) => {
  let now = SH('2026-11-16', '08:00:00')
  const { world, staff, as, file, act, residentDo, ok } = requestsSuite(open, () => now)
  const rnd = random(SEED)
  const ids: string[] = []

  const tick = () => {
    // Minutes to about a day and a half: some steps cross midnight, some 签收 miss their deadline.
    now = new Date(now.getTime() + Math.floor(rnd.next() ** 3 * 36 * 3600_000) + 60_000)
  }
  const step = async (who: string, id: string, body: object) => {
    tick()
    await ok(act(who, id, body))
  }
  const insertUpdate = (id: string, action: string, data: object, at: Date) =>
    world.db.query<{ id: string }>(
      `INSERT INTO request_updates (request_id, action, from_status, to_status, actor_kind, actor_role, data, visible_to_resident, created_at)
       VALUES ($1, $2, 'closed', 'rated', 'system', 'system', $3, true, $4) RETURNING id`,
      [id, action, data, at],
    )
  const summary = async () => {
    for (const [rollup, fromDaily] of ROLLUPS) expect((await world.db.query(rollup)).rows).toEqual((await world.db.query(fromDaily)).rows)
    return (await world.db.query(SUMMARY)).rows
  }
  const recount = async () => (await world.db.query(RECOUNT)).rows

  /** One request walked through a random path from filing; its owner and where it ended. */
  async function walk(i: number): Promise<void> {
    const owner = rnd.pick(['alice', 'bob'])
    const district = rnd.pick(GZ_DISTRICTS)
    const body = {
      type: rnd.pick(TYPES),
      content: `随机生成的第 ${i} 件诉求：${rnd.pick(['路灯不亮', '噪音扰民', '垃圾未清运', '社保咨询', '占道停车'])}，请尽快处理。`,
      ...(rnd.chance(0.85) ? { category: rnd.pick(CATEGORIES) } : {}),
      ...(rnd.chance(0.85)
        ? { location: { lat: district.lat + rnd.next() * 0.01, lng: district.lng + rnd.next() * 0.01, address: `${district.name}某路 ${i} 号`, district: district.name } }
        : {}),
    }
    tick()
    const filed = await ok<FiledRequest>(file(owner, body), 201)
    ids.push(filed.id)
    const id = filed.id
    const fate = rnd.next()
    if (fate < 0.1) return // left as filed
    if (fate < 0.18) return step('hotline-1', id, { action: 'refuse', note: '信息不全，请补充后重新反映。' })
    await step('hotline-1', id, { action: 'accept' })
    if (fate < 0.3) {
      await step('hotline-1', id, { action: 'answer', note: '已直接答复市民。' })
    } else {
      let [dept, clerk] = rnd.pick(DEPARTMENTS)
      await step('hotline-1', id, { action: 'dispatch', departmentCode: dept })
      if (rnd.chance(0.25)) {
        await step(clerk, id, { action: 'return', note: '不属于本部门职责。' })
        ;[dept, clerk] = DEPARTMENTS.find(([d]) => d !== dept) as [string, string]
        await step('hotline-1', id, { action: 'dispatch', departmentCode: dept })
      }
      if (fate < 0.4) return // dispatched, not signed
      await step(clerk, id, { action: 'sign' })
      if (fate < 0.5) return // in hand
      await step(clerk, id, { action: 'reply', note: '已处理完毕。' })
      await step('hotline-1', id, { action: 'close' })
    }
    if (fate < 0.6) return // closed, unrated (some get the 7-day default below)
    const level = 1 + Math.floor(rnd.next() * 5)
    const resolved = rnd.chance(0.7) ? { resolved: rnd.chance(0.6) } : {}
    tick()
    if (rnd.chance(0.6)) await ok(residentDo(owner, id, 'rate', { level, ...resolved }))
    else await ok(act('hotline-1', id, { action: 'revisit', level, ...resolved }))
  }

  beforeAll(async () => {
    // Walks start 5 hours apart and last hours to days, so their steps interleave in time.
    for (let i = 0; i < WALKS; i++) {
      now = new Date(SH('2026-11-16', '08:00:00').getTime() + i * 5 * 3600_000)
      await walk(i)
    }
  }, 120_000)

  it('equals a recount from the rows after a random mix of steps (and dashboard_rebuild gives the same table)', async () => {
    const table = await summary()
    expect(table.length).toBeGreaterThan(20)
    expect(table).toEqual(await recount())
    await world.db.query('SELECT dashboard_rebuild()')
    expect(await summary()).toEqual(table)
  })

  it('stays exact through what the ratings part writes: a 7-day default rating and an upheld appeal', async () => {
    // Default ratings: closed, unrated requests get a 'rate' row 7 days after their close (the interface's shape).
    const unrated = await world.db.query<{ id: string; closed_at: Date; department_code: string | null }>(
      `SELECT id, closed_at, department_code FROM requests WHERE status = 'closed' ORDER BY number`,
    )
    expect(unrated.rows.length).toBeGreaterThan(1)
    for (const r of unrated.rows) {
      const at = new Date(r.closed_at.getTime() + 7 * 86_400_000)
      await world.db.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO request_updates (request_id, action, from_status, to_status, actor_kind, actor_role, data, visible_to_resident, created_at)
           VALUES ($1, 'rate', 'closed', 'rated', 'system', 'system', $2, true, $3)`,
          [r.id, { level: 3, default: true, handledBy: r.department_code }, at],
        )
        await tx.query(`UPDATE requests SET status = 'rated', rating_level = 3, rated_at = $2 WHERE id = $1`, [r.id, at])
      })
    }
    // Upheld appeals: two ratings excluded (kept in the record).
    const ratings = await world.db.query<{ id: string; request_id: string; created_at: Date }>(
      `SELECT id, request_id, created_at FROM request_updates WHERE action IN ('rate', 'revisit') AND NOT data ? 'default' ORDER BY id LIMIT 2`,
    )
    for (const r of ratings.rows) {
      await insertUpdate(r.request_id, 'rating-excluded', { appealId: `appeal-${r.id}`, ratingUpdateId: Number(r.id) }, new Date(r.created_at.getTime() + 86_400_000))
    }
    const totals = (await world.db.query<{ rated: number; defaults: number }>('SELECT sum(rated)::int AS rated, sum(defaults)::int AS defaults FROM dashboard_daily')).rows[0]
    const rows = (await world.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM request_updates WHERE action IN ('rate', 'revisit')`)).rows[0].n
    expect(totals).toEqual({ rated: rows - 2, defaults: unrated.rows.length })
    expect(await summary()).toEqual(await recount())
  })

  it('stays exact when a request is reclassified or deleted, a statement writes several steps, or a step rolls back', async () => {
    const [a, b, c] = ids.slice(-12).filter((_, i) => i % 4 === 0)
    await world.db.query(`UPDATE requests SET district = '海珠区', category = 'environment.noise', type = 'complaint' WHERE id = $1`, [a])
    await world.db.query(`UPDATE requests SET district = NULL, category = NULL WHERE id = $1`, [b])
    await world.db.query('DELETE FROM requests WHERE id = $1 AND merged_into IS NULL AND NOT EXISTS (SELECT 1 FROM requests m WHERE m.merged_into = $1)', [c])
    // A dispatch and its 签收 in one statement (rows of one request written by one INSERT).
    const target = ids.find((x) => x !== c) as string
    const at = new Date('2026-11-20T02:00:00Z')
    await world.db.query(
      `INSERT INTO request_updates (request_id, action, from_status, to_status, actor_kind, actor_role, data, visible_to_resident, created_at)
       VALUES ($1, 'dispatch', 'accepted', 'dispatched', 'staff', 'dispatcher', $2, true, $3),
              ($1, 'sign', 'dispatched', 'signed', 'staff', 'dept_staff', '{}', true, $4)`,
      [target, { departmentCode: 'gz-hrss', signDeadline: '2026-11-21T16:00:00.000Z' }, at, new Date(at.getTime() + 3600_000)],
    )
    // Update rows rewritten in place (as migration 015's backfill does) and one deleted.
    await world.db.query(`UPDATE request_updates SET data = data - 'signDeadline' WHERE action = 'dispatch' AND id % 3 = 0`)
    await world.db.query(`DELETE FROM request_updates WHERE id = (SELECT min(id) FROM request_updates WHERE action = 'sign')`)
    const before = await summary()
    await expect(
      world.db.transaction(async (tx) => {
        await tx.query(`INSERT INTO request_updates (request_id, action, from_status, to_status, actor_kind, actor_role, data, visible_to_resident, created_at)
                        VALUES ($1, 'close', 'replied', 'closed', 'staff', 'dispatcher', '{}', true, now())`, [target])
        throw new Error('rolled back')
      }),
    ).rejects.toThrow('rolled back')
    expect(await summary()).toEqual(before)
    expect(await summary()).toEqual(await recount())
    await world.db.query('SELECT dashboard_rebuild()')
    expect(await summary()).toEqual(before)
  })

  it('stays exact when a request is filed and changed in one transaction (its received count is added at commit, migration 023)', async () => {
    const file = (tx: { query: typeof world.db.query }, number: string, district: string | null) =>
      tx.query<{ id: string }>(
        `INSERT INTO requests (number, type, category, content, district, status, filed_at, dispatch_deadline, deadline, warn_at, updated_at)
         VALUES ($1, 'complaint', 'traffic.parking', '门口车辆乱停', $2, 'submitted', $3, $3, $3, $3, $3) RETURNING id`,
        [number, district, new Date('2026-11-25T03:00:00Z')],
      )
    await world.db.transaction(async (tx) => {
      // Filed, reclassified and dispatched before its commit; another filed and deleted again.
      const moved = (await file(tx, 'GZ-T023-1', '天河区')).rows[0].id
      await tx.query(`UPDATE requests SET district = '越秀区', category = 'environment.noise' WHERE id = $1`, [moved])
      await tx.query(
        `INSERT INTO request_updates (request_id, action, from_status, to_status, actor_kind, actor_role, data, visible_to_resident, created_at)
         VALUES ($1, 'dispatch', 'accepted', 'dispatched', 'staff', 'dispatcher', $2, true, $3)`,
        [moved, { departmentCode: 'gz-hrss', signDeadline: '2026-11-26T16:00:00.000Z' }, new Date('2026-11-25T04:00:00Z')],
      )
      const gone = (await file(tx, 'GZ-T023-2', '海珠区')).rows[0].id
      await tx.query('DELETE FROM requests WHERE id = $1', [gone])
    })
    const before = await summary()
    // A filing that rolls back adds nothing.
    await expect(
      world.db.transaction(async (tx) => {
        await file(tx, 'GZ-T023-3', '天河区')
        throw new Error('rolled back')
      }),
    ).rejects.toThrow('rolled back')
    expect(await summary()).toEqual(before)
    expect(before).toEqual(await recount())
    const received = await world.db.query<{ district: string; category: string; received: number }>(
      `SELECT district, category, received FROM dashboard_daily WHERE day = '2026-11-25' AND department_code = '' AND type = 'complaint'
          AND district IN ('天河区', '越秀区', '海珠区') AND category IN ('traffic.parking', 'environment.noise') ORDER BY district, category`,
    )
    expect(received.rows).toContainEqual({ district: '越秀区', category: 'environment.noise', received: expect.any(Number) })
    await world.db.query('SELECT dashboard_rebuild()')
    expect(await summary()).toEqual(before)
    // Taken away again (the next test counts the walks' requests only); the table follows.
    await world.db.query(`DELETE FROM requests WHERE number LIKE 'GZ-T023-%'`)
    expect(await summary()).toEqual(await recount())
  })

  it('answers every figure as many rows as its drill-down lists, for the city, a department and a district', async () => {
    await staff('admin-1', 'admin', '孙管理', null)
    now = SH('2026-11-29', '10:00:00') // staff sessions of the suite last until 30 November
    const period = 'from=2026-11-16&to=2026-12-06'
    const metrics = (f: Dashboard): Record<DashboardMetric, number> => ({
      received: f.received, open: f.open, overdue: f.overdue, closed: f.closed,
      dispatched: f.rates.response.denominator, 'signed-on-time': f.rates.response.numerator,
      'closed-on-time': f.rates.onTime.numerator, rated: f.rates.satisfaction.denominator, satisfied: f.rates.satisfaction.numerator,
      'rated-default': f.rates.satisfaction.defaults ?? 0,
      'resolution-answered': f.rates.resolution.denominator, resolved: f.rates.resolution.numerator,
    })
    const busiest = (await world.db.query<{ district: string }>(`SELECT district FROM requests WHERE district IS NOT NULL GROUP BY district ORDER BY count(*) DESC, district LIMIT 1`)).rows[0].district
    const inBusiest = `&district=${encodeURIComponent(busiest)}`
    const scopes = ['', '&department=gz-police', '&department=gz-urban-management', inBusiest, `${inBusiest}&department=gz-police`, `${inBusiest}&type=complaint`, '&type=complaint', '&category=traffic']
    // The second period reads its whole months (November) from the monthly tables and its edge days from the daily ones.
    const cases = [...scopes.map((x) => `${period}${x}`), ...['', '&department=gz-police', '&type=complaint', inBusiest].map((x) => `from=2026-10-15&to=2026-12-06${x}`)]
    for (const scope of cases) {
      const f = await ok<Dashboard>(world.api.request({ url: `/api/staff/dashboard?${scope}`, headers: as('admin-1') }))
      const want = metrics(f)
      const got = {} as Record<DashboardMetric, number>
      const listed = {} as Record<DashboardMetric, number>
      for (const metric of Object.keys(want) as DashboardMetric[]) {
        // One page holds every row (fewer than 100 here): the rows are counted here, not by the API's total (which the
        // summary gives, like the figure).
        const page = await ok<DrillPage>(world.api.request({ url: `/api/staff/dashboard/requests?metric=${metric}&${scope}&pageSize=100`, headers: as('admin-1') }))
        expect(page.total).toBeLessThan(100)
        got[metric] = page.total
        listed[metric] = page.items.length
      }
      expect([scope, got]).toEqual([scope, want])
      expect([scope, listed]).toEqual([scope, want])
      // The trend and the department table add up to the totals.
      expect([scope, f.trend.reduce((s, d) => s + d.received, 0), f.trend.reduce((s, d) => s + d.rated, 0)]).toEqual([scope, f.received, f.rates.satisfaction.denominator])
      if (!scope.includes('department')) expect(f.byDistrict.reduce((s, d) => s + d.received, 0)).toBeLessThanOrEqual(f.received)
    }
    // The city's and a department's views read the narrow rollups (migration 024); a filter on a type, district or
    // category reads dashboard_daily: received by type, district and category must agree between the two.
    for (const scope of [period, `${period}&department=gz-police`, 'from=2026-10-15&to=2026-12-06', 'from=2026-10-15&to=2026-12-06&department=gz-urban-management']) {
      const f = await ok<Dashboard>(world.api.request({ url: `/api/staff/dashboard?${scope}`, headers: as('admin-1') }))
      const received = async (filter: string) =>
        (await ok<Dashboard>(world.api.request({ url: `/api/staff/dashboard?${scope}&${filter}`, headers: as('admin-1') }))).received
      const byType: Record<string, number> = {}
      for (const t of TYPES) byType[t] = await received(`type=${t}`)
      expect([scope, f.byType]).toEqual([scope, byType])
      const byDistrict = []
      for (const d of f.byDistrict) byDistrict.push({ district: d.district, received: await received(`district=${encodeURIComponent(d.district)}`) })
      expect([scope, f.byDistrict]).toEqual([scope, byDistrict])
      expect(f.byDistrict.some((d) => d.received > 0)).toBe(true)
      for (const c of f.topCategories) expect([scope, c.category, c.received]).toEqual([scope, c.category, await received(`category=${c.category}`)])
      expect(f.topCategories.length).toBeGreaterThan(0)
    }
    // A district's view reads the district-first rollups (migration 026); a category filter on top of it reads
    // dashboard_daily: its top categories and types must agree between the two.
    for (const scope of [`${period}${inBusiest}`, `${period}${inBusiest}&department=gz-police`, `from=2026-10-15&to=2026-12-06${inBusiest}`]) {
      const f = await ok<Dashboard>(world.api.request({ url: `/api/staff/dashboard?${scope}`, headers: as('admin-1') }))
      const received = async (filter: string) =>
        (await ok<Dashboard>(world.api.request({ url: `/api/staff/dashboard?${scope}&${filter}`, headers: as('admin-1') }))).received
      for (const c of f.topCategories) expect([scope, c.category, c.received]).toEqual([scope, c.category, await received(`category=${c.category}`)])
      if (!scope.includes('department')) expect(f.topCategories.length).toBeGreaterThan(0)
      for (const t of TYPES) expect([scope, t, f.byType[t as keyof Dashboard['byType']]]).toEqual([scope, t, await received(`type=${t}`)])
    }
    const city = await ok<Dashboard>(world.api.request({ url: `/api/staff/dashboard?${period}`, headers: as('admin-1') }))
    expect(city.rates.satisfaction.defaults).toBeGreaterThan(0)
    expect(city.received).toBe(ids.length - 1) // one deleted
  })
})
