// App manifest: main-package pages, the tab bar and the four feature subpackages.
export default defineAppConfig({
  pages: ['pages/home/index', 'pages/catalog/index', 'pages/me/index'],
  subPackages: [
    { root: 'packages/appointment', pages: ['pages/index/index'] },
    { root: 'packages/request', pages: ['pages/index/index'] },
    { root: 'packages/citycode', pages: ['pages/index/index'] },
    { root: 'packages/staff', pages: ['pages/index/index'] },
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
