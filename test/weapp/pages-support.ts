// What the app-shell (pages.test.ts) and identity (identity.test.ts) weapp tests share: the API base, the
// departments the fake server lists, how it answers, and finding an element on a rendered page.
import type { DepartmentList } from '@contract/department'
import type { FakeResponse } from './simulator'

export const API_BASE = 'http://localhost:8080/api'
export const COMING_SOON = '该功能正在建设中，暂未开放'

export const DEPARTMENTS: DepartmentList = {
  items: [
    { code: 'gz-police', name: '广州市公安局', shortName: '市公安局' },
    { code: 'gz-hrss', name: '广州市人力资源和社会保障局', shortName: '市人社局' },
    { code: 'gz-medical-security', name: '广州市医疗保障局', shortName: '市医保局' },
  ],
}

export const ok = (body: unknown): FakeResponse => ({ statusCode: 200, data: body, header: { 'Content-Type': 'application/json; charset=utf-8' } })

/**
 * Answers GET /api/departments like the API server, and the catalog's browse lists (themes, bundles, the
 * hot list) as an empty catalog; anything else is a 404 with the server's error shape.
 */
export function departmentsServer(body: DepartmentList) {
  return (req: { url: string; method: string }): FakeResponse => {
    if (req.method !== 'GET') return { statusCode: 404, data: { code: 'NOT_FOUND', message: '未找到' } }
    if (req.url === `${API_BASE}/departments`) return ok(body)
    if (req.url === `${API_BASE}/themes` || req.url === `${API_BASE}/bundles`) return ok({ items: [] })
    if (req.url.startsWith(`${API_BASE}/services?`)) return ok({ items: [], total: 0, page: 1, pageSize: 10 })
    return { statusCode: 404, data: { code: 'NOT_FOUND', message: '未找到' } }
  }
}

export { find } from './simulator'
