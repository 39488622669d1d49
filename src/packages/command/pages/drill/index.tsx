// The work orders behind one 一屏观 figure (GET /api/staff/dashboard/requests: the same filters, the same SQL, so the
// total equals the figure clicked), newest counted step first; each opens the staff work-order page. CSV export of
// the whole list; a back control to the view.
import { useEffect } from 'react'
import { useRouter } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import PageState from '@/components/page-state'
import { useStores } from '@/stores'
import { drillCsv } from '@/stores/dashboard-csv'
import { openRoute } from '@/utils/nav'
import { ROUTES, routeUrl } from '@/routes'
import { downloadCsv } from '../../components/csv-button'
import { backOr, drillTargetOf } from '../../nav'
import { dashboardOf } from '../../store'
import '../../command.scss'
import '../../care.scss'

const when = (iso: string) => {
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString()
  return `${d.slice(0, 10)} ${d.slice(11, 16)}`
}

function DrillPage() {
  const dashboard = dashboardOf(useStores())
  const params = useRouter().params
  const target = drillTargetOf(params)
  const key = JSON.stringify(target)

  useEffect(() => {
    if (target) void dashboard.openDrill(target)
    // The target is rebuilt each render; its JSON is the identity.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, dashboard])

  const q = target?.query
  const scope = q ? [`${q.from ?? ''} 至 ${q.to ?? ''}`, q.district, q.department && `部门 ${q.department}`, q.category && `类别 ${q.category}`].filter(Boolean).join(' · ') : ''
  const items = dashboard.drillItems
  let body
  if (!target) {
    body = <PageState kind='empty' message='没有指定要查看的统计数字' />
  } else if (items.length === 0 && dashboard.drillStatus === 'failed') {
    body = <PageState kind='error' message={dashboard.drillError?.message} onRetry={() => void dashboard.retryDrill()} />
  } else if (items.length === 0 && dashboard.drillStatus !== 'ready') {
    body = <PageState kind='loading' />
  } else if (items.length === 0) {
    body = <PageState kind='empty' message='这个数字没有对应的工单' />
  } else {
    body = (
      <section className='os-cmd__panel' aria-labelledby='drill-title'>
        <div className='os-cmd__panel-head'>
          <p id='drill-total' className='os-cmd__panel-title'>
            共 {dashboard.drillTotal} 件
          </p>
          <button type='button' id='drill-csv' className='os-cmd__csv' onClick={() => void dashboard.allDrillItems().then((all) => downloadCsv(drillCsv(target.title, all)))}>
            导出 CSV
          </button>
        </div>
        <div className='os-cmd__table-wrap'>
          <table id='drill-list' className='os-cmd__table os-cmd__table--list'>
            <thead>
              <tr>
                <th scope='col'>工单编号</th>
                <th scope='col'>类型 · 类别</th>
                <th scope='col'>区</th>
                <th scope='col'>状态</th>
                <th scope='col'>部门</th>
                <th scope='col'>统计时间</th>
                <th scope='col'>摘要</th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr key={`${i.id}-${i.at}`} className='os-cmd__drill-row'>
                  <th scope='row'>
                    <button type='button' id={`drill-item-${i.number}`} className='os-cmd__dept-name' onClick={() => openRoute(routeUrl(ROUTES.workOrder, { id: i.id }))}>
                      {i.number}
                    </button>
                  </th>
                  <td>
                    {i.typeLabel}
                    {i.categoryLabel ? ` · ${i.categoryLabel}` : ''}
                  </td>
                  <td>{i.district ?? '—'}</td>
                  <td>{i.statusLabel}</td>
                  <td>{i.departmentName ?? '—'}</td>
                  <td>{when(i.at)}</td>
                  <td className='os-cmd__summary'>{i.summary}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {items.length < dashboard.drillTotal && (
          <button type='button' id='drill-more' className='os-cmd__chip' onClick={() => void dashboard.loadMoreDrill()}>
            {dashboard.drillStatus === 'loading' ? '正在加载…' : `再显示 ${Math.min(50, dashboard.drillTotal - items.length)} 件`}
          </button>
        )}
        {items.length > 0 && dashboard.drillStatus === 'failed' && <PageState kind='error' message={dashboard.drillError?.message} onRetry={() => void dashboard.retryDrill()} />}
      </section>
    )
  }

  return (
    <div className={`os-cmd${dashboard.wall ? ' os-cmd--wall' : ''}`}>
      <header className='os-cmd__head'>
        <div className='os-cmd__head-row'>
          <button type='button' id='drill-back' className='os-cmd__back' onClick={() => backOr(ROUTES.command)}>
            ‹ 返回一屏观
          </button>
          <h1 id='drill-title' className='os-cmd__title'>
            {target?.title ?? '工单'}
          </h1>
          <span className='os-cmd__who'>{scope}</span>
        </div>
      </header>
      <main>{body}</main>
    </div>
  )
}

export default observer(DrillPage)
