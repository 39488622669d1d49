// App manifest: main-package pages, the tab bar, the feature subpackages and WeChat's privacy check.
export default defineAppConfig({
  // WeChat: privacy APIs wait for consent given through the app's own popup (src/platform/privacy.ts).
  // Location (nearest hall, a 12345 request's place) must be declared, with the reason shown to the resident.
  ...(process.env.TARO_ENV === 'weapp'
    ? {
        __usePrivacyCheck__: true,
        requiredPrivateInfos: ['getLocation', 'chooseLocation'],
        permission: { 'scope.userLocation': { desc: '用于为您推荐最近的服务大厅，以及标注诉求发生的位置' } },
      }
    : {}),
  pages: ['pages/home/index', 'pages/catalog/index', 'pages/me/index'],
  subPackages: [
    { root: 'packages/appointment', pages: ['pages/index/index', 'pages/slots/index', 'pages/confirm/index', 'pages/detail/index'] },
    { root: 'packages/request', pages: ['pages/index/index', 'pages/detail/index', 'pages/public/index'] },
    { root: 'packages/citycode', pages: ['pages/index/index', 'pages/printed/index', 'pages/print/index', 'pages/usage/index'] },
    { root: 'packages/staff', pages: ['pages/index/index', 'pages/login/index', 'pages/requests/index', 'pages/request/index', 'pages/hall/index', 'pages/scan/index', 'pages/entity/index', 'pages/applications/index', 'pages/application/index', 'pages/announcements/index'] },
    { root: 'packages/guide', pages: ['pages/detail/index', 'pages/bundle/index', 'pages/mine/index'] },
    { root: 'packages/account', pages: ['pages/login/index', 'pages/profile/index', 'pages/realname/index', 'pages/privacy/index', 'pages/data/index'] },
    { root: 'packages/rating', pages: ['pages/rate/index', 'pages/rate-application/index', 'pages/public/index', 'pages/rectify/index', 'pages/appeals/index'] },
    // 申请表: an item's application form (在线办), looked at and tried before applying.
    { root: 'packages/forms', pages: ['pages/preview/index'] },
    // 在线办: applying (an item or a 一件事), 我的办件 and 我的证照.
    { root: 'packages/apply', pages: ['pages/form/index', 'pages/list/index', 'pages/detail/index', 'pages/licences/index'] },
    // 通知公告: one notice in full (the home page lists the latest).
    { root: 'packages/notice', pages: ['pages/detail/index'] },
    // 页面不存在: where an unknown address lands (Taro.onPageNotFound in app.ts).
    { root: 'packages/shell', pages: ['pages/not-found/index'] },
    // 一屏观 (command view): a desktop H5 page drawn with ECharts on DOM canvas; a mini-program would need ECharts'
    // separate ec-canvas component and a wall screen is a browser, so the mini-programs leave it out.
    ...(process.env.TARO_ENV === 'h5' ? [{ root: 'packages/command', pages: ['pages/index/index', 'pages/drill/index'] }] : []),
  ],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#1f5fd1',
    navigationBarTitleText: '一站办',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f4f6fa',
  },
  tabBar: {
    color: '#5c6577',
    selectedColor: '#1f5fd1',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/home/index', text: '首页', iconPath: 'assets/tabbar/home.png', selectedIconPath: 'assets/tabbar/home-active.png' },
      { pagePath: 'pages/catalog/index', text: '办事', iconPath: 'assets/tabbar/catalog.png', selectedIconPath: 'assets/tabbar/catalog-active.png' },
      { pagePath: 'pages/me/index', text: '我的', iconPath: 'assets/tabbar/me.png', selectedIconPath: 'assets/tabbar/me-active.png' },
    ],
  },
})
