// The department table, graded in bands (国办函〔2025〕66号: a graded evaluation, not a bare ranking): 派单, 签收 on time,
// 办结, 超期, 满意 and the rates, the score and the band per department, listed by band then name. Every count opens
// its work orders; a department's name filters every figure to it.
import { observer } from 'mobx-react-lite'
import type { Dashboard, DepartmentFigures } from '@contract/dashboard'
import { GRADE_BANDS } from '@domain/dashboard'
import type { DashboardStore } from '@/stores/dashboard'
import { departmentsCsv, percentText } from '@/stores/dashboard-csv'
import CsvButton from './csv-button'
import { FigureButton, type Drill } from './figure'

const BAND_ORDER = ['A', 'B', 'C', 'D']
const byBand = (a: DepartmentFigures, b: DepartmentFigures) =>
  (a.grade ? BAND_ORDER.indexOf(a.grade) : 9) - (b.grade ? BAND_ORDER.indexOf(b.grade) : 9) || a.name.localeCompare(b.name, 'zh-CN')

function DepartmentTable({ store, data, drill }: { store: DashboardStore; data: Dashboard; drill: Drill }) {
  const rows = [...data.departments].sort(byBand)
  const cell = (d: DepartmentFigures, key: string, value: number, metric: Parameters<DashboardStore['target']>[0], label: string) => (
    <td>
      <FigureButton id={`cmd-dept-${d.department}-${key}`} value={value} drill={drill} target={store.target(metric, `${d.name} · ${label}`, { department: d.department })} className='os-cmd__num--cell' />
    </td>
  )
  return (
    <section className='os-cmd__panel' aria-labelledby='cmd-depts-title'>
      <div className='os-cmd__panel-head'>
        <h2 id='cmd-depts-title' className='os-cmd__panel-title'>
          部门分档评价
        </h2>
        <span className='os-cmd__hint'>
          {GRADE_BANDS.map((b) => `${b.grade} ${b.label}${b.min > 0 ? ` ≥${Math.round(b.min * 100)}%` : ''}`).join(' · ')}（得分为响应率、按时办结率、满意率、解决率的平均）
        </span>
        <CsvButton id='cmd-csv-departments' file={() => departmentsCsv(data)} />
      </div>
      {rows.length === 0 ? (
        <p className='os-cmd__hint'>本期没有部门派单、办结或评价</p>
      ) : (
        <div className='os-cmd__table-wrap'>
          <table id='cmd-departments' className='os-cmd__table'>
            <thead>
              <tr>
                <th scope='col'>部门</th>
                <th scope='col'>分档</th>
                <th scope='col'>派单</th>
                <th scope='col'>按时签收</th>
                <th scope='col'>响应率</th>
                <th scope='col'>办结</th>
                <th scope='col'>按时办结率</th>
                <th scope='col'>超期</th>
                <th scope='col'>满意</th>
                <th scope='col'>满意率</th>
                <th scope='col'>解决率</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((d) => (
                <tr key={d.department} id={`cmd-dept-${d.department}`}>
                  <th scope='row'>
                    <button type='button' className='os-cmd__dept-name' aria-pressed={store.department === d.department} onClick={() => store.setDepartment(store.department === d.department ? '' : d.department)}>
                      {d.name}
                    </button>
                  </th>
                  <td>
                    <span className={`os-cmd__grade os-cmd__grade--${d.grade ?? 'none'}`}>{d.grade ?? '—'}</span>
                    <span className='os-cmd__hint'> {d.score === null ? '' : percentText(d.score)}</span>
                  </td>
                  {cell(d, 'dispatched', d.dispatched, 'dispatched', '派单')}
                  {cell(d, 'signed', d.rates.response.numerator, 'signed-on-time', '按时签收')}
                  <td>{percentText(d.rates.response.rate)}</td>
                  {cell(d, 'closed', d.closed, 'closed', '办结')}
                  <td>{percentText(d.rates.onTime.rate)}</td>
                  {cell(d, 'overdue', d.overdue, 'overdue', '超期')}
                  {cell(d, 'satisfied', d.satisfied, 'satisfied', '满意')}
                  <td>{percentText(d.rates.satisfaction.rate)}</td>
                  <td>{percentText(d.rates.resolution.rate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}

export default observer(DepartmentTable)
