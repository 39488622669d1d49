export default definePageConfig({ navigationBarTitleText: '一站办' })
