// 一屏观 benchmark: 1,000,000 generated requests over a year with their update rows (file, dispatch, 签收, 退单, 办结 /
// 直接答复, 评价 / 回访 — about 4.1 M rows), loaded as a bulk import is (the summary triggers of migration 018 off, then
// dashboard_rebuild() and the rollups, as the migrations build them for existing data), then GET /api/staff/dashboard and its
// drill-down through the real app (inject) for the city, a district and a department's clerk over 1, 7, 30 days and a
// year; then the cost the triggers add to one step (a dispatch and its 签收, one transaction each, triggers on vs off).
// Prints one JSON line per case. PostgreSQL only.
// Usage: npm run bench (runs when DATABASE_URL is set), or
//        npx tsx bench/dashboard.ts [--requests 1000000] [--runs 40] [--keep] [--reuse <database kept by --keep>]
import { randomBytes } from 'node:crypto'
import { buildApp } from '../server/app'
import { createSession } from '../server/auth'
import { loadConfig } from '../server/config'
import { migrate } from '../server/db/migrate'
import { seedReference } from '../server/db/seed'
import { addCalendarDays, shanghaiDate } from '../domain/calendar'
import { GZ_DISTRICTS } from '../domain/districts'
import { openDatabase, type Db } from '../server/db'
import { arg, percentiles, round, scratchDatabase } from './lib'

const DEPARTMENTS = ['gz-police', 'gz-urban-management', 'gz-hrss', 'gz-housing-fund', 'gz-health', 'gz-market-regulation', 'gz-transport', 'gz-water']
const CATEGORIES = ['traffic.parking', 'urban.sanitation', 'environment.noise', 'housing.property', 'social.insurance', 'market.consumer', 'water-power.water', 'other.general']
const TYPES = ['consult', 'help', 'complaint', 'report', 'suggestion']
/** The tables kept from dashboard_daily by its statement triggers (migrations 019 and 024). */
const ROLLUP_TABLES = ['dashboard_monthly', 'dashboard_days', 'dashboard_received_days', 'dashboard_received_months']

