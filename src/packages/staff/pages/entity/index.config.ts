export default definePageConfig({ navigationBarTitleText: '涉事单位', enablePullDownRefresh: true })
