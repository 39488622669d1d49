// 公开诉求: a similar request someone else filed and agreed to make public — its masked summary and where it stands,
// so the resident can decide not to file the same thing twice.
import { View, Text } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import ActionButton from '@/components/action-button'
import PageState from '@/components/page-state'
import StatusTag from '@/components/status-tag'
import { useStores } from '@/stores'
import { similarOf } from '@/stores/similar-requests'
import { distanceText, formatDateTime } from '@/utils/request-format'
import { goBack } from '@/utils/nav'
import '@/packages/request/styles.scss'
import { withPage } from '@/components/page'

function PublicRequestPage() {
  const similar = similarOf(useStores())
  const id = useRouter().params.id ?? ''
  const item = similar.similarById.get(id)
  return (
    <View className='os-request'>
      <View className='os-request__hero'>
        <Text className='os-request__title'>公开诉求</Text>
        <Text className='os-request__subtitle'>其他市民反映并同意公开的诉求，个人信息已隐去</Text>
      </View>
      {!item ? (
        <PageState kind='empty' message='暂时无法查看这件诉求，请返回后重新打开' />
      ) : (
        <View id='public-request' className='os-request__card'>
          <View className='os-request__row os-request__row--between'>
            <Text className='os-request__number'>{item.number}</Text>
            <StatusTag status={item.status} label={item.statusLabel} />
          </View>
          <Text className='os-request__content'>{item.summary}</Text>
          <View className='os-request__facts'>
            <View className='os-request__fact'>
              <Text className='os-request__fact-key'>提交时间</Text>
              <Text className='os-request__fact-value'>{formatDateTime(item.createdAt)}</Text>
            </View>
            {item.distanceMeters !== undefined && (
              <View className='os-request__fact'>
                <Text className='os-request__fact-key'>距离</Text>
                <Text className='os-request__fact-value'>{distanceText(item.distanceMeters)}</Text>
              </View>
            )}
          </View>
          <Text className='os-request__hint'>如果您反映的是同一件事，可以等待这件诉求的办理结果；如有新的情况，仍可提交您自己的诉求。</Text>
        </View>
      )}
      <ActionButton id='public-back' text='返回继续填写' tone='secondary' onTap={goBack} />
    </View>
  )
}

export default withPage(observer(PublicRequestPage))
