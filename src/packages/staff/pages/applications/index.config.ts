export default definePageConfig({ navigationBarTitleText: '在线办件', enablePullDownRefresh: true })
