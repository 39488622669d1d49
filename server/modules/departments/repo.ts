// SQL for the departments table; every method takes an optional transaction.
import type { Queryable } from '../../db'

export interface DepartmentRow {
  code: string
  name: string
  short_name: string | null
  sort: number
}

export interface DepartmentInput {
  code: string
  name: string
  shortName?: string | null
  sort?: number
}

export function createDepartmentsRepo(db: Queryable) {
  return {
    async list(tx: Queryable = db): Promise<DepartmentRow[]> {
      const r = await tx.query<DepartmentRow>('SELECT code, name, short_name, sort FROM departments ORDER BY sort, code')
      return r.rows
    },

    async count(tx: Queryable = db): Promise<number> {
      const r = await tx.query<{ n: number }>('SELECT count(*) AS n FROM departments')
      return Number(r.rows[0].n)
    },

    /** Inserts or updates by code; returns true when a row was written (new or changed). */
    async upsert(d: DepartmentInput, tx: Queryable = db): Promise<boolean> {
      const r = await tx.query(
        `INSERT INTO departments (code, name, short_name, sort)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (code) DO UPDATE
           SET name = EXCLUDED.name, short_name = EXCLUDED.short_name, sort = EXCLUDED.sort
           WHERE (departments.name, departments.short_name, departments.sort)
                 IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.short_name, EXCLUDED.sort)`,
        [d.code, d.name, d.shortName ?? null, d.sort ?? 0],
      )
      return r.rowCount > 0
    },
  }
}

export type DepartmentsRepo = ReturnType<typeof createDepartmentsRepo>
