// Agreement: the "I have read and agree to the privacy policy" tick box, with the policy one tap away.
import { View, Text } from '@tarojs/components'
import './index.scss'

export interface AgreementProps {
  checked: boolean
  /** Draws attention when someone tried to continue without ticking. */
  highlight?: boolean
  onToggle: () => void
  onOpenPolicy: () => void
}

export default function Agreement({ checked, highlight = false, onToggle, onOpenPolicy }: AgreementProps) {
  return (
    <View className={`os-agreement${highlight && !checked ? ' os-agreement--highlight' : ''}`}>
      <View
        id='agreement-check'
        className='os-agreement__toggle'
        ariaRole='checkbox'
        aria-checked={checked ? 'true' : 'false'}
        ariaLabel='我已阅读并同意隐私政策'
        onClick={onToggle}
      >
        <View className={`os-agreement__box${checked ? ' os-agreement__box--checked' : ''}`}>
          {checked && <Text className='os-agreement__tick'>✓</Text>}
        </View>
        <Text className='os-agreement__text'>我已阅读并同意</Text>
      </View>
      <View id='agreement-policy' className='os-agreement__link' ariaRole='link' onClick={onOpenPolicy}>
        <Text>《一站办隐私政策》</Text>
      </View>
    </View>
  )
}
