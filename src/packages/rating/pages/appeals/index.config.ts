export default definePageConfig({ navigationBarTitleText: '申诉复核' })
