// 12345 诉求 subpackage entry page: says plainly that the feature is not open yet and what to do meanwhile.
import ComingSoon from '../../../../components/coming-soon'

export default function RequestPage() {
  return (
    <ComingSoon
      title='12345 诉求'
      description='提交咨询、求助、投诉、举报和建议，按工作日时限转交责任部门办理，每一步进展都可查看。'
      meanwhile={[
        '拨打 12345 政府服务便民热线，24 小时有人接听',
      ]}
    />
  )
}
