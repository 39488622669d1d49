// The line under a field: what is wrong (error), or the field's hint.
import { Text, View } from '@tarojs/components'

export default function Feedback({ id, error, hint }: { id: string; error?: string; hint?: string }) {
  if (error) {
    return (
      <View id={`${id}-error`} className='os-form__message os-form__message--error' ariaRole='alert'>
        <Text>{error}</Text>
      </View>
    )
  }
  return hint ? <Text className='os-form__message os-form__message--hint'>{hint}</Text> : null
}
