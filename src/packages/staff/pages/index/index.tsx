// 工作人员工作台 subpackage entry page: says plainly that the feature is not open yet and what to do meanwhile.
import ComingSoon from '../../../../components/coming-soon'

export default function StaffPage() {
  return (
    <ComingSoon
      title='工作人员工作台'
      description='部门与热线中心工作人员在此签收、办理、答复工单，查看当日预约并为群众签到。'
      meanwhile={[
        '请通过本单位原有业务系统办理',
      ]}
    />
  )
}
