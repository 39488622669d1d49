// TextAreaField: a labelled multi-line input with a live character counter and a message under it.
import { View, Text, Textarea } from '@tarojs/components'
import './index.scss'

export interface TextAreaFieldProps {
  id: string
  label: string
  value: string
  placeholder?: string
  /** Hard limit; the counter shows `n/max`. */
  maxlength: number
  /** Below this the counter reads as a hint rather than OK. */
  minlength?: number
  message?: string
  messageTone?: 'hint' | 'error' | 'ok'
  /** Box height: md for a note, lg for the main content of a form. */
  size?: 'md' | 'lg'
  onInput: (value: string) => void
}

/** Characters as a person counts them (a surrogate pair is one). */
export function charCount(s: string): number {
  return Array.from(s).length
}

export default function TextAreaField({
  id,
  label,
  value,
  placeholder,
  maxlength,
  minlength = 0,
  message,
  messageTone = 'hint',
  size = 'md',
  onInput,
}: TextAreaFieldProps) {
  const n = charCount(value)
  const short = n > 0 && n < minlength
  return (
    <View className='os-text-area'>
      <View className='os-text-area__head'>
        <Text className='os-text-area__label'>{label}</Text>
        <Text id={`${id}-count`} className={`os-text-area__count${short || n > maxlength ? ' os-text-area__count--short' : ''}`}>
          {n}/{maxlength}
        </Text>
      </View>
      <Textarea
        id={id}
        className={`os-text-area__input os-text-area__input--${size}${messageTone === 'error' && message ? ' os-text-area__input--error' : ''}`}
        value={value}
        maxlength={maxlength}
        placeholder={placeholder}
        placeholderClass='os-text-area__placeholder'
        ariaLabel={label}
        nativeProps={{ 'aria-label': label }}
        onInput={(e) => onInput(String(e.detail.value ?? ''))}
      />
      {message && (
        <Text id={`${id}-message`} className={`os-text-area__message os-text-area__message--${messageTone}`}>
          {message}
        </Text>
      )}
    </View>
  )
}
