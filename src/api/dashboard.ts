// 一屏观 (the 一网统管 command view) endpoints: the figures of a period and the work orders behind one figure. Staff
// only; every call carries the staff token explicitly (dispatcher and admin see the city, a clerk their department).
import type { Dashboard, DashboardMetric, DashboardQuery, DrillPage } from '@contract/dashboard'
import type { AnswerShape, ApiClient } from './client'

// The fields the app reads of each answer (checked by the client; see AnswerShape).
const DASHBOARD: AnswerShape = {
  from: 'string',
  to: 'string',
  received: 'number',
  byType: 'object',
  byDistrict: 'list',
  open: 'number',
  overdue: 'number',
  closed: 'number',
  rates: 'object',
  departments: 'list',
  trend: 'list',
  topCategories: 'list',
  risingCategories: 'list',
  hotspots: 'list',
  asOf: 'string',
}
const PAGE: AnswerShape = { items: 'list', total: 'number', page: 'number', pageSize: 'number' }

export function dashboard(api: ApiClient, token: string, query: DashboardQuery): Promise<Dashboard> {
  return api.request('GET', '/staff/dashboard', { token, query: { ...query }, expect: DASHBOARD })
}

export function dashboardRequests(
  api: ApiClient,
  token: string,
  metric: DashboardMetric,
  query: DashboardQuery,
  page = 1,
  pageSize = 50,
): Promise<DrillPage> {
  return api.request('GET', '/staff/dashboard/requests', { token, query: { ...query, metric, page, pageSize }, expect: PAGE })
}
