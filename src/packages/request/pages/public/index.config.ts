export default definePageConfig({ navigationBarTitleText: '公开诉求' })
