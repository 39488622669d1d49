// Rules for departments: what the public list shows and in which order.
import type { Department } from '@contract/department'
import type { DepartmentsRepo } from './repo'

export function createDepartmentsService(repo: DepartmentsRepo) {
  return {
    async list(): Promise<Department[]> {
      const rows = await repo.list()
      return rows.map((row) => ({ code: row.code, name: row.name, shortName: row.short_name ?? row.name }))
    },
  }
}

export type DepartmentsService = ReturnType<typeof createDepartmentsService>
