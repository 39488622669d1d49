// 预约办事 subpackage entry page: says plainly that the feature is not open yet and what to do meanwhile.
import ComingSoon from '../../../../components/coming-soon'

export default function AppointmentPage() {
  return (
    <ComingSoon
      title='预约办事'
      description='选择办事大厅与时段在线预约，到场凭预约码签到取号，免去排队等候。'
      meanwhile={[
        '在“办事指南”中查看事项所需材料',
        '直接前往就近的政务服务中心现场取号',
      ]}
    />
  )
}
