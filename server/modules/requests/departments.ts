// Department suggestion for dispatch: category (leaf or its top level) + district → department codes, from department-rules.json.
import rulesFile from './department-rules.json'

export interface DepartmentRule {
  category: string
  district?: string
  department: string
}

export const DEPARTMENT_RULES: readonly DepartmentRule[] = (rulesFile as { rules: DepartmentRule[] }).rules

export interface RuleMatch {
  department: string
  /** Chinese: why this one (分类 / 分类 + 区). */
  reason: string
}

/** Matching departments, most specific rule first, each department once. */
export function suggestDepartments(category: string | null, district: string | null, rules: readonly DepartmentRule[] = DEPARTMENT_RULES): RuleMatch[] {
  if (!category) return []
  const top = category.split('.')[0]
  const rank = (r: DepartmentRule): number | null => {
    if (r.district && r.district !== district) return null
    if (r.category === category) return r.district ? 0 : 1
    if (r.category === top && category !== top) return r.district ? 2 : 3
    return null
  }
  const ranked = rules
    .map((r) => ({ r, score: rank(r) }))
    .filter((x): x is { r: DepartmentRule; score: number } => x.score !== null)
    .sort((a, b) => a.score - b.score)
  const out: RuleMatch[] = []
  for (const { r } of ranked) {
    if (out.some((m) => m.department === r.department)) continue
    out.push({ department: r.department, reason: r.district ? `按分类和所在区（${r.district}）` : '按诉求分类' })
  }
  return out
}
