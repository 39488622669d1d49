// Every page of the app by path (as app.config.ts lists them, with the leading slash), and the URL builders with
// their queries. Every navigateTo / redirectTo / switchTab goes to one of these.

export const ROUTES = {
  home: '/pages/home/index',
  catalog: '/pages/catalog/index',
  me: '/pages/me/index',

  login: '/packages/account/pages/login/index',
  profile: '/packages/account/pages/profile/index',
  realname: '/packages/account/pages/realname/index',
  privacy: '/packages/account/pages/privacy/index',
  data: '/packages/account/pages/data/index',

  guide: '/packages/guide/pages/detail/index',
  bundle: '/packages/guide/pages/bundle/index',
  saved: '/packages/guide/pages/mine/index',

  appointments: '/packages/appointment/pages/index/index',
  slots: '/packages/appointment/pages/slots/index',
  confirm: '/packages/appointment/pages/confirm/index',
  appointment: '/packages/appointment/pages/detail/index',

  requests: '/packages/request/pages/index/index',
  request: '/packages/request/pages/detail/index',
  publicRequest: '/packages/request/pages/public/index',

  citycode: '/packages/citycode/pages/index/index',
  printedCodes: '/packages/citycode/pages/printed/index',
  printCode: '/packages/citycode/pages/print/index',
  codeUsage: '/packages/citycode/pages/usage/index',

  staff: '/packages/staff/pages/index/index',
  staffLogin: '/packages/staff/pages/login/index',
  /** 通知公告 for admins: publish, edit, withdraw. */
  staffAnnouncements: '/packages/staff/pages/announcements/index',
  /** 通知公告 detail: ?id=. */
  announcement: '/packages/notice/pages/detail/index',
  workbench: '/packages/staff/pages/requests/index',
  workOrder: '/packages/staff/pages/request/index',
  hallDesk: '/packages/staff/pages/hall/index',
  scan: '/packages/staff/pages/scan/index',
  /** 涉事单位 dossier: ?id= an entity id from the related panel. */
  entity: '/packages/staff/pages/entity/index',

  // 好差评: rating a hall visit, the public figures, the 整改 queue and the appeals queue.
  rateVisit: '/packages/rating/pages/rate/index',
  /** 办件评价 (一事一评): ?id= an application, &title= its service · number. */
  rateApplication: '/packages/rating/pages/rate-application/index',
  publicRatings: '/packages/rating/pages/public/index',
  rectifications: '/packages/rating/pages/rectify/index',
  ratingAppeals: '/packages/rating/pages/appeals/index',

  /** 申请表: ?code= an item or ?bundle= a 一件事. */
  formPreview: '/packages/forms/pages/preview/index',

  // 在线办: ?code= an item or ?bundle= a 一件事; 我的办件 (list, ?id= detail); 我的证照.
  apply: '/packages/apply/pages/form/index',
  myApplications: '/packages/apply/pages/list/index',
  myApplication: '/packages/apply/pages/detail/index',
  licences: '/packages/apply/pages/licences/index',
  /** Staff: the department's 办件 queue and one 办件 (?id=). */
  staffApplications: '/packages/staff/pages/applications/index',
  staffApplication: '/packages/staff/pages/application/index',

  /** 页面不存在: an unknown address (app.ts redirects here). */
  notFound: '/packages/shell/pages/not-found/index',

  // 一屏观 (H5 only: see app.config.ts).
  command: '/packages/command/pages/index/index',
  commandDrill: '/packages/command/pages/drill/index',
} as const

export type Route = (typeof ROUTES)[keyof typeof ROUTES]

/** The tab bar's pages: opened with switchTab, never navigateTo. */
export const TAB_ROUTES: readonly Route[] = [ROUTES.home, ROUTES.catalog, ROUTES.me]

/** A page with its query; undefined and empty values are left out, values URL-encoded, in the order given. */
export function routeUrl(route: Route, query: Record<string, string | number | undefined> = {}): string {
  const parts = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
  return parts.length ? `${route}?${parts.join('&')}` : route
}

export const guideUrl = (code: string): string => routeUrl(ROUTES.guide, { code })
export const bundleUrl = (code: string): string => routeUrl(ROUTES.bundle, { code })
export const savedUrl = (tab: 'favourites' | 'recent'): string => routeUrl(ROUTES.saved, { tab })
