// The map of Guangzhou's 11 districts: a choropleth of requests per 10,000 residents or raw counts (switchable), the
// hotspot clusters drawn on it. Clicking a district filters every figure to it (again: all districts); clicking a
// hotspot filters to its district and category. Beside it the same figures as a list (keyboard and screen readers).
import { useMemo } from 'react'
import { observer } from 'mobx-react-lite'
import type { Dashboard } from '@contract/dashboard'
import { GZ_DISTRICTS } from '@domain/districts'
import type { DashboardStore } from '@/stores/dashboard'
import { districtsCsv } from '@/stores/dashboard-csv'
import { perTenThousandOf } from '@/stores/dashboard-population'
import { GZ_MAP, TOKENS, type EChartsOption } from '../charts/echarts'
import { districtAnchor, districtAt } from '../charts/districts'
import { useChart, type ChartClick } from '../charts/use-chart'
import type { echarts } from '../charts/echarts'
import CsvButton from './csv-button'
import { FigureButton, type Drill } from './figure'

const GZ_NAMES = new Set(GZ_DISTRICTS.map((d) => d.name))

function DistrictMap({ store, data, drill }: { store: DashboardStore; data: Dashboard; drill: Drill }) {
  const per10k = store.mapMode === 'per10k'
  const wall = store.wall
  const selected = store.district
  const rows = data.byDistrict.filter((d) => GZ_NAMES.has(d.district))

  const option = useMemo((): EChartsOption => {
    const font = wall ? 20 : 12
    const value = (d: { district: string; received: number }) => (per10k ? (perTenThousandOf(d.district, d.received) ?? 0) : d.received)
    const shown = data.byDistrict.filter((d) => GZ_NAMES.has(d.district))
    // The colour scale spans the figures shown (per 10,000 residents they are small numbers).
    const max = Math.max(...shown.map(value)) || 1
    return {
      aria: { enabled: true, label: { description: `广州市 11 个区${per10k ? '每万常住人口' : ''}受理诉求分布图，共 ${data.hotspots.length} 个热点。` } },
      tooltip: {
        trigger: 'item',
        textStyle: { fontSize: font },
        formatter: (p: unknown) => {
          const q = p as { seriesType?: string; name: string; value?: unknown; data?: { received?: number; count?: number } }
          if (q.seriesType === 'scatter') return `热点：${q.name}<br/>${q.data?.count ?? 0} 件（点击筛选）`
          const received = q.data?.received ?? 0
          const perWan = perTenThousandOf(q.name, received)
          return `${q.name}<br/>受理 ${received} 件${perWan === null ? '' : `<br/>每万常住人口 ${perWan} 件`}`
        },
      },
      visualMap: {
        type: 'continuous',
        min: 0,
        max,
        left: 8,
        bottom: 8,
        calculable: false,
        text: [per10k ? '每万人·高' : '件数·高', '低'],
        textStyle: { color: TOKENS.textSecondary, fontSize: font },
        inRange: { color: ['#f3f6fc', '#a9c1f0', TOKENS.primary] },
        seriesIndex: 0,
      },
      geo: {
        map: GZ_MAP,
        roam: false,
        top: 16,
        bottom: 16,
        label: { show: true, fontSize: font, color: TOKENS.text },
        itemStyle: { borderColor: TOKENS.surface, borderWidth: 1 },
        emphasis: { label: { color: TOKENS.text }, itemStyle: { areaColor: '#ffd591' } },
        select: { disabled: true },
        regions: selected ? [{ name: selected, itemStyle: { borderColor: TOKENS.accent, borderWidth: 3 } }] : [],
      },
      series: [
        {
          type: 'map',
          geoIndex: 0,
          name: per10k ? '每万常住人口受理' : '受理件数',
          data: shown.map((d) => ({ name: d.district, value: value(d), received: d.received })),
        },
        {
          type: 'scatter',
          coordinateSystem: 'geo',
          name: '热点',
          symbolSize: (v: number[]) => Math.min(40, (wall ? 16 : 10) + v[2] * 2),
          itemStyle: { color: TOKENS.accent, borderColor: TOKENS.surface, borderWidth: 2, opacity: 0.9 },
          data: data.hotspots.map((h) => ({ name: h.categoryName, value: [h.center.lng, h.center.lat, h.count], count: h.count })),
        },
      ],
    } as EChartsOption
  }, [data, per10k, wall, selected])

  const onClick = (p: ChartClick) => {
    if (p.seriesType === 'scatter' && p.dataIndex !== undefined) {
      const h = data.hotspots[p.dataIndex]
      if (h) store.focusHotspot(districtAt(h.center.lng, h.center.lat), h.category, h.categoryName)
      return
    }
    if (p.name && GZ_NAMES.has(p.name)) store.setDistrict(p.name, true)
  }
  // Where each district and hotspot sits on the canvas (for tests and tools that click the map).
  const onRendered = (chart: echarts.ECharts) => {
    const el = chart.getDom()
    const points: Record<string, number[]> = {}
    for (const d of GZ_DISTRICTS) {
      const anchor = districtAnchor(d.name)
      if (anchor) points[d.name] = chart.convertToPixel({ geoIndex: 0 }, anchor) as number[]
    }
    el.dataset.districtPoints = JSON.stringify(points)
    el.dataset.hotspotPoints = JSON.stringify(data.hotspots.map((h) => chart.convertToPixel({ geoIndex: 0 }, [h.center.lng, h.center.lat])))
  }
  const ref = useChart(option, onClick, onRendered)

  return (
    <section className='os-cmd__panel os-cmd__panel--map' aria-labelledby='cmd-map-title'>
      <div className='os-cmd__panel-head'>
        <h2 id='cmd-map-title' className='os-cmd__panel-title'>
          各区分布与热点
        </h2>
        <div className='os-cmd__switch' role='group' aria-label='地图数值'>
          <button type='button' id='cmd-map-per10k' aria-pressed={per10k} className={`os-cmd__chip${per10k ? ' os-cmd__chip--on' : ''}`} onClick={() => store.setMapMode('per10k')}>
            每万人
          </button>
          <button type='button' id='cmd-map-raw' aria-pressed={!per10k} className={`os-cmd__chip${!per10k ? ' os-cmd__chip--on' : ''}`} onClick={() => store.setMapMode('raw')}>
            件数
          </button>
        </div>
        <CsvButton id='cmd-csv-districts' file={() => districtsCsv(data)} />
      </div>
      <div className='os-cmd__map-body'>
        <div id='cmd-map' ref={ref} className='os-cmd__map' role='img' aria-label='广州市各区受理分布地图，点击区域或热点筛选' />
        <ul className='os-cmd__district-list' aria-label='各区受理'>
          {rows.map((d) => (
            <li key={d.district} className={`os-cmd__district${selected === d.district ? ' os-cmd__district--on' : ''}`}>
              <button type='button' id={`cmd-district-${d.district}`} className='os-cmd__district-name' aria-pressed={selected === d.district} onClick={() => store.setDistrict(d.district, true)}>
                {d.district}
              </button>
              <FigureButton id={`cmd-district-count-${d.district}`} value={d.received} drill={drill} target={store.target('received', `受理 · ${d.district}`, { district: d.district })} className='os-cmd__num--small' />
              <span className='os-cmd__hint'>{per10k ? `每万人 ${perTenThousandOf(d.district, d.received) ?? '—'}` : ''}</span>
            </li>
          ))}
        </ul>
      </div>
      {data.hotspots.length > 0 && (
        <ul className='os-cmd__hotspots' aria-label='热点'>
          {data.hotspots.map((h, i) => (
            <li key={`${h.category}-${i}`}>
              <button type='button' id={`cmd-hotspot-${i}`} className='os-cmd__hotspot' onClick={() => store.focusHotspot(districtAt(h.center.lng, h.center.lat), h.category, h.categoryName)}>
                {h.message}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

export default observer(DistrictMap)
