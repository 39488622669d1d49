// TextField: a labelled input with a message under it (a hint while typing, or what is wrong), kept on failure.
import { View, Text, Input } from '@tarojs/components'
import './index.scss'

export interface TextFieldProps {
  id: string
  label: string
  value: string
  placeholder?: string
  type?: 'text' | 'number' | 'idcard'
  password?: boolean
  maxlength?: number
  /** Shown under the field. */
  message?: string
  messageTone?: 'hint' | 'error' | 'ok'
  disabled?: boolean
  onInput: (value: string) => void
}

export default function TextField({
  id,
  label,
  value,
  placeholder,
  type = 'text',
  password = false,
  maxlength = 140,
  message,
  messageTone = 'hint',
  disabled = false,
  onInput,
}: TextFieldProps) {
  return (
    <View className='os-text-field'>
      <Text className='os-text-field__label'>{label}</Text>
      <Input
        id={id}
        className={`os-text-field__input${messageTone === 'error' && message ? ' os-text-field__input--error' : ''}`}
        value={value}
        type={type}
        password={password}
        maxlength={maxlength}
        placeholder={placeholder}
        placeholderClass='os-text-field__placeholder'
        disabled={disabled}
        ariaLabel={label}
        nativeProps={{ 'aria-label': label }}
        onInput={(e) => onInput(String(e.detail.value ?? ''))}
      />
      {message && (
        <Text id={`${id}-message`} className={`os-text-field__message os-text-field__message--${messageTone}`}>
          {message}
        </Text>
      )}
    </View>
  )
}
