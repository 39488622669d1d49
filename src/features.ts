// The home entry grid: each feature, where it lives, and whether it is open yet.

export type FeatureStatus = 'ready' | 'soon'

export interface Feature {
  key: string
  title: string
  /** One character shown in the tile's badge. */
  glyph: string
  /** Route without the leading slash, as in app.config.ts. */
  route: string
  query?: string
  status: FeatureStatus
  tone: 'blue' | 'green' | 'orange' | 'red' | 'purple' | 'teal'
}

export const TAB_ROUTES = ['pages/home/index', 'pages/catalog/index', 'pages/me/index']

export const HOME_FEATURES: Feature[] = [
  { key: 'guide', title: '办事指南', glyph: '指', route: 'pages/catalog/index', status: 'ready', tone: 'blue' },
  { key: 'appointment', title: '预约办事', glyph: '约', route: 'packages/appointment/pages/index/index', status: 'ready', tone: 'green' },
  { key: 'request', title: '12345 诉求', glyph: '诉', route: 'packages/request/pages/index/index', status: 'ready', tone: 'orange' },
  { key: 'citycode', title: '一码通城', glyph: '码', route: 'packages/citycode/pages/index/index', status: 'ready', tone: 'teal' },
  { key: 'myAppointments', title: '我的预约', glyph: '预', route: 'packages/appointment/pages/index/index', query: 'tab=mine', status: 'ready', tone: 'purple' },
  { key: 'myRequests', title: '我的诉求', glyph: '单', route: 'packages/request/pages/index/index', query: 'tab=mine', status: 'ready', tone: 'red' },
]

export function featureUrl(f: Pick<Feature, 'route' | 'query'>): string {
  return `/${f.route}${f.query ? `?${f.query}` : ''}`
}
