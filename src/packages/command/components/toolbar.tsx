// The head of 一屏观: back, title and scope, when the figures were updated, the wall-display toggle; then the period
// (今天, 近 7 天, 近 30 天, 自定义 with two dates), the district and department filters and the active filters.
import { observer } from 'mobx-react-lite'
import { GZ_DISTRICTS } from '@domain/districts'
import type { Department } from '@contract/department'
import { PERIODS, type DashboardStore } from '@/stores/dashboard'

export interface ToolbarProps {
  store: DashboardStore
  /** The clerk's own department (a clerk sees only it), or null for the city. */
  ownDepartment: { code: string; name: string } | null
  departments: readonly Department[]
  who: string
  onBack: () => void
}

const time = (d: Date | null) => (d ? `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}:${String(d.getSeconds()).padStart(2, '0')}` : '—')

function Toolbar({ store, ownDepartment, departments, who, onBack }: ToolbarProps) {
  const { data } = store
  return (
    <header className='os-cmd__head'>
      <div className='os-cmd__head-row'>
        <button type='button' id='cmd-back' className='os-cmd__back' onClick={onBack}>
          ‹ 返回
        </button>
        <h1 className='os-cmd__title'>一屏观 · {ownDepartment ? ownDepartment.name : '广州市'}</h1>
        <span className='os-cmd__who'>{who}</span>
        <span className='os-cmd__updated' id='cmd-updated' aria-live='polite'>
          {data ? `统计 ${data.from} 至 ${data.to} · 更新于 ${time(store.updatedAt)} · 每 30 秒刷新` : ''}
          {store.refreshFailed ? ' · 刷新失败，显示的是上次的数据' : ''}
        </span>
        <button type='button' id='cmd-wall' className='os-cmd__chip' aria-pressed={store.wall} onClick={() => store.setWall(!store.wall)}>
          {store.wall ? '退出大屏' : '大屏模式'}
        </button>
      </div>
      <div className='os-cmd__filters' role='group' aria-label='统计条件'>
        <div className='os-cmd__switch' role='group' aria-label='统计周期'>
          {PERIODS.map((p) => (
            <button
              key={p.key}
              type='button'
              id={`cmd-period-${p.key}`}
              aria-pressed={store.period === p.key}
              className={`os-cmd__chip${store.period === p.key ? ' os-cmd__chip--on' : ''}`}
              onClick={() => store.setPeriod(p.key)}
            >
              {p.label}
            </button>
          ))}
        </div>
        {store.period === 'custom' && (
          <span className='os-cmd__dates'>
            <label className='os-cmd__field'>
              开始
              <input id='cmd-from' type='date' value={store.customFrom} onChange={(e) => store.setCustom(e.target.value, store.customTo)} />
            </label>
            <label className='os-cmd__field'>
              结束
              <input id='cmd-to' type='date' value={store.customTo} onChange={(e) => store.setCustom(store.customFrom, e.target.value)} />
            </label>
            {store.periodProblem && (
              <span className='os-cmd__problem' role='alert'>
                {store.periodProblem}
              </span>
            )}
          </span>
        )}
        <label className='os-cmd__field'>
          区
          <select id='cmd-district' value={store.district} onChange={(e) => store.setDistrict(e.target.value)}>
            <option value=''>全市</option>
            {GZ_DISTRICTS.map((d) => (
              <option key={d.name} value={d.name}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        {ownDepartment ? (
          <span className='os-cmd__field'>部门：{ownDepartment.name}</span>
        ) : (
          <label className='os-cmd__field'>
            部门
            <select id='cmd-department' value={store.department} onChange={(e) => store.setDepartment(e.target.value)}>
              <option value=''>全部部门</option>
              {departments.map((d) => (
                <option key={d.code} value={d.code}>
                  {d.name}
                </option>
              ))}
            </select>
          </label>
        )}
        {store.category && (
          <button type='button' id='cmd-category-clear' className='os-cmd__chip os-cmd__chip--on' aria-label={`类别：${store.categoryLabel}，点击取消`} onClick={() => store.setCategory('')}>
            类别：{store.categoryLabel} ✕
          </button>
        )}
        {store.hasFilters && (
          <button type='button' id='cmd-clear' className='os-cmd__chip' onClick={() => store.clearFilters()}>
            清除筛选
          </button>
        )}
      </div>
    </header>
  )
}

export default observer(Toolbar)