/** The generated history: every step is an update row as transition.ts writes it (facts in data), times spread deterministically. */
function generationSql(total: number, now: Date): string[] {
  const list = (xs: readonly string[]) => `ARRAY[${xs.map((x) => `'${x}'`).join(', ')}]`
  const districts = list(GZ_DISTRICTS.map((d) => d.name))
  // h(i, k): a deterministic pseudo-random integer in [0, 1000) per request and purpose (a function of i mod 1000).
  const h = (k: number) => `((i::bigint * ${2654435761 + k * 40503}) % 1000)`
  // Places: 1 request in 50 belongs to one of 20 standing problems (a ~300 m square, one category each: the city's
  // recurring hotspots), the rest spread over the city by a hash of i. (The old generator derived every field from
  // i mod 1000 with multipliers divisible by 8 or 2: all requests on 1,000 points, every one traffic.parking, dispatched
  // to 4 of the 8 departments — ~1,500 hotspots a week. Category and department now come from the hash too.)
  const hash = (k: number, n: number) => `((hashint8(i::bigint + ${k})::bigint + 2147483648) % ${n})`
  const hot = `${hash(0, 50)} = 0`
  const centre = hash(1, 20)
  const category = `CASE WHEN ${hot} THEN (${list(CATEGORIES)})[1 + ${centre} % 8] ELSE (${list(CATEGORIES)})[1 + ${hash(6, 8)}] END`
  const lat = `CASE WHEN ${hot} THEN 23.05 + ${centre} * 0.02 + ${hash(2, 1000)} * 0.000003 ELSE 23.0 + ${hash(3, 1000000)} * 0.0000005 END`
  const lng = `CASE WHEN ${hot} THEN 113.25 + ${centre} * 0.025 + ${hash(4, 1000)} * 0.000003 ELSE 113.2 + ${hash(5, 1000000)} * 0.00000067 END`
  const at = `'${now.toISOString()}'::timestamptz`
  return [
    `INSERT INTO requests (number, source, type, category, content, lat, lng, address, district, status, department_code, filed_at,
                           dispatch_deadline, deadline, warn_at, closed_at, rating_level, rating_resolved, rated_at, updated_at)
     SELECT 'B' || lpad(i::text, 9, '0'), 'hotline', (${list(TYPES)})[1 + i % 5], ${category},
            '批量生成的历史诉求 ' || i, ${lat}, ${lng}, '某路 ' || i || ' 号',
            (${districts})[1 + ${h(4)} % 11],
            CASE WHEN ${h(5)} < 120 THEN 'processing' WHEN ${h(5)} < 160 THEN 'submitted' WHEN ${h(5)} < 700 THEN 'rated' ELSE 'closed' END,
            CASE WHEN ${h(5)} >= 160 AND ${h(6)} >= 100 OR ${h(5)} < 120 THEN (${list(DEPARTMENTS)})[1 + ${hash(7, 8)}] END,
            f, f + interval '1 day', f + interval '10 days', f + interval '8 days',
            CASE WHEN ${h(5)} >= 160 THEN f + (${h(8)} % 14 + 1) * interval '1 day' END,
            CASE WHEN ${h(5)} >= 160 AND ${h(5)} < 700 THEN 1 + ${h(9)} % 5 END,
            CASE WHEN ${h(5)} >= 160 AND ${h(5)} < 700 AND ${h(10)} < 700 THEN ${h(10)} < 560 END,
            CASE WHEN ${h(5)} >= 160 AND ${h(5)} < 700 THEN f + (${h(8)} % 14 + 2) * interval '1 day' END, f
       FROM generate_series(1, ${total}) i, LATERAL (SELECT ${at} - (i % 365) * interval '1 day' - ${h(11)} * interval '80 seconds' AS f) t`,
    `INSERT INTO request_updates (request_id, action, from_status, to_status, actor_kind, actor_role, data, visible_to_resident, created_at)
     SELECT id, 'file', NULL, 'submitted', 'partner', 'partner', '{}', true, filed_at FROM requests`,
    // Dispatch (and, for one in 20, a 退单 then a second dispatch elsewhere) for every request with a department.
    `INSERT INTO request_updates (request_id, action, from_status, to_status, actor_kind, actor_role, data, visible_to_resident, created_at)
     SELECT id, 'dispatch', 'accepted', 'dispatched', 'staff', 'dispatcher',
            jsonb_build_object('departmentCode', department_code, 'signDeadline', to_char((filed_at + interval '1 day') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
            true, filed_at + interval '1 hour'
       FROM requests WHERE department_code IS NOT NULL`,
    `INSERT INTO request_updates (request_id, action, from_status, to_status, actor_kind, actor_role, data, visible_to_resident, created_at)
     SELECT request_id, CASE WHEN request_id::text < '0c' THEN 'return' ELSE 'sign' END, 'dispatched', 'signed', 'staff', 'dept_staff', '{}', true,
            created_at + CASE WHEN request_id::text < '30' THEN interval '30 hours' ELSE interval '2 hours' END
       FROM request_updates WHERE action = 'dispatch'`,
    `INSERT INTO request_updates (request_id, action, from_status, to_status, actor_kind, actor_role, data, visible_to_resident, created_at)
     SELECT id, CASE WHEN department_code IS NULL THEN 'answer' ELSE 'close' END, 'replied', 'closed', 'staff', 'dispatcher',
            jsonb_build_object('deadline', to_char(deadline AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'handledBy', department_code),
            true, closed_at
       FROM requests WHERE closed_at IS NOT NULL`,
    `INSERT INTO request_updates (request_id, action, from_status, to_status, actor_kind, actor_role, data, visible_to_resident, created_at)
     SELECT id, CASE WHEN rating_level % 2 = 0 THEN 'revisit' ELSE 'rate' END, 'closed', 'rated', 'resident', 'resident',
            jsonb_strip_nulls(jsonb_build_object('level', rating_level, 'resolved', rating_resolved, 'handledBy', department_code)), true, rated_at
       FROM requests WHERE rated_at IS NOT NULL`,
  ]
}

/** Open a database kept by an earlier --keep run (its data already generated). */
async function reuseDatabase(adminUrl: string, name: string): Promise<{ db: Db; name: string; drop: () => Promise<void> }> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`--reuse: 数据库名“${name}”不合法`)
  const u = new URL(adminUrl)
  u.pathname = `/${name}`
  const db = await openDatabase({ databaseUrl: u.toString(), poolSize: 8 })
  return { db, name, drop: () => db.close() }
}

