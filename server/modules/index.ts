// The one place that lists the API modules: each module's route plugin with what it needs, and each module's account
// hooks (what it holds about a resident: merge, export, erasure). buildApp registers exactly this list, in this order.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { DataCrypto } from '../crypto'
import announcementsRoutes from './announcements/routes'
import applicationsRoutes from './applications/routes'
import { applicationAccountHooks } from './applications/resident-data'
import appointmentsRoutes from './appointments/routes'
import { appointmentAccountHooks } from './appointments/resident-data'
import type { BookingPath } from './appointments/service'
import citycodeRoutes from './citycode/routes'
import { citycodeAccountHooks } from './citycode/resident-data'
import dashboardRoutes from './dashboard/routes'
import departmentsRoutes from './departments/routes'
import formsRoutes from './forms/routes'
import healthRoutes from './health/routes'
import homeRoutes from './home/routes'
import type { AccountHooks } from './identity/account-hooks'
import identityRoutes from './identity/routes'
import licencesRoutes from './licences/routes'
import { licenceAccountHooks } from './licences/resident-data'
import open311Routes from './open311/routes'
import outboxRoutes from './outbox/routes'
import { outboxAccountHooks } from './outbox/resident-data'
import ratingsRoutes from './ratings/routes'
import { ratingsAccountHooks } from './ratings/resident-data'
import requestsRoutes from './requests/routes'
import { requestAccountHooks } from './requests/resident-data'
import savedRoutes from './saved/routes'
import { savedAccountHooks } from './saved/resident-data'
import servicesRoutes from './services/routes'
import similarRoutes from './similar/routes'
import staffRoutes from './staff/routes'
import uploadsRoutes from './uploads/routes'
import { uploadsAccountHooks } from './uploads/resident-data'
import type { PhotoStorage } from './uploads/storage'

/** What the modules need from the app: built once by buildApp. */
export interface ModuleDeps {
  /** Encryption and lookup keys for personal data. */
  crypto: DataCrypto
  /** Where photo bytes live: the uploads routes write there, erasure deletes from there. */
  photos: PhotoStorage
  /** How bookings are made (default 'fast'); tests run 'transaction' beside it. */
  bookingPath?: BookingPath
}

/** A route plugin with the options it is registered with (typed against the plugin's own options). */
export interface ApiModule {
  name: string
  plugin: FastifyPluginAsyncTypebox<object>
  options: object
}

function apiModule<O extends object>(name: string, plugin: FastifyPluginAsyncTypebox<O>, options: O): ApiModule {
  return { name, plugin: plugin as FastifyPluginAsyncTypebox<object>, options }
}

/**
 * Every module's account hooks, in the order an account merge runs them (after every module's ownedTables moved),
 * the export lists them and erasure runs them.
 */
export function accountHooks(deps: Pick<ModuleDeps, 'photos'>): AccountHooks[] {
  return [savedAccountHooks, citycodeAccountHooks, outboxAccountHooks, requestAccountHooks, uploadsAccountHooks(deps.photos), appointmentAccountHooks, applicationAccountHooks, licenceAccountHooks, ratingsAccountHooks]
}

/** The API modules in registration order. */
export function apiModules(deps: ModuleDeps): ApiModule[] {
  const { crypto, photos, bookingPath } = deps
  return [
    apiModule('health', healthRoutes, {}),
    apiModule('departments', departmentsRoutes, {}),
    apiModule('identity', identityRoutes, { crypto, accountHooks: accountHooks(deps) }),
    apiModule('staff', staffRoutes, { crypto }),
    apiModule('services', servicesRoutes, {}),
    apiModule('forms', formsRoutes, {}),
    apiModule('appointments', appointmentsRoutes, { crypto, bookingPath }),
    apiModule('outbox', outboxRoutes, { crypto }),
    apiModule('saved', savedRoutes, {}),
    apiModule('uploads', uploadsRoutes, { crypto, storage: photos }),
    apiModule('requests', requestsRoutes, { crypto }),
    apiModule('ratings', ratingsRoutes, { crypto }),
    apiModule('similar', similarRoutes, {}),
    apiModule('dashboard', dashboardRoutes, {}),
    apiModule('open311', open311Routes, { crypto }),
    apiModule('citycode', citycodeRoutes, { crypto }),
    apiModule('applications', applicationsRoutes, { crypto, storage: photos }),
    apiModule('licences', licencesRoutes, {}),
    apiModule('announcements', announcementsRoutes, {}),
    apiModule('home', homeRoutes, { crypto, storage: photos }),
  ]
}
