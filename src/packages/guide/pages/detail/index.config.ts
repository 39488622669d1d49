export default definePageConfig({ navigationBarTitleText: '办事指南详情', enableShareAppMessage: true })
