export default definePageConfig({ navigationBarTitleText: '12345 诉求', enablePullDownRefresh: true })
