export default definePageConfig({ navigationBarTitleText: '一屏观' })
