// 一屏观's tables as CSV for Excel: UTF-8 with a byte-order mark (so Excel opens Chinese text correctly), CRLF line
// ends, fields quoted when they hold a comma, quote or line break, and text that a spreadsheet would run as a formula
// (= + - @ at the start) prefixed with an apostrophe. Also the one way figures are written as percentages.
import type { Dashboard, DrillItem, Rate } from '@contract/dashboard'
import { GRADE_BANDS } from '@domain/dashboard'
import { TYPE_LABEL, REQUEST_TYPES } from '@domain/workorder'
import { perTenThousandOf } from './dashboard-population'

export type Cell = string | number | null
export const BOM = '\uFEFF'

/** A rate as 87.5%, or — when nothing was counted. */
export function percentText(rate: number | null): string {
  return rate === null ? '—' : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`
}

/** 87.5%（7/8）: a rate with its numerator and denominator. */
export function rateText(r: Rate): string {
  return `${percentText(r.rate)}（${r.numerator}/${r.denominator}）`
}

function field(cell: Cell): string {
  if (cell === null) return ''
  if (typeof cell === 'number') return String(cell)
  const text = /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** One table as CSV text (BOM, header row, CRLF). */
export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return BOM + [header, ...rows].map((row) => row.map(field).join(',')).join('\r\n') + '\r\n'
}

const gradeLabel = (g: string | null) => (g ? `${g} ${GRADE_BANDS.find((b) => b.grade === g)?.label ?? ''}` : '—')
const rateCells = (r: Rate): Cell[] => [r.numerator, r.denominator, r.rate === null ? null : Math.round(r.rate * 10000) / 100]

export interface CsvFile {
  name: string
  text: string
}

const stamp = (d: Dashboard) => `${d.from}_${d.to}${d.district ? `_${d.district}` : ''}${d.department ? `_${d.department}` : ''}`

/** 总体指标: received by type, open, overdue, closed and the four rates with numerator and denominator. */
export function figuresCsv(d: Dashboard): CsvFile {
  const rows: Cell[][] = [
    ['受理', d.received, null, null],
    ...REQUEST_TYPES.map((t): Cell[] => [`受理·${TYPE_LABEL[t]}`, d.byType[t], null, null]),
    ['未办结', d.open, null, null],
    ['超期', d.overdue, null, null],
    ['办结', d.closed, null, null],
    ['响应率', ...rateCells(d.rates.response)],
    ['解决率', ...rateCells(d.rates.resolution)],
    ['满意率', ...rateCells(d.rates.satisfaction)],
    ['按时办结率', ...rateCells(d.rates.onTime)],
  ]
  return { name: `一屏观-总体指标-${stamp(d)}.csv`, text: toCsv(['指标', '数值或分子', '分母', '比率(%)'], rows) }
}

export function departmentsCsv(d: Dashboard): CsvFile {
  const header = ['部门', '部门代码', '派单', '按时签收', '响应率(%)', '办结', '按时办结', '按时办结率(%)', '超期', '评价', '满意', '满意率(%)', '解决率(%)', '综合得分(%)', '分档']
  const rows = d.departments.map((x): Cell[] => [
    x.name,
    x.department,
    x.dispatched,
    x.rates.response.numerator,
    rateCells(x.rates.response)[2],
    x.closed,
    x.rates.onTime.numerator,
    rateCells(x.rates.onTime)[2],
    x.overdue,
    x.rates.satisfaction.denominator,
    x.satisfied,
    rateCells(x.rates.satisfaction)[2],
    rateCells(x.rates.resolution)[2],
    x.score === null ? null : Math.round(x.score * 10000) / 100,
    gradeLabel(x.grade),
  ])
  return { name: `一屏观-部门分档-${stamp(d)}.csv`, text: toCsv(header, rows) }
}

export function trendCsv(d: Dashboard): CsvFile {
  const header = ['日期', '受理', '派单', '按时签收', '办结', '按时办结', '评价', '满意']
  const rows = d.trend.map((t): Cell[] => [t.date, t.received, t.dispatched, t.signedOnTime, t.closed, t.closedOnTime, t.rated, t.satisfied])
  return { name: `一屏观-每日趋势-${stamp(d)}.csv`, text: toCsv(header, rows) }
}

export function categoriesCsv(d: Dashboard): CsvFile {
  const header = ['榜单', '类别', '类别代码', '本期受理', '上期受理', '增长']
  const rows = [
    ...d.topCategories.map((c): Cell[] => ['受理最多', c.label, c.category, c.received, c.previous, c.growth]),
    ...d.risingCategories.map((c): Cell[] => ['增长最快', c.label, c.category, c.received, c.previous, c.growth]),
  ]
  return { name: `一屏观-类别排行-${stamp(d)}.csv`, text: toCsv(header, rows) }
}

export function districtsCsv(d: Dashboard): CsvFile {
  const header = ['区', '受理', '每万常住人口受理']
  const rows = d.byDistrict.map((x): Cell[] => [x.district, x.received, perTenThousandOf(x.district, x.received)])
  return { name: `一屏观-各区受理-${stamp(d)}.csv`, text: toCsv(header, rows) }
}

export function drillCsv(title: string, items: readonly DrillItem[]): CsvFile {
  const header = ['工单编号', '类型', '类别', '区', '状态', '部门', '受理时间', '办结时限', '统计时间', '摘要']
  const rows = items.map((i): Cell[] => [
    i.number,
    i.typeLabel,
    i.categoryLabel,
    i.district,
    i.statusLabel,
    i.departmentName,
    i.filedAt,
    i.deadline,
    i.at,
    i.summary,
  ])
  return { name: `一屏观-${title}.csv`.replace(/[\\/:*?"<>|\s]+/g, '_'), text: toCsv(header, rows) }
}
