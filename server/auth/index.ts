// Who is calling: bearer-token sessions for residents and staff, the guards later modules put on routes, and row-level access checks.
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify'
import type { StaffRole } from '@contract/auth'
import type { Level } from '@contract/me'
import { newToken, tokenHash } from '../crypto'
import type { Queryable } from '../db'
import { AppError } from '../errors'
import { insertAudit, insertSession, revokeSessionByTokenHash, sessionByTokenHash, touchSession, type SessionRow } from './repo'

export const RESIDENT_SESSION_DAYS = 30
export const STAFF_SESSION_HOURS = 8
/** last_seen_at is written at most this often per session. */
const SEEN_EVERY_MS = 5 * 60_000

export interface ResidentPrincipal {
  kind: 'resident'
  userId: string
  sessionId: string
  level: Level
}

export interface StaffPrincipal {
  kind: 'staff'
  staffId: string
  sessionId: string
  username: string
  displayName: string
  role: StaffRole
  departmentCode: string | null
  hallId: string | null
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by requireResident. */
    resident: ResidentPrincipal | null
    /** Set by requireStaff. */
    staff: StaffPrincipal | null
  }
  interface FastifyInstance {
    /** preHandler: a resident session is required (401 UNAUTHORIZED otherwise). */
    requireResident: preHandlerAsyncHookHandler
    /** preHandler: a resident at `level` or above (403 REALNAME_REQUIRED otherwise); includes requireResident. */
    requireLevel(level: Level): preHandlerAsyncHookHandler
    /** preHandler: a staff session, optionally with one of `roles` (403 FORBIDDEN otherwise). */
    requireStaff(roles?: readonly StaffRole[]): preHandlerAsyncHookHandler
    /** The time everything uses (tests inject it). */
    clock: () => Date
  }
}

export const NOT_SIGNED_IN = () => new AppError(401, 'UNAUTHORIZED', '请先登录')
export const SESSION_ENDED = () => new AppError(401, 'UNAUTHORIZED', '登录已失效，请重新登录')

/** The token of `Authorization: Bearer <token>`, or null. */
export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization
  if (typeof header !== 'string') return null
  const m = /^Bearer\s+([A-Za-z0-9_-]{20,200})\s*$/i.exec(header)
  return m ? m[1] : null
}

export function findSession(db: Queryable, token: string): Promise<SessionRow | null> {
  return sessionByTokenHash(db, tokenHash(token))
}

export interface NewSession {
  token: string
  id: string
  expiresAt: Date
}

export async function createSession(
  db: Queryable,
  who: { userId: string; provider: 'wechat' | 'alipay' | 'sms' } | { staffId: string },
  now: Date,
): Promise<NewSession> {
  const token = newToken()
  const resident = 'userId' in who
  const expiresAt = new Date(now.getTime() + (resident ? RESIDENT_SESSION_DAYS * 86_400_000 : STAFF_SESSION_HOURS * 3_600_000))
  const id = await insertSession(db, {
    tokenHash: tokenHash(token),
    kind: resident ? 'resident' : 'staff',
    userId: resident ? who.userId : null,
    staffId: resident ? null : who.staffId,
    provider: resident ? who.provider : null,
    now,
    expiresAt,
  })
  return { token, id, expiresAt }
}

/** Revokes the session behind `token` (no-op when unknown or already revoked). */
export async function revokeToken(db: Queryable, token: string, now: Date): Promise<void> {
  await revokeSessionByTokenHash(db, tokenHash(token), now)
}

/** Checks the token and returns its live session, or throws 401. */
async function authenticate(request: FastifyRequest, kind: 'resident' | 'staff'): Promise<SessionRow> {
  const token = bearerToken(request)
  if (!token) throw NOT_SIGNED_IN()
  const app = request.server
  const now = app.clock()
  const row = await findSession(app.db, token)
  if (!row || row.revoked_at || row.expires_at.getTime() <= now.getTime()) throw SESSION_ENDED()
  if (row.kind !== kind) throw kind === 'staff' ? new AppError(403, 'FORBIDDEN', '该功能仅限工作人员使用') : SESSION_ENDED()
  if (row.deleted_at || row.disabled_at) throw SESSION_ENDED()
  if (now.getTime() - row.last_seen_at.getTime() > SEEN_EVERY_MS) {
    await touchSession(app.db, row.id, now)
  }
  return row
}

