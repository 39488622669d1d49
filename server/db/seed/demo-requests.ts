// Demo 12345 requests (DEMO=1 only) so the workbench has something in every queue: new, accepted, dispatched to the
// police, a reply to review and a pending extension. Filed as hotline calls (no resident account, no contact), idempotent.
import { randomBytes } from 'node:crypto'
import type { FileRequestBody, StaffActionBody } from '@contract/request'
import type { StaffPrincipal } from '../../auth'
import { createDataCrypto } from '../../crypto'
import { createRequestsService, fileRequest } from '../../modules/requests/service'
import type { Db } from '../types'
import { createSeedRepo } from './repo'

interface DemoRequest {
  key: string
  /** Hours before now it was filed. */
  hoursAgo: number
  body: FileRequestBody
  steps: { by: 'demo-dispatcher' | 'demo-dept'; action: StaffActionBody }[]
}

const DEMO_REQUESTS: DemoRequest[] = [
  {
    key: 'demo-request-1',
    hoursAgo: 2,
    body: {
      type: 'complaint',
      category: 'traffic.parking',
      content: '天河路 385 号小区门口每天晚上都有车辆乱停，堵住消防通道，救护车进不来。',
      location: { lat: 23.1322, lng: 113.3245, address: '天河区天河路 385 号', district: '天河区', street: '天河南街道' },
    },
    steps: [],
  },
  {
    key: 'demo-request-2',
    hoursAgo: 20,
    body: {
      type: 'help',
      category: 'urban.facility',
      content: '江南大道中地铁站 B 出口旁的井盖松动，车辆经过时响声很大，担心有人踩空。',
      location: { lat: 23.1002, lng: 113.2721, address: '海珠区江南大道中', district: '海珠区' },
    },
    steps: [{ by: 'demo-dispatcher', action: { action: 'accept' } }],
  },
  {
    key: 'demo-request-3',
    hoursAgo: 30,
    body: {
      type: 'complaint',
      category: 'environment.noise',
      content: '北京路附近一家酒吧每晚 12 点后仍大声播放音乐，影响周边居民休息，已持续一个月。',
      location: { lat: 23.1258, lng: 113.2693, address: '越秀区北京路 200 号', district: '越秀区' },
    },
    steps: [
      { by: 'demo-dispatcher', action: { action: 'accept' } },
      { by: 'demo-dispatcher', action: { action: 'dispatch', departmentCode: 'gz-police', note: '请核查夜间噪声扰民情况' } },
    ],
  },
  {
    key: 'demo-request-4',
    hoursAgo: 50,
    body: { type: 'consult', category: 'public-safety.police', content: '新生儿落户需要准备哪些材料？可以在网上办理吗？' },
    steps: [
      { by: 'demo-dispatcher', action: { action: 'accept' } },
      { by: 'demo-dispatcher', action: { action: 'dispatch', departmentCode: 'gz-police' } },
      { by: 'demo-dept', action: { action: 'sign' } },
      { by: 'demo-dept', action: { action: 'reply', note: '携带出生医学证明、父母户口簿和身份证，可在“穗好办”App 网上申办，也可到户籍窗口办理。' } },
    ],
  },
  {
    key: 'demo-request-5',
    hoursAgo: 70,
    body: {
      type: 'report',
      category: 'public-safety.fire',
      anonymous: true,
      content: '某小区地下车库有人私拉电线给电动车充电，存在火灾隐患。',
      location: { lat: 23.1291, lng: 113.2644, address: '越秀区中山五路', district: '越秀区' },
    },
    steps: [
      { by: 'demo-dispatcher', action: { action: 'accept' } },
      { by: 'demo-dispatcher', action: { action: 'dispatch', departmentCode: 'gz-police' } },
      { by: 'demo-dept', action: { action: 'sign' } },
      { by: 'demo-dept', action: { action: 'request-extension', days: 3, note: '需会同消防部门联合检查' } },
    ],
  },
]

/** Adds the demo requests once (needs the demo staff); returns how many were added. */
export async function seedDemoRequests(db: Db, now = new Date()): Promise<number> {
  const repo = createSeedRepo(db)
  if (await repo.demoRequestsLoaded()) return 0
  const staff = new Map<string, StaffPrincipal>(
    (await repo.staffByUsernames(['demo-dispatcher', 'demo-dept'])).map((s) => [
      s.username,
      { kind: 'staff', staffId: s.id, sessionId: '', username: s.username, displayName: s.display_name, role: s.role, departmentCode: s.department_code, hallId: null },
    ]),
  )
  if (staff.size < 2) return 0
  let at = now
  const ctx = { db, crypto: createDataCrypto(randomBytes(32)), clock: () => at }
  const service = createRequestsService(ctx)
  for (const r of DEMO_REQUESTS) {
    at = new Date(now.getTime() - r.hoursAgo * 3600_000)
    const { request } = await fileRequest(ctx, r.body, { kind: 'partner', partnerId: 'demo', source: 'hotline' }, r.key)
    for (const [i, step] of r.steps.entries()) {
      at = new Date(now.getTime() - r.hoursAgo * 3600_000 + (i + 1) * 1800_000)
      await service.staffAction(staff.get(step.by) as StaffPrincipal, request.id, step.action)
    }
  }
  return DEMO_REQUESTS.length
}
