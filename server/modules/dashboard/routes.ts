// HTTP routes for 一屏观 (一网统管): GET /api/staff/dashboard (the figures of a period) and
// GET /api/staff/dashboard/requests (the work orders behind one figure). Dispatcher and admin see the city, a
// department clerk their own department (another one → 403 DEPARTMENT_FORBIDDEN).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorBody } from '@contract/common'
import { Dashboard, DashboardQuery, DrillPage, DrillQuery } from '@contract/dashboard'
import { staffOf } from '../../auth'
import { drillDown } from './drill'
import { dashboardFigures } from './figures'
import { scopeOf } from './scope'

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 429: ErrorBody }
const ROLES = ['dispatcher', 'admin', 'dept_staff'] as const

const dashboardRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/staff/dashboard',
    {
      preHandler: app.requireStaff(ROLES),
      schema: {
        tags: ['staff'],
        summary: '一屏观：受理、三率与按时办结率、部门分档评价、趋势、热点（按上海时区的日期统计）',
        querystring: DashboardQuery,
        response: { 200: Dashboard, ...errors },
      },
    },
    async (request) => {
      const { period, scope } = scopeOf(staffOf(request), request.query, app.clock())
      return dashboardFigures(app.db, period, scope)
    },
  )

  app.get(
    '/api/staff/dashboard/requests',
    {
      preHandler: app.requireStaff(ROLES),
      schema: {
        tags: ['staff'],
        summary: '一屏观：某个数字所统计的工单（与统计口径相同的筛选条件）',
        querystring: DrillQuery,
        response: { 200: DrillPage, ...errors },
      },
    },
    async (request) => {
      const { metric, page, pageSize, ...filters } = request.query
      const { scope } = scopeOf(staffOf(request), filters, app.clock())
      return drillDown(app.db, metric, scope, page ?? 1, pageSize ?? 20)
    },
  )
}

export default dashboardRoutes
