export default definePageConfig({ navigationBarTitleText: '长者打印码' })
