export default definePageConfig({ navigationBarTitleText: '码使用记录' })
