// 工单详情's 诉求人 card: the reporter's contact masked until 查看 (each look is audited), or, for an anonymous
// request at a department, a note that the identity is not shown at all.
import { View, Text } from '@tarojs/components'
import { useState } from 'react'
import type { StaffRequestDetail } from '@contract/request'
import { ApiError } from '@/api/errors'
import { useStores } from '@/stores'
import { workbenchOf } from '@/stores/workbench'

export default function ContactCard({ r }: { r: StaffRequestDetail }) {
  const workbench = workbenchOf(useStores())
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')
  const revealed = workbench.revealed.get(r.id)
  const c = r.contact
  const reveal = async () => {
    setBusy(true)
    setError('')
    try {
      await workbench.reveal(r.id)
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '查看未完成，请稍后重试')
    } finally {
      setBusy(false)
    }
  }
  return (
    <View id='bench-contact' className='os-bench__card'>
      <Text className='os-bench__section'>诉求人</Text>
      {c.anonymous && !c.name && !c.phone ? (
        <Text id='bench-contact-anonymous' className='os-bench__hint'>
          匿名反映：诉求人的身份和联系方式不向承办部门显示。
        </Text>
      ) : (
        <View className='os-bench__row os-bench__row--between'>
          <View className='os-bench__contact'>
            {c.anonymous && <Text className='os-bench__hint'>匿名反映（仅热线可见联系方式）</Text>}
            <Text id='bench-contact-name' className='os-bench__contact-line'>
              姓名：{(revealed ? revealed.name : c.name) ?? '未填写'}
            </Text>
            <Text id='bench-contact-phone' className='os-bench__contact-line'>
              电话：{(revealed ? revealed.phone : c.phone) ?? '未填写'}
            </Text>
          </View>
          {c.revealable && !revealed && (
            <View id='bench-contact-reveal' className='os-bench__small-button' hoverClass='os-bench__pressed' ariaRole='button' onClick={() => void reveal()}>
              <Text>{busy ? '正在查看…' : '查看'}</Text>
            </View>
          )}
        </View>
      )}
      {revealed && <Text className='os-bench__hint'>已显示完整联系方式，本次查看已记录。</Text>}
      {!revealed && c.revealable && <Text className='os-bench__hint'>联系方式已隐去部分内容；点击“查看”显示完整号码，每次查看都会记录。</Text>}
      {error && <Text className='os-bench__error'>{error}</Text>}
    </View>
  )
}
