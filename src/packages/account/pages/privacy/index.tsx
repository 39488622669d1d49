// 隐私政策: what 一站办 collects, why, how it is kept, for how long, and the resident's rights.
import { View, Text } from '@tarojs/components'
import './index.scss'
import { withPage } from '@/components/page'

interface Section {
  title: string
  lines: string[]
}

export const POLICY_UPDATED = '2026 年 11 月 24 日'

const SECTIONS: Section[] = [
  {
    title: '一、我们收集哪些信息',
    lines: [
      '登录信息：微信或支付宝为本应用生成的用户标识（不含您的微信号、支付宝账号和昵称），或您用于短信登录的手机号。',
      '实名信息：您主动填写的姓名和居民身份证号码。',
      '办事信息：您预约的事项、时段和大厅，您提交的 12345 诉求内容，以及办理过程中的答复和评价。',
      '位置和照片：仅在您提交诉求并主动选择“定位”或“添加照片”时收集，用于说明问题发生的地点和情况（相关功能即将开放）。',
      '我们不收集通讯录、通话记录，不在后台获取您的位置。',
    ],
  },
  {
    title: '二、为什么收集',
    lines: [
      '手机号和平台标识用于识别您的账号、让您在不同平台使用同一账号。',
      '姓名和身份证号码用于确认办事人身份，是预约办事、提交投诉举报等业务的法定要求。',
      '办事信息用于把您的申请和诉求转交给负责的部门办理，并让您随时查看进度。',
    ],
  },
  {
    title: '三、如何保存和保护',
    lines: [
      '手机号和身份证号码采用 AES-256 加密保存，查询时只使用不可逆的摘要；任何页面和接口返回时都只显示部分内容（如 138****5678）。',
      '数据存放在中华人民共和国境内的政务云，不向境外传输，不用于商业营销，不出售给任何人。',
      '工作人员只能看到其所在部门或大厅需要办理的业务；每一次查看完整个人信息的操作都会记录在审计日志中。',
      '匿名反映的诉求，承办部门看不到您的身份。',
    ],
  },
  {
    title: '四、保存多久',
    lines: [
      '账号信息保存至您注销账号为止；登录状态最长 30 天后自动失效。',
      '短信验证码 5 分钟后失效，只保存其摘要。',
      '已办结的预约和诉求按政务档案管理规定保存；注销账号后，这些记录与您的个人身份解除关联，仅用于统计。',
    ],
  },
  {
    title: '五、您的权利',
    lines: [
      '查阅与复制：在“我的 → 导出我的数据”中，随时获取我们保存的关于您的全部信息。',
      '更正：实名信息有误时，可携带身份证到政务服务中心更正。',
      '删除：在“我的 → 注销账号”中注销，我们将删除您的手机号、实名信息和登录关联，且无法恢复。',
      '撤回同意：您可以随时退出登录或注销账号；撤回不影响此前基于同意已进行的处理。',
    ],
  },
  {
    title: '六、联系我们',
    lines: [
      '对本政策或个人信息处理有任何疑问、意见或投诉，请拨打 12345 政府服务便民热线（24 小时），我们将在 15 个工作日内答复。',
    ],
  },
]

function PrivacyPage() {
  return (
    <View className='os-privacy'>
      <Text className='os-privacy__title'>隐私政策</Text>
      <Text className='os-privacy__meta'>一站办个人信息保护政策 · 更新于 {POLICY_UPDATED}</Text>
      <Text className='os-privacy__lead'>
        一站办由广州市政务服务数据管理部门提供。我们依照《中华人民共和国个人信息保护法》，只收集办事所必需的信息，并告诉您每一项用在哪里。
      </Text>
      {SECTIONS.map((s) => (
        <View key={s.title} className='os-privacy__section'>
          <Text className='os-privacy__heading'>{s.title}</Text>
          {s.lines.map((line) => (
            <Text key={line} className='os-privacy__line'>
              {line}
            </Text>
          ))}
        </View>
      ))}
    </View>
  )
}

export default withPage(PrivacyPage)
