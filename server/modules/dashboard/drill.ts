// The work orders behind a figure: the rows the metric counts for the same scope (repo METRICS), one page at a time,
// so "one click from a number to the requests it counts" lands on exactly that many.
import type { DashboardMetric, DrillPage } from '@contract/dashboard'
import { categoryLabel } from '@domain/request-categories'
import { STATUS_LABEL, summarize, TYPE_LABEL } from '@domain/workorder'
import type { Queryable } from '../../db'
import { drillRepo } from './drill.repo'
import { dashboardRepo as repo, type Scope } from './repo'

export async function drillDown(db: Queryable, metric: DashboardMetric, scope: Scope, page: number, pageSize: number): Promise<DrillPage> {
  const [{ total, rows }, names] = await Promise.all([drillRepo.drill(db, metric, scope, page, pageSize), repo.departmentNames(db)])
  return {
    items: rows.map((r) => ({
      id: r.id,
      number: r.number,
      type: r.type,
      typeLabel: TYPE_LABEL[r.type],
      category: r.category,
      categoryLabel: categoryLabel(r.category),
      summary: summarize(r.content),
      district: r.district,
      status: r.status,
      statusLabel: STATUS_LABEL[r.status],
      filedAt: r.filed_at.toISOString(),
      deadline: r.deadline.toISOString(),
      at: r.at.toISOString(),
      departmentCode: r.counted_department,
      departmentName: r.counted_department ? (names.get(r.counted_department) ?? r.counted_department) : null,
    })),
    total,
    page,
    pageSize,
  }
}
