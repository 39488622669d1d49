// HTTP routes for departments: GET /api/departments.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { DepartmentList } from '@contract/department'
import { createDepartmentsRepo } from './repo'
import { createDepartmentsService } from './service'

const departmentsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = createDepartmentsService(createDepartmentsRepo(app.db))

  app.get(
    '/api/departments',
    { schema: { tags: ['departments'], summary: '委办局列表', response: { 200: DepartmentList } } },
    async () => ({ items: await service.list() }),
  )
}

export default departmentsRoutes
