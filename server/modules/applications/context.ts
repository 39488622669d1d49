// What every part of the applications module works with: the database, crypto (sealed applicant data), the clock,
// where forms come from (server/modules/forms, passed in by server/modules/index.ts) and where material files live;
// plus the one rule for which application a caller may see — a resident their own, staff their department's — else 404.
import type { ServiceForm } from '@contract/forms'
import { staffCanSee, type StaffPrincipal } from '../../auth'
import type { DataCrypto } from '../../crypto'
import type { Db, Queryable } from '../../db'
import { AppError } from '../../errors'
import type { PhotoStorage } from '../uploads/storage'
import { applicationsRepo as repo, type ApplicationRow } from './repo'

/** The forms module's two look-ups (null: cannot be applied for online). */
export interface FormSource {
  formFor(serviceCode: string): ServiceForm | null
  formForBundle(bundleCode: string): ServiceForm | null
}

export interface ApplicationsContext {
  db: Db
  crypto: DataCrypto
  clock: () => Date
  forms: FormSource
  storage: PhotoStorage
}

export const notFound = () => new AppError(404, 'NOT_FOUND', '找不到该办件')

export async function residentsOwn(q: Queryable, userId: string, id: string, lock = false): Promise<ApplicationRow> {
  const row = await repo.byId(q, id, lock)
  if (!row || row.user_id !== userId) throw notFound()
  return row
}

export async function inStaffScope(q: Queryable, staff: StaffPrincipal, id: string, lock = false): Promise<ApplicationRow> {
  const row = await repo.byId(q, id, lock)
  if (!row || !staffCanSee(staff, { departmentCode: row.department_code })) throw notFound()
  return row
}
