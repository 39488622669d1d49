// A chart bound to a DOM element: created once, given each new option, resized with its box, disposed on unmount;
// a click on the chart is handed to the latest `onClick`.
import { useEffect, useRef } from 'react'
import { echarts, type EChartsOption } from './echarts'

export type ChartClick = { componentType?: string; seriesType?: string; name?: string; data?: unknown; dataIndex?: number; seriesIndex?: number }

export function useChart(option: EChartsOption, onClick?: (p: ChartClick) => void, onRendered?: (chart: echarts.ECharts) => void) {
  const ref = useRef<HTMLDivElement>(null)
  const chart = useRef<echarts.ECharts | null>(null)
  const click = useRef(onClick)
  click.current = onClick
  const rendered = useRef(onRendered)
  rendered.current = onRendered

  useEffect(() => {
    const el = ref.current
    if (!el) return undefined
    const c = echarts.init(el, undefined, { renderer: 'canvas' })
    chart.current = c
    c.on('click', (p) => click.current?.(p as ChartClick))
    const observer = new ResizeObserver(() => {
      c.resize()
      rendered.current?.(c)
    })
    observer.observe(el)
    return () => {
      observer.disconnect()
      c.dispose()
      chart.current = null
    }
  }, [])

  useEffect(() => {
    const c = chart.current
    if (!c) return
    c.setOption(option, { notMerge: true })
    rendered.current?.(c)
  }, [option])

  return ref
}
