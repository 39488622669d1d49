export default definePageConfig({ navigationBarTitleText: '12345 工单', enablePullDownRefresh: true })
