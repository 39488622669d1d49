// What every part of the requests module works with: the context (database, crypto, clock, deadline rules) and the
// one rule for which request a caller may see — a resident their own, staff those in their scope — else 404.
import { DEFAULT_DEADLINE_RULES, type ActorRole, type DeadlineRules } from '@domain/workorder'
import { staffCanSee, type StaffPrincipal } from '../../auth'
import type { DataCrypto } from '../../crypto'
import type { Db, Queryable } from '../../db'
import { AppError } from '../../errors'
import { requestsRepo as repo, type RequestRow } from './repo'

/** What filing and transitions need; build it once per app (routes) or per call (other modules). */
export interface RequestsContext {
  db: Db
  crypto: DataCrypto
  clock: () => Date
  /** Working days per type; default DEFAULT_DEADLINE_RULES (config: REQUEST_DEADLINE_DAYS). */
  rules?: DeadlineRules
  /** Where a failure that loses nothing of the caller's is reported (the app's logger). */
  log?: { warn(obj: object, msg: string): void }
}

export const deadlineRules = (ctx: RequestsContext): DeadlineRules => ctx.rules ?? DEFAULT_DEADLINE_RULES

export const notFound = () => new AppError(404, 'NOT_FOUND', '找不到该诉求')

/** The resident's own request (locked FOR UPDATE when asked, inside the caller's transaction); 404 otherwise. */
export async function residentsOwn(q: Queryable, userId: string, id: string, lock = false): Promise<RequestRow> {
  const row = await repo.byId(q, id, lock)
  if (!row || row.user_id !== userId) throw notFound()
  return row
}

/** A request within the clerk's scope (locked FOR UPDATE when asked); 404 otherwise. */
export async function inStaffScope(q: Queryable, staff: StaffPrincipal, id: string, lock = false): Promise<RequestRow> {
  const row = await repo.byId(q, id, lock)
  if (!row || !staffCanSee(staff, { departmentCode: row.department_code })) throw notFound()
  return row
}

/** The clerk's role in the state machine. */
export function actorRoleOf(staff: StaffPrincipal): ActorRole {
  return staff.role === 'dispatcher' || staff.role === 'admin' || staff.role === 'dept_staff' ? staff.role : 'system'
}
