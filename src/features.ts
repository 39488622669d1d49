// The home entry grid: each feature, where it lives, and whether it is open yet.
import { ROUTES, routeUrl } from '@/routes'

export type FeatureStatus = 'ready' | 'soon'

export interface Feature {
  key: string
  title: string
  /** One character shown in the tile's badge. */
  glyph: string
  /** The page it opens, with its query (src/routes.ts). */
  url: string
  status: FeatureStatus
  tone: 'blue' | 'green' | 'orange' | 'red' | 'purple' | 'teal'
}

export const HOME_FEATURES: Feature[] = [
  { key: 'guide', title: '办事指南', glyph: '指', url: ROUTES.catalog, status: 'ready', tone: 'blue' },
  { key: 'appointment', title: '预约办事', glyph: '约', url: ROUTES.appointments, status: 'ready', tone: 'green' },
  { key: 'request', title: '12345 诉求', glyph: '诉', url: ROUTES.requests, status: 'ready', tone: 'orange' },
  { key: 'citycode', title: '一码通城', glyph: '码', url: ROUTES.citycode, status: 'ready', tone: 'teal' },
  { key: 'myAppointments', title: '我的预约', glyph: '预', url: routeUrl(ROUTES.appointments, { tab: 'mine' }), status: 'ready', tone: 'purple' },
  { key: 'myRequests', title: '我的诉求', glyph: '单', url: routeUrl(ROUTES.requests, { tab: 'mine' }), status: 'ready', tone: 'red' },
]
