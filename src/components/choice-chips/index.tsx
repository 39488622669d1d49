// ChoiceChips: one choice out of a few, as a wrap of large tappable chips (type, district, rating, queue).
import { View, Text } from '@tarojs/components'
import './index.scss'

export interface Choice<T extends string> {
  value: T
  label: string
  /** A small second line, e.g. a count or a "推荐" mark. */
  note?: string
}

export interface ChoiceChipsProps<T extends string> {
  /** Prefix of each chip's id: `${id}-${value}`. */
  id: string
  label?: string
  choices: Choice<T>[]
  value: T | undefined
  onChange: (value: T) => void
  /** Shown under the chips. */
  hint?: string
  hintTone?: 'hint' | 'error'
}

export default function ChoiceChips<T extends string>({ id, label, choices, value, onChange, hint, hintTone = 'hint' }: ChoiceChipsProps<T>) {
  return (
    <View className='os-choice-chips'>
      {label && <Text className='os-choice-chips__label'>{label}</Text>}
      <View className='os-choice-chips__list' ariaRole='radiogroup' ariaLabel={label}>
        {choices.map((c) => {
          const selected = c.value === value
          return (
            <View
              key={c.value}
              id={`${id}-${c.value}`}
              className={`os-choice-chips__chip${selected ? ' os-choice-chips__chip--selected' : ''}`}
              hoverClass='os-choice-chips__chip--pressed'
              ariaRole='radio'
              aria-checked={selected ? 'true' : 'false'}
              ariaLabel={c.note ? `${c.label} ${c.note}` : c.label}
              onClick={() => onChange(c.value)}
            >
              <Text className='os-choice-chips__text'>{c.label}</Text>
              {c.note && <Text className='os-choice-chips__note'>{c.note}</Text>}
            </View>
          )
        })}
      </View>
      {hint && <Text className={`os-choice-chips__hint os-choice-chips__hint--${hintTone}`}>{hint}</Text>}
    </View>
  )
}
