// ECharts for 一屏观, through echarts/core with only what the view draws (map, line and bar, scatter;
// geo, grid, tooltip, legend, visual map, aria; canvas): loaded by this subpackage alone. Guangzhou's districts
// are registered from the bundled GeoJSON (data/guangzhou-districts.ts), never fetched.
import * as echarts from 'echarts/core'
import { BarChart, LineChart, MapChart, ScatterChart } from 'echarts/charts'
import { AriaComponent, GeoComponent, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'
import { GUANGZHOU_DISTRICTS_GEOJSON } from '../data/guangzhou-districts'

echarts.use([
  MapChart,
  LineChart,
  BarChart,
  ScatterChart,
  GeoComponent,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  VisualMapComponent,
  AriaComponent,
  CanvasRenderer,
])

export const GZ_MAP = 'guangzhou'
echarts.registerMap(GZ_MAP, GUANGZHOU_DISTRICTS_GEOJSON as unknown as Parameters<typeof echarts.registerMap>[1])

export { echarts }
export type EChartsOption = Parameters<echarts.ECharts['setOption']>[0]

/** The colours of src/styles/tokens.scss, for what is drawn on canvas (SCSS cannot reach it). */
export const TOKENS = {
  primary: '#1f5fd1',
  primarySoft: '#e8effc',
  accent: '#d4380d',
  success: '#237a3b',
  warning: '#ad6800',
  text: '#1d2433',
  textSecondary: '#4a5468',
  textMuted: '#6b7385',
  border: '#dfe3eb',
  surface: '#ffffff',
} as const
