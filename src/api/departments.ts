// Departments and the API's health.
import type { DepartmentList } from '@contract/department'
import type { HealthResponse } from '@contract/health'
import type { ApiClient } from './client'

export function departments(api: ApiClient): Promise<DepartmentList> {
  return api.request('GET', '/departments', { expect: { items: 'list' } })
}

export function health(api: ApiClient): Promise<HealthResponse> {
  return api.request('GET', '/health', { expect: { status: 'string' } })
}
