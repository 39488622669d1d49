// The trend by day (受理, 办结, 按时办结) as a line chart; clicking a day opens that day's received work orders. The
// top categories and the fastest-growing ones beside it, each count opening its work orders, each name filtering.
import { useMemo } from 'react'
import { observer } from 'mobx-react-lite'
import type { CategoryFigures, Dashboard, DashboardMetric } from '@contract/dashboard'
import type { DashboardStore } from '@/stores/dashboard'
import { categoriesCsv, trendCsv } from '@/stores/dashboard-csv'
import { TOKENS, type EChartsOption } from '../charts/echarts'
import { useChart, type ChartClick } from '../charts/use-chart'
import CsvButton from './csv-button'
import { FigureButton, type Drill } from './figure'

/** What clicking a point of each line opens, in the order of the series. */
const SERIES_METRICS: [DashboardMetric, string][] = [
  ['received', '受理'],
  ['closed', '办结'],
  ['closed-on-time', '按时办结'],
]

function TrendChart({ store, data, drill }: { store: DashboardStore; data: Dashboard; drill: Drill }) {
  const wall = store.wall
  const option = useMemo((): EChartsOption => {
    const font = wall ? 18 : 12
    const line = (name: string, color: string, values: number[]) => ({ type: 'line', name, data: values, smooth: false, symbolSize: wall ? 8 : 5, itemStyle: { color }, lineStyle: { color, width: wall ? 3 : 2 } })
    return {
      aria: { enabled: true },
      grid: { left: 40, right: 16, top: 36, bottom: 28 },
      tooltip: { trigger: 'axis', textStyle: { fontSize: font } },
      legend: { top: 0, textStyle: { fontSize: font, color: TOKENS.textSecondary } },
      xAxis: { type: 'category', data: data.trend.map((t) => t.date.slice(5)), axisLabel: { fontSize: font, color: TOKENS.textMuted } },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: font, color: TOKENS.textMuted }, splitLine: { lineStyle: { color: TOKENS.border } } },
      series: [
        line('受理', TOKENS.primary, data.trend.map((t) => t.received)),
        line('办结', TOKENS.success, data.trend.map((t) => t.closed)),
        line('按时办结', TOKENS.warning, data.trend.map((t) => t.closedOnTime)),
      ],
    } as EChartsOption
  }, [data, wall])
  const onClick = (p: ChartClick) => {
    const day = p.dataIndex === undefined ? undefined : data.trend[p.dataIndex]
    if (!day) return
    const [metric, label] = SERIES_METRICS[p.seriesIndex ?? 0] ?? SERIES_METRICS[0]
    drill({ metric, title: `${label} · ${day.date}`, query: { ...store.query, from: day.date, to: day.date } })
  }
  const ref = useChart(option, onClick)
  return (
    <section className='os-cmd__panel' aria-labelledby='cmd-trend-title'>
      <div className='os-cmd__panel-head'>
        <h2 id='cmd-trend-title' className='os-cmd__panel-title'>
          每日趋势
        </h2>
        <CsvButton id='cmd-csv-trend' file={() => trendCsv(data)} />
      </div>
      <div id='cmd-trend' ref={ref} className='os-cmd__chart' role='img' aria-label='每日受理、办结与按时办结趋势图，点击某日的点查看当日工单' />
    </section>
  )
}

function CategoryList({ id, title, items, store, drill, growth }: { id: string; title: string; items: CategoryFigures[]; store: DashboardStore; drill: Drill; growth?: boolean }) {
  return (
    <div className='os-cmd__cats' id={id}>
      <h3 className='os-cmd__sub-title'>{title}</h3>
      {items.length === 0 && <p className='os-cmd__hint'>本期没有</p>}
      <ol className='os-cmd__cat-list'>
        {items.map((c) => (
          <li key={c.category} className='os-cmd__cat'>
            <button type='button' className='os-cmd__cat-name' aria-pressed={store.category === c.category} onClick={() => store.setCategory(store.category === c.category ? '' : c.category, c.label)}>
              {c.label}
            </button>
            <FigureButton id={`${id}-${c.category}`} value={c.received} drill={drill} target={store.target('received', `受理 · ${c.label}`, { category: c.category })} className='os-cmd__num--small' />
            {growth && <span className='os-cmd__growth'>+{c.growth}（上期 {c.previous}）</span>}
          </li>
        ))}
      </ol>
    </div>
  )
}

function Categories({ store, data, drill }: { store: DashboardStore; data: Dashboard; drill: Drill }) {
  return (
    <section className='os-cmd__panel' aria-labelledby='cmd-cats-title'>
      <div className='os-cmd__panel-head'>
        <h2 id='cmd-cats-title' className='os-cmd__panel-title'>
          诉求类别
        </h2>
        <CsvButton id='cmd-csv-categories' file={() => categoriesCsv(data)} />
      </div>
      <div className='os-cmd__cat-cols'>
        <CategoryList id='cmd-top' title='受理最多' items={data.topCategories} store={store} drill={drill} />
        <CategoryList id='cmd-rising' title='增长最快' items={data.risingCategories} store={store} drill={drill} growth />
      </div>
    </section>
  )
}

export const Trend = observer(TrendChart)
export const CategoryPanel = observer(Categories)
