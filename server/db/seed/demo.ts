// Demo data, loaded only when DEMO=1 (never in production): one staff account per role with a published password; later features add more.
import type { StaffRole } from '@contract/auth'
import { hashPassword } from '../../crypto/password'
import type { Db } from '../types'
import { createSeedRepo } from './repo'
import { seedDemoRequests } from './demo-requests'

/** Everyone can read this password in the README and the start log: demo only. */
export const DEMO_STAFF_PASSWORD = 'Demo@2025'

export interface DemoStaff {
  username: string
  displayName: string
  role: StaffRole
  departmentCode?: string
  hallId?: string
}

export const DEMO_STAFF: readonly DemoStaff[] = [
  { username: 'demo-dispatcher', displayName: '12345 热线派单员（演示）', role: 'dispatcher' },
  { username: 'demo-dept', displayName: '市公安局工作人员（演示）', role: 'dept_staff', departmentCode: 'gz-police' },
  { username: 'demo-hrss', displayName: '市人力资源和社会保障局工作人员（演示）', role: 'dept_staff', departmentCode: 'gz-hrss' },
  { username: 'demo-hall', displayName: '天河区政务服务中心窗口（演示）', role: 'hall_staff', hallId: 'hall-tianhe' },
  { username: 'demo-admin', displayName: '系统管理员（演示）', role: 'admin' },
]

/** Marks the database as a demo one and adds the demo staff (existing accounts are left as they are; the department account only once departments are loaded); idempotent. */
export async function seedDemo(db: Db): Promise<readonly DemoStaff[]> {
  const now = new Date()
  const hashes = await Promise.all(DEMO_STAFF.map(() => hashPassword(DEMO_STAFF_PASSWORD)))
  await db.transaction(async (tx) => {
    const repo = createSeedRepo(tx)
    await repo.markDemo()
    for (const [i, s] of DEMO_STAFF.entries()) {
      await repo.addDemoStaff({ ...s, passwordHash: hashes[i], departmentCode: s.departmentCode ?? null, hallId: s.hallId ?? null, now })
    }
  })
  // 12345 requests in every workbench queue (after the staff, who work them).
  await seedDemoRequests(db)
  return DEMO_STAFF
}
