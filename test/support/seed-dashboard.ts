// Seeds a DATA_DIR's embedded database for the 一屏观 browser test, before the server opens it: migrations, reference
// data, the DEMO staff and requests, then hotline-filed 12345 requests with back-dated clocks across districts and
// states (a traffic.parking cluster in 天河区 filed in the last two days, consults accepted ten days ago and never
// closed = 超期, closed and revisited ones in 越秀区, reports in 白云区). Run: tsx test/support/seed-dashboard.ts DIR
import { randomBytes } from 'node:crypto'
import path from 'node:path'
import type { FileRequestBody, StaffActionBody } from '@contract/request'
import type { StaffPrincipal } from '../../server/auth'
import { createDataCrypto } from '../../server/crypto'
import { openDatabase } from '../../server/db'
import { migrate } from '../../server/db/migrate'
import { seedReference } from '../../server/db/seed'
import { seedDemo } from '../../server/db/seed/demo'
import { createSeedRepo } from '../../server/db/seed/repo'
import { createRequestsService, fileRequest } from '../../server/modules/requests/service'

type Who = 'demo-dispatcher' | 'demo-dept'
interface Seeded {
  hoursAgo: number
  body: FileRequestBody
  steps: [Who, StaffActionBody][]
}

const at = (district: string, lat: number, lng: number, address: string) => ({ lat, lng, address: `${district}${address}`, district })
const dispatchToPolice: [Who, StaffActionBody][] = [
  ['demo-dispatcher', { action: 'accept' }],
  ['demo-dispatcher', { action: 'dispatch', departmentCode: 'gz-police' }],
  ['demo-dept', { action: 'sign' }],
]

export const SEEDED: Seeded[] = [
  // 天河区: six parking complaints within ~100 m in the last two days (one hotspot).
  ...[0, 1, 2, 3, 4, 5].map((i): Seeded => ({
    hoursAgo: 6 + i * 5,
    body: { type: 'complaint', category: 'traffic.parking', content: `天河路 ${380 + i} 号附近车辆长期乱停，占用人行道和消防通道，请尽快处理。`, location: at('天河区', 23.1322 + i * 0.0002, 113.3245, `天河路 ${380 + i} 号`) },
    steps: i < 3 ? dispatchToPolice : [],
  })),
  // 海珠区 and 荔湾区: consults accepted ten days ago and never answered: 超期 (2 working days).
  ...[0, 1].map((i): Seeded => ({
    hoursAgo: 240 + i,
    body: { type: 'consult', category: 'social.insurance', content: `请问灵活就业人员怎么办理社保参保登记？第 ${i + 1} 次咨询。`, location: at('海珠区', 23.0838, 113.3172, '江南大道中') },
    steps: [['demo-dispatcher', { action: 'accept' }]],
  })),
  {
    hoursAgo: 250,
    body: { type: 'consult', category: 'social.insurance', content: '社保卡丢失后补办需要多长时间？在哪里可以办理？', location: at('荔湾区', 23.1259, 113.2442, '中山八路') },
    steps: [['demo-dispatcher', { action: 'accept' }]],
  },
  // 越秀区: help requests handled by the police, closed and revisited.
  ...[0, 1].map((i): Seeded => ({
    hoursAgo: 120 + i * 3,
    body: { type: 'help', category: 'public-safety.police', content: `北京路 ${200 + i} 号门口有人长期摆摊占道，影响通行，请求帮助处理。`, location: at('越秀区', 23.129, 113.2668, `北京路 ${200 + i} 号`) },
    steps: [
      ...dispatchToPolice,
      ['demo-dept', { action: 'reply', note: '已联合城管清理占道摊档，并加强巡查。' }],
      ['demo-dispatcher', { action: 'close' }],
      ['demo-dispatcher', { action: 'revisit', level: i === 0 ? 5 : 2, resolved: i === 0 }],
    ],
  })),
  // 白云区: reports (15 working days), dispatched and signed, not yet due.
  ...[0, 1, 2].map((i): Seeded => ({
    hoursAgo: 72 + i,
    body: { type: 'report', category: 'urban.illegal-building', content: `白云区某村 ${i + 1} 号楼顶有人加建铁皮房，存在安全隐患，请核查。`, location: at('白云区', 23.1579, 113.2731, `某村 ${i + 1} 号`) },
    steps: dispatchToPolice,
  })),
]

async function main(): Promise<void> {
  const dataDir = process.argv[2]
  if (!dataDir) throw new Error('usage: seed-dashboard.ts DATA_DIR')
  const db = await openDatabase({ pgliteDir: path.join(dataDir, 'pglite') })
  try {
    await migrate(db)
    await seedReference(db)
    await seedDemo(db)
    const staff = new Map<string, StaffPrincipal>(
      (await createSeedRepo(db).staffByUsernames(['demo-dispatcher', 'demo-dept'])).map((s) => [
        s.username,
        { kind: 'staff', staffId: s.id, sessionId: '', username: s.username, displayName: s.display_name, role: s.role, departmentCode: s.department_code, hallId: null },
      ]),
    )
    const now = Date.now()
    let clock = new Date(now)
    const ctx = { db, crypto: createDataCrypto(randomBytes(32)), clock: () => clock }
    const service = createRequestsService(ctx)
    for (const [n, r] of SEEDED.entries()) {
      clock = new Date(now - r.hoursAgo * 3600_000)
      const { request } = await fileRequest(ctx, r.body, { kind: 'partner', partnerId: 'dashboard-test', source: 'hotline' }, `dashboard-test-${n}`)
      for (const [i, [who, action]] of r.steps.entries()) {
        clock = new Date(now - r.hoursAgo * 3600_000 + (i + 1) * 600_000)
        await service.staffAction(staff.get(who) as StaffPrincipal, request.id, action)
      }
    }
    console.log(`seeded ${SEEDED.length}`)
  } finally {
    await db.close()
  }
}

void main().catch((err) => {
  console.error(err)
  process.exit(1)
})
