// PrivacyPopup: the app's own answer to WeChat's privacy authorisation — agree (agreePrivacyAuthorization) or decline.
import { View, Text, Button } from '@tarojs/components'
import { observer } from 'mobx-react-lite'
import { useStores } from '@/stores'
import { openRoute } from '@/utils/nav'
import { ROUTES } from '@/routes'
import './index.scss'

export const PRIVACY_AGREE_BUTTON_ID = 'privacy-agree'

function PrivacyPopup() {
  const { privacy } = useStores()
  if (!privacy.pending) return null
  return (
    <View className='os-privacy-popup' catchMove>
      <View className='os-privacy-popup__sheet' ariaRole='dialog' ariaLabel='隐私保护提示'>
        <Text className='os-privacy-popup__title'>隐私保护提示</Text>
        <Text className='os-privacy-popup__text'>
          您即将使用的功能需要处理您的个人信息（如剪贴板、位置、照片或手机号）。一站办只在您使用该功能时处理，且仅用于办理您申请的事项。
        </Text>
        <View id='privacy-popup-policy' className='os-privacy-popup__link' onClick={() => openRoute(ROUTES.privacy)}>
          <Text>查看《一站办隐私政策》</Text>
        </View>
        <View className='os-privacy-popup__actions'>
          <View id='privacy-disagree' className='os-privacy-popup__decline' hoverClass='os-privacy-popup__decline--pressed' onClick={() => privacy.disagree()}>
            <Text>不同意</Text>
          </View>
          <Button
            id={PRIVACY_AGREE_BUTTON_ID}
            className='os-privacy-popup__agree'
            openType='agreePrivacyAuthorization'
            onAgreePrivacyAuthorization={() => privacy.agree(PRIVACY_AGREE_BUTTON_ID)}
          >
            同意并继续
          </Button>
        </View>
      </View>
    </View>
  )
}

export default observer(PrivacyPopup)