/** Adds the guards to `app` (not encapsulated: every module registered after sees them). */
export function registerAuth(app: import('fastify').FastifyInstance, clock: () => Date): void {
  app.decorate('clock', clock)
  app.decorateRequest('resident', null)
  app.decorateRequest('staff', null)

  const requireResident = async (request: FastifyRequest, _reply: FastifyReply) => {
    const row = await authenticate(request, 'resident')
    request.resident = { kind: 'resident', userId: row.user_id as string, sessionId: row.id, level: (row.level ?? 1) as Level }
  }
  app.decorate('requireResident', requireResident)

  app.decorate('requireLevel', (level: Level) => async (request: FastifyRequest, reply: FastifyReply) => {
    await requireResident(request, reply)
    if ((request.resident as ResidentPrincipal).level < level) {
      throw new AppError(403, 'REALNAME_REQUIRED', '请先完成实名认证')
    }
  })

  app.decorate('requireStaff', (roles?: readonly StaffRole[]) => async (request: FastifyRequest) => {
    const row = await authenticate(request, 'staff')
    const staff: StaffPrincipal = {
      kind: 'staff',
      staffId: row.staff_id as string,
      sessionId: row.id,
      username: row.username as string,
      displayName: row.display_name as string,
      role: row.role as StaffRole,
      departmentCode: row.department_code,
      hallId: row.hall_id,
    }
    if (roles && !roles.includes(staff.role)) throw new AppError(403, 'FORBIDDEN', '当前账号的角色无权执行此操作')
    request.staff = staff
  })
}

/** The resident the guard put on the request (call only behind requireResident). */
export function residentOf(request: FastifyRequest): ResidentPrincipal {
  if (!request.resident) throw NOT_SIGNED_IN()
  return request.resident
}

export function staffOf(request: FastifyRequest): StaffPrincipal {
  if (!request.staff) throw NOT_SIGNED_IN()
  return request.staff
}

const NOT_FOUND = () => new AppError(404, 'NOT_FOUND', '找不到该内容')

/**
 * Row-level check for resident-owned records: someone else's record answers 404, exactly like a missing one,
 * so ids cannot be probed. Use after loading the row by id.
 */
export function assertOwnRecord<T extends { user_id: string | null }>(request: FastifyRequest, row: T | null | undefined): T {
  const resident = residentOf(request)
  if (!row || row.user_id !== resident.userId) throw NOT_FOUND()
  return row
}

/** Where a staff record belongs: the department that owns it and/or the hall it happens at. */
export interface StaffScopeTarget {
  departmentCode?: string | null
  hallId?: string | null
}

/**
 * May this staff member see a record of that department/hall? admin and dispatcher (the hotline centre) see
 * all; dept_staff only their department's; hall_staff only their hall's.
 */
export function staffCanSee(staff: StaffPrincipal, target: StaffScopeTarget): boolean {
  switch (staff.role) {
    case 'admin':
    case 'dispatcher':
      return true
    case 'dept_staff':
      return !!target.departmentCode && target.departmentCode === staff.departmentCode
    case 'hall_staff':
      return !!target.hallId && target.hallId === staff.hallId
  }
}

/** Row-level check for staff: out-of-scope records answer 404 like missing ones. */
export function assertStaffScope<T>(request: FastifyRequest, row: T | null | undefined, target: (row: T) => StaffScopeTarget): T {
  const staff = staffOf(request)
  if (!row || !staffCanSee(staff, target(row))) throw NOT_FOUND()
  return row
}

/** SQL filter for lists: `{ sql: 'department_code = $n', params }` or no filter for admin/dispatcher. */
export function staffScopeFilter(
  staff: StaffPrincipal,
  columns: { department?: string; hall?: string },
  firstParam: number,
): { sql: string; params: unknown[] } {
  if (staff.role === 'admin' || staff.role === 'dispatcher') return { sql: 'TRUE', params: [] }
  if (staff.role === 'dept_staff' && columns.department) return { sql: `${columns.department} = $${firstParam}`, params: [staff.departmentCode] }
  if (staff.role === 'hall_staff' && columns.hall) return { sql: `${columns.hall} = $${firstParam}`, params: [staff.hallId] }
  return { sql: 'FALSE', params: [] }
}

/** Appends an audit_log row (never updated). */
export async function audit(
  db: Queryable,
  entry: { actorKind: 'staff' | 'resident' | 'system'; actorId: string | null; action: string; target?: string | null; detail?: Record<string, unknown>; at: Date },
): Promise<void> {
  await insertAudit(db, { ...entry, target: entry.target ?? null, detail: entry.detail ?? {} })
}
