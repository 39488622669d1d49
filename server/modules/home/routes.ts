// HTTP route for the home page's 待办: GET /api/me/todo (signed-in residents).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorBody } from '@contract/common'
import { TodoList } from '@contract/home'
import { residentOf } from '../../auth'
import type { DataCrypto } from '../../crypto'
import { createResidentApplications } from '../applications/resident'
import { createAppointmentsService } from '../appointments/service'
import { createAppointmentsRepo } from '../appointments/repo'
import { loadForms } from '../forms'
import { createApplicationRatings } from '../ratings/application'
import { createResidentRatings } from '../ratings/resident'
import { createResidentRequests } from '../requests/resident'
import type { PhotoStorage } from '../uploads/storage'
import { createTodo } from './todo'

const homeRoutes: FastifyPluginAsyncTypebox<{ crypto: DataCrypto; storage: PhotoStorage }> = async (app, opts) => {
  const { db, clock } = app
  const { crypto } = opts
  const todo = createTodo({
    appointments: createAppointmentsService({ db, repo: createAppointmentsRepo(db), crypto, clock, rules: app.config.appointments }),
    ratings: createResidentRatings({ db, crypto, clock, rectifyDays: app.config.ratings.rectifyDays }),
    requests: createResidentRequests({ db, crypto, clock, rules: app.config.requestDeadlines }),
    applications: createResidentApplications({ db, crypto, clock, forms: await loadForms(), storage: opts.storage }),
    citycode: app.citycode.service,
    applicationRatings: createApplicationRatings({ db, crypto, clock, rectifyDays: app.config.ratings.rectifyDays }),
    clock,
  })

  app.get(
    '/api/me/todo',
    { preHandler: app.requireResident, schema: { tags: ['me'], summary: '首页待办（预约、待补正、打印码到期、待评价）', response: { 200: TodoList, 401: ErrorBody } } },
    async (request) => ({ items: await todo.list(residentOf(request).userId) }),
  )
}

export default homeRoutes