/** One step's write cost: a dispatch and its 签收 on n requests, one transaction each (as transition.ts writes them). */
async function stepCost(db: Db, n: number): Promise<{ latencies: number[]; written: string[] }> {
  const ids = (await db.query<{ id: string }>(`SELECT id FROM requests WHERE status = 'submitted' ORDER BY number LIMIT $1`, [n])).rows
  const latencies: number[] = []
  const written: string[] = []
  for (const { id } of ids) {
    const start = process.hrtime.bigint()
    await db.transaction(async (tx) => {
      await tx.query('SELECT id FROM requests WHERE id = $1 FOR UPDATE', [id])
      for (const action of ['dispatch', 'sign']) {
        const r = await tx.query<{ id: string }>(
          `INSERT INTO request_updates (request_id, action, from_status, to_status, actor_kind, actor_role, data, visible_to_resident, created_at)
           VALUES ($1, $2, 'accepted', 'dispatched', 'staff', 'dispatcher', $3, true, now()) RETURNING id`,
          [id, action, action === 'dispatch' ? { departmentCode: 'gz-water', signDeadline: new Date(Date.now() + 86_400_000).toISOString() } : {}],
        )
        written.push(r.rows[0].id)
      }
    })
    latencies.push(Number(process.hrtime.bigint() - start) / 1e6)
  }
  return { latencies: latencies.sort((a, b) => a - b), written }
}

