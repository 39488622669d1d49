// Rules for staff: sign-in with lock-out (5 failures → 15 minutes, unknown usernames counted alike), audit, and account admin.
import type { StaffProfile, StaffRole, StaffSessionResponse } from '@contract/auth'
import { audit, createSession } from '../../auth'
import type { DataCrypto } from '../../crypto'
import { dummyPasswordHash, hashPassword, passwordProblem, verifyPassword } from '../../crypto/password'
import type { Db } from '../../db'
import { AppError } from '../../errors'
import type { StaffRepo, StaffRow } from './repo'

export const STAFF_MAX_FAILURES = 5
export const STAFF_LOCK_MINUTES = 15
export const STAFF_ROLES: readonly StaffRole[] = ['dispatcher', 'dept_staff', 'hall_staff', 'admin']

/** HH:mm in China time. */
function chinaTime(d: Date): string {
  return new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(11, 16)
}

export function toProfile(row: StaffRow): StaffProfile {
  const p: StaffProfile = { id: row.id, username: row.username, displayName: row.display_name, role: row.role }
  if (row.department_code) p.departmentCode = row.department_code
  if (row.hall_id) p.hallId = row.hall_id
  return p
}

export class StaffAdminError extends Error {}

export function createStaffService(deps: { db: Db; repo: StaffRepo; crypto: DataCrypto; clock: () => Date }) {
  const { db, repo, crypto, clock } = deps
  const guardKey = (username: string) => crypto.lookup('staff_username', username)
  const normal = (username: string) => username.trim().toLowerCase()

  function locked(until: Date, now: Date): AppError {
    const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000))
    return new AppError(423, 'STAFF_LOCKED', `密码错误次数过多，账号已锁定至 ${chinaTime(until)}（北京时间），请稍后再试或联系管理员解锁`, {
      headers: { 'retry-after': String(seconds) },
    })
  }

  return {
    async login(usernameInput: string, password: string, ip: string): Promise<StaffSessionResponse> {
      const now = clock()
      const username = normal(usernameInput)
      const key = guardKey(username)
      const row = await repo.byUsername(username)
      const actorId = row?.id ?? null
      const guard = await repo.guard(key)
      if (guard?.locked_until && guard.locked_until.getTime() > now.getTime()) {
        await audit(db, { actorKind: 'staff', actorId, action: 'staff.login_failed', detail: { reason: 'locked', ip }, at: now })
        throw locked(guard.locked_until, now)
      }
      // Unknown usernames cost the same scrypt work as known ones.
      const ok = await verifyPassword(password, row?.password_hash ?? (await dummyPasswordHash()))
      if (!row || !ok || row.disabled_at) {
        const failures = await repo.addFailure(key, now)
        const reason = !row ? 'unknown_user' : row.disabled_at ? 'disabled' : 'bad_password'
        await audit(db, { actorKind: 'staff', actorId, action: 'staff.login_failed', detail: { reason, ip, failures }, at: now })
        if (failures >= STAFF_MAX_FAILURES) {
          const until = new Date(now.getTime() + STAFF_LOCK_MINUTES * 60_000)
          await repo.lock(key, until, now)
          throw locked(until, now)
        }
        const left = STAFF_MAX_FAILURES - failures
        throw new AppError(401, 'STAFF_LOGIN_FAILED', `用户名或密码错误；再错 ${left} 次，账号将锁定 ${STAFF_LOCK_MINUTES} 分钟`)
      }
      await repo.clearGuard(key)
      const s = await createSession(db, { staffId: row.id }, now)
      await audit(db, { actorKind: 'staff', actorId: row.id, action: 'staff.login', detail: { ip }, at: now })
      return { token: s.token, expiresAt: s.expiresAt.toISOString(), staff: toProfile(row) }
    },

    async profile(staffId: string): Promise<StaffProfile> {
      const row = await repo.byId(staffId)
      if (!row) throw new AppError(401, 'UNAUTHORIZED', '登录已失效，请重新登录')
      return toProfile(row)
    },

    // Account administration (npm run admin, demo data). Errors are StaffAdminError with a Chinese message.

    async create(input: { username: string; password: string; role: StaffRole; scope?: string | null; displayName?: string }, actor = 'admin-cli'): Promise<StaffRow> {
      const now = clock()
      const username = normal(input.username)
      if (!/^[a-z0-9][a-z0-9._-]{1,63}$/.test(username)) {
        throw new StaffAdminError('用户名应为 2–64 位小写字母、数字、点、下划线或连字符，并以字母或数字开头')
      }
      if (!STAFF_ROLES.includes(input.role)) throw new StaffAdminError(`角色应为 ${STAFF_ROLES.join('、')} 之一`)
      const problem = passwordProblem(input.password)
      if (problem) throw new StaffAdminError(problem)
      const scope = input.scope?.trim() || null
      if ((input.role === 'dept_staff' || input.role === 'hall_staff') && !scope) {
        throw new StaffAdminError(input.role === 'dept_staff' ? 'dept_staff 需要委办局代码（如 gz-police）' : 'hall_staff 需要大厅编号')
      }
      if (input.role === 'dept_staff') {
        if (!(await repo.departmentExists(scope as string))) throw new StaffAdminError(`委办局代码 ${scope} 不存在`)
      }
      if (await repo.byUsername(username)) throw new StaffAdminError(`用户名 ${username} 已存在`)
      const row = await repo.insert({
        username,
        displayName: input.displayName ?? username,
        passwordHash: await hashPassword(input.password),
        role: input.role,
        departmentCode: input.role === 'dept_staff' ? scope : null,
        hallId: input.role === 'hall_staff' ? scope : null,
        now,
      })
      await audit(db, { actorKind: 'system', actorId: actor, action: 'staff.create', target: `staff:${row.id}`, detail: { username, role: row.role }, at: now })
      return row
    },

    async resetPassword(usernameInput: string, password: string, actor = 'admin-cli'): Promise<void> {
      const now = clock()
      const row = await repo.byUsername(normal(usernameInput))
      if (!row) throw new StaffAdminError(`没有用户名为 ${normal(usernameInput)} 的工作人员`)
      const problem = passwordProblem(password)
      if (problem) throw new StaffAdminError(problem)
      await repo.setPassword(row.id, await hashPassword(password), now)
      await repo.revokeSessions(row.id, now)
      await repo.clearGuard(guardKey(row.username))
      await audit(db, { actorKind: 'system', actorId: actor, action: 'staff.reset_password', target: `staff:${row.id}`, at: now })
    },

    /** Lifts a lock-out (also for usernames that do not exist). Returns whether there was one. */
    async unlock(usernameInput: string, actor = 'admin-cli'): Promise<boolean> {
      const now = clock()
      const username = normal(usernameInput)
      const had = await repo.clearGuard(guardKey(username))
      const row = await repo.byUsername(username)
      await audit(db, { actorKind: 'system', actorId: actor, action: 'staff.unlock', target: row ? `staff:${row.id}` : null, at: now })
      return had
    },

    list: () => repo.list(),
  }
}

export type StaffService = ReturnType<typeof createStaffService>
