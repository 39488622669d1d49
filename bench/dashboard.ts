// 一屏观 benchmark: 1,000,000 generated requests over a year with their update rows (file, dispatch, 签收, 退单, 办结 /
// 直接答复, 评价 / 回访 — about 4.6 M rows), then GET /api/staff/dashboard and its drill-down through the real app (inject) for
// the city, a district, a department and a clerk, over 7 and 30 days; prints one JSON line per case. PostgreSQL only.
// Usage: npm run bench (runs when DATABASE_URL is set), or npx tsx bench/dashboard.ts [--requests 1000000] [--runs 40] [--keep]
import { randomBytes } from 'node:crypto'
import { buildApp } from '../server/app'
import { createSession } from '../server/auth'
import { loadConfig } from '../server/config'
import { migrate } from '../server/db/migrate'
import { seedReference } from '../server/db/seed'
import { addCalendarDays, shanghaiDate } from '../domain/calendar'
import { GZ_DISTRICTS } from '../domain/districts'
import { arg, percentiles, round, scratchDatabase } from './lib'

const DEPARTMENTS = ['gz-police', 'gz-urban-management', 'gz-hrss', 'gz-housing-fund', 'gz-health', 'gz-market-regulation', 'gz-transport', 'gz-water']
const CATEGORIES = ['traffic.parking', 'urban.sanitation', 'environment.noise', 'housing.property', 'social.insurance', 'market.consumer', 'water-power.water', 'other.general']
const TYPES = ['consult', 'help', 'complaint', 'report', 'suggestion']

/** The generated history: every step is an update row as transition.ts writes it (facts in data), times spread deterministically. */
function generationSql(total: number, now: Date): string[] {
  const list = (xs: readonly string[]) => `ARRAY[${xs.map((x) => `'${x}'`).join(', ')}]`
  const districts = list(GZ_DISTRICTS.map((d) => d.name))
  // h(i, k): a deterministic pseudo-random integer in [0, 1000) per request and purpose.
  const h = (k: number) => `((i::bigint * ${2654435761 + k * 40503}) % 1000)`
  const at = `'${now.toISOString()}'::timestamptz`
  return [
    `INSERT INTO requests (number, source, type, category, content, lat, lng, address, district, status, department_code, filed_at,
                           dispatch_deadline, deadline, warn_at, closed_at, rating_level, rating_resolved, rated_at, updated_at)
     SELECT 'B' || lpad(i::text, 9, '0'), 'hotline', (${list(TYPES)})[1 + i % 5], (${list(CATEGORIES)})[1 + ${h(1)} % 8],
            '批量生成的历史诉求 ' || i, 23.0 + ${h(2)} / 2000.0, 113.2 + ${h(3)} / 1500.0, '某路 ' || i || ' 号',
            (${districts})[1 + ${h(4)} % 11],
            CASE WHEN ${h(5)} < 120 THEN 'processing' WHEN ${h(5)} < 160 THEN 'submitted' WHEN ${h(5)} < 700 THEN 'rated' ELSE 'closed' END,
            CASE WHEN ${h(5)} >= 160 AND ${h(6)} >= 100 OR ${h(5)} < 120 THEN (${list(DEPARTMENTS)})[1 + ${h(7)} % 8] END,
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

export async function main(): Promise<void> {
  const keep = process.argv.includes('--keep')
  const adminUrl = process.env.DATABASE_URL
  if (!adminUrl) {
    console.log(JSON.stringify({ name: 'dashboard', skipped: 'DATABASE_URL is not set (the target is PostgreSQL)' }))
    return
  }
  const total = Number(arg('requests', '1000000'))
  const runs = Number(arg('runs', '40'))
  const { db, name, drop } = await scratchDatabase(adminUrl, { poolSize: 8 })
  try {
    await migrate(db)
    await seedReference(db)
    const now = new Date()
    let t = Date.now()
    for (const sql of generationSql(total, now)) await db.exec(sql)
    const generateMs = Date.now() - t
    t = Date.now()
    await db.exec('VACUUM ANALYZE requests')
    await db.exec('VACUUM ANALYZE request_updates')
    const analyzeMs = Date.now() - t
    const updates = Number((await db.query<{ n: number }>('SELECT count(*) AS n FROM request_updates')).rows[0].n)

    const staff = async (username: string, role: string, department: string | null) => {
      const r = await db.query<{ id: string }>(
        `INSERT INTO staff (username, display_name, password_hash, role, department_code, created_at, updated_at)
         VALUES ($1, $1, 'x', $2, $3, $4, $4) RETURNING id`,
        [username, role, department, now],
      )
      return { authorization: `Bearer ${(await createSession(db, { staffId: r.rows[0].id }, now)).token}` }
    }
    const hotline = await staff('bench-hotline', 'dispatcher', null)
    const police = await staff('bench-police', 'dept_staff', 'gz-police')
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', H5_DIR: '/nonexistent-onestop-bench', DATA_KEY: randomBytes(32).toString('base64'), RATE_LIMIT_PER_MINUTE: '1000000' })
    const app = await buildApp({ config, db, logger: false })
    await app.ready()

    const today = shanghaiDate(now)
    const days = (n: number) => `from=${addCalendarDays(today, -(n - 1))}&to=${today}`
    const cases: [string, string, Record<string, string>][] = [
      ['city, 30 days', `/api/staff/dashboard?${days(30)}`, hotline],
      ['city, 7 days', `/api/staff/dashboard?${days(7)}`, hotline],
      ['district 天河区, 30 days', `/api/staff/dashboard?${days(30)}&district=${encodeURIComponent('天河区')}`, hotline],
      ['department (clerk), 30 days', `/api/staff/dashboard?${days(30)}`, police],
      ['drill overdue, 30 days', `/api/staff/dashboard/requests?metric=overdue&${days(30)}`, hotline],
      ['drill signed-on-time, 30 days', `/api/staff/dashboard/requests?metric=signed-on-time&${days(30)}`, hotline],
    ]
    const results = []
    for (const [name, url, headers] of cases) {
      const once = async () => {
        const res = await app.inject({ method: 'GET', url, headers })
        if (res.statusCode !== 200) throw new Error(`${url} 返回了 ${res.statusCode}：${res.body}`)
        return JSON.parse(res.body) as { received?: number; total?: number }
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
      results.push({ name: `dashboard: ${name}`, n: runs, counted: first.received ?? first.total, ...percentiles(latencies, (x) => round(x, 1)) })
    }
    await app.close()
    console.log(JSON.stringify({ name: 'dashboard data', requests: total, updates, generate_s: round(generateMs / 1000, 1), analyze_s: round(analyzeMs / 1000, 1) }))
    for (const r of results) console.log(JSON.stringify(r))
  } finally {
    if (keep) {
      await db.close()
      console.error(`kept database ${name}`)
    } else await drop()
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error('一屏观基准测试失败：', err)
    process.exit(1)
  })
}