export async function main(): Promise<void> {
  const keep = process.argv.includes('--keep')
  const reuse = arg('reuse', '')
  const adminUrl = process.env.DATABASE_URL
  if (!adminUrl) {
    console.log(JSON.stringify({ name: 'dashboard', skipped: 'DATABASE_URL is not set (the target is PostgreSQL)' }))
    return
  }
  const total = Number(arg('requests', '1000000'))
  const runs = Number(arg('runs', '40'))
  const { db, name, drop } = reuse ? await reuseDatabase(adminUrl, reuse) : await scratchDatabase(adminUrl, { poolSize: 8 })
  try {
    const now = reuse ? new Date((await db.query<{ at: Date }>('SELECT max(filed_at) AS at FROM requests')).rows[0].at) : new Date()
    if (reuse) {
      // A kept database gets the migrations written since it was loaded (they fill new summary tables from the rows).
      const t = Date.now()
      const { applied } = await migrate(db)
      for (const table of ROLLUP_TABLES) if (applied.length) await db.exec(`VACUUM ANALYZE ${table}`)
      if (applied.length) console.log(JSON.stringify({ name: 'dashboard migrations', applied, seconds: round((Date.now() - t) / 1000, 1) }))
    }
    if (!reuse) {
      await migrate(db)
      await seedReference(db)
      let t = Date.now()
      // A bulk load: the triggers that keep dashboard_daily are off while it runs (023's deferred "received" trigger
      // too: left on, it queued a million single-row upserts for the insert's commit), and the table is rebuilt after.
      const triggers = [['requests', 'requests_dashboard'], ['requests', 'requests_dashboard_received'], ['request_updates', 'request_updates_dashboard']]
      const toggle = (how: 'ENABLE' | 'DISABLE') => triggers.map(([table, name]) => `ALTER TABLE ${table} ${how} TRIGGER ${name}`).join('; ')
      await db.exec(toggle('DISABLE'))
      for (const sql of generationSql(total, now)) await db.exec(sql)
      await db.exec(toggle('ENABLE'))
      const generateMs = Date.now() - t
      t = Date.now()
      // dashboard_rebuild() fills dashboard_daily in one statement; its statement trigger fills the rollups.
      await db.exec('SELECT dashboard_rebuild()')
      const rebuildMs = Date.now() - t
      t = Date.now()
      await db.exec('VACUUM ANALYZE requests')
      await db.exec('VACUUM ANALYZE request_updates')
      for (const table of ['dashboard_daily', ...ROLLUP_TABLES]) await db.exec(`VACUUM ANALYZE ${table}`)
      const analyzeMs = Date.now() - t
      const count = async (sql: string) => Number((await db.query<{ n: number }>(sql)).rows[0].n)
      console.log(
        JSON.stringify({
          name: 'dashboard data',
          requests: total,
          updates: await count('SELECT count(*) AS n FROM request_updates'),
          summary_rows: await count('SELECT count(*) AS n FROM dashboard_daily'),
          ...Object.fromEntries(await Promise.all(ROLLUP_TABLES.map(async (t) => [`${t}_rows`, await count(`SELECT count(*) AS n FROM ${t}`)]))),
          generate_s: round(generateMs / 1000, 1),
          rebuild_s: round(rebuildMs / 1000, 1),
          analyze_s: round(analyzeMs / 1000, 1),
        }),
      )
    }

    const staff = async (username: string, role: string, department: string | null) => {
      const r = await db.query<{ id: string }>(
        `INSERT INTO staff (username, display_name, password_hash, role, department_code, created_at, updated_at)
         VALUES ($1, $1, 'x', $2, $3, $4, $4) ON CONFLICT (username) DO UPDATE SET role = $2 RETURNING id`,
        [username, role, department, now],
      )
      return { authorization: `Bearer ${(await createSession(db, { staffId: r.rows[0].id }, now)).token}` }
    }
    const hotline = await staff('bench-hotline', 'dispatcher', null)
    const police = await staff('bench-police', 'dept_staff', 'gz-police')
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', H5_DIR: '/nonexistent-onestop-bench', DATA_KEY: randomBytes(32).toString('base64'), RATE_LIMIT_PER_MINUTE: '1000000' })
    const app = await buildApp({ config, db, logger: false, clock: () => now })
    await app.ready()

    const today = shanghaiDate(now)
    const days = (n: number) => `from=${addCalendarDays(today, -(n - 1))}&to=${today}`
    const tianhe = `district=${encodeURIComponent('天河区')}`
    const cases: [string, string, Record<string, string>][] = []
    for (const [label, n] of [['1 day', 1], ['7 days', 7], ['30 days', 30], ['a year', 366]] as const) {
      cases.push([`city, ${label}`, `/api/staff/dashboard?${days(n)}`, hotline])
      cases.push([`district 天河区, ${label}`, `/api/staff/dashboard?${days(n)}&${tianhe}`, hotline])
      cases.push([`department (clerk), ${label}`, `/api/staff/dashboard?${days(n)}`, police])
    }
    cases.push(
      ['city complaints in 天河区, 30 days', `/api/staff/dashboard?${days(30)}&${tianhe}&type=complaint`, hotline],
      ['drill overdue, 30 days', `/api/staff/dashboard/requests?metric=overdue&${days(30)}`, hotline],
      ['drill signed-on-time, 30 days', `/api/staff/dashboard/requests?metric=signed-on-time&${days(30)}`, hotline],
      ['drill satisfied, department (clerk), 30 days', `/api/staff/dashboard/requests?metric=satisfied&${days(30)}`, police],
    )
    const only = arg('only', '')
    const results = []
    for (const [caseName, url, headers] of cases) {
      if (only && !caseName.includes(only)) continue
      const once = async () => {
        const res = await app.inject({ method: 'GET', url, headers })
        if (res.statusCode !== 200) throw new Error(`${url} 返回了 ${res.statusCode}：${res.body}`)
        return JSON.parse(res.body) as { received?: number; total?: number; hotspots?: unknown[] }
      }
      const first = await once()
      for (let i = 0; i < 3; i++) await once()
      const latencies: number[] = []
      for (let i = 0; i < runs; i++) {
        const start = process.hrtime.bigint()
        await once()
        latencies.push(Number(process.hrtime.bigint() - start) / 1e6)
      }
      latencies.sort((a, b) => a - b)
      const r = { name: `dashboard: ${caseName}`, n: runs, counted: first.received ?? first.total, hotspots: first.hotspots?.length, ...percentiles(latencies, (x) => round(x, 1)) }
      console.log(JSON.stringify(r))
      results.push(r)
    }
    await app.close()

    if (!only) {
      // The triggers' price on a step: the same writes with them off (then taken out again, still off, so the
      // summary stays exact) and on.
      await db.exec('ALTER TABLE request_updates DISABLE TRIGGER request_updates_dashboard')
      const off = await stepCost(db, runs * 5)
      await db.query('DELETE FROM request_updates WHERE id = ANY($1::bigint[])', [off.written])
      await db.exec('ALTER TABLE request_updates ENABLE TRIGGER request_updates_dashboard')
      const on = await stepCost(db, runs * 5)
      const show = (label: string, x: number[]) => ({ name: `dashboard: step write (dispatch + 签收, one transaction), ${label}`, n: x.length, ...percentiles(x, (v) => round(v, 2)) })
      console.log(JSON.stringify(show('summary triggers off', off.latencies)))
      console.log(JSON.stringify(show('summary triggers on', on.latencies)))
    }
  } finally {
    if (keep || reuse) {
      await db.close()
      if (keep) console.error(`kept database ${name}`)
    } else await drop()
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error('一屏观基准测试失败：', err)
    process.exit(1)
  })
}
