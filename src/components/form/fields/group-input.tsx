// A repeating group (e.g. 家庭成员): one card per entry with its fields, 删除 on each, 添加 at the end.
import { Text, View } from '@tarojs/components'
import type { FormField } from '@contract/forms'
import { addGroupItem, removeGroupItem, setGroupAnswer, shownFields, type Answers } from '../state'
import Feedback from './feedback'
import LeafField from './leaf-field'
import { fieldId, labelOf } from './types'

export interface GroupInputProps {
  field: FormField
  answers: Answers
  errors: Record<string, string>
  /** Changes the answers from the latest ones (see FormRenderer). */
  update: (change: (prev: Answers) => Answers) => void
}

export default function GroupInput({ field, answers, errors, update }: GroupInputProps) {
  const list = Array.isArray(answers[field.key]) ? (answers[field.key] as Answers[]) : []
  const what = field.itemLabel ?? field.label
  const min = field.minItems ?? (field.required ? 1 : 0)
  const full = field.maxItems !== undefined && list.length >= field.maxItems
  const id = fieldId(field.key)
  const setEntry = (i: number, key: string, v: unknown) => update((prev) => setGroupAnswer(prev, field.key, i, key, v))
  return (
    <View id={id} className='os-form__group' ariaRole='group' ariaLabel={labelOf(field)}>
      <Text className='os-form__group-title'>{labelOf(field)}</Text>
      {list.map((entry, i) => (
        <View key={i} id={`${id}-${i}`} className='os-form__entry'>
          <View className='os-form__entry-head'>
            <Text className='os-form__entry-title'>{`${what} ${i + 1}`}</Text>
            {list.length > min && (
              <View id={`${id}-${i}-remove`} className='os-form__link' ariaRole='button' ariaLabel={`删除${what} ${i + 1}`} onClick={() => update((prev) => removeGroupItem(prev, field, i))}>
                <Text>删除</Text>
              </View>
            )}
          </View>
          {errors[`${field.key}[${i}]`] && <Feedback id={`${id}-${i}`} error={errors[`${field.key}[${i}]`]} />}
          {shownFields(field.fields ?? [], entry ?? {}).map((sub) => {
            const path = `${field.key}[${i}].${sub.key}`
            return <LeafField key={sub.key} id={fieldId(path)} field={sub} value={entry?.[sub.key]} error={errors[path]} onChange={(v) => setEntry(i, sub.key, v)} />
          })}
        </View>
      ))}
      {!full && (
        <View id={`${id}-add`} className='os-form__add' ariaRole='button' ariaLabel={`添加${what}`} onClick={() => update((prev) => addGroupItem(prev, field))}>
          <Text>{`＋ 添加${what}`}</Text>
        </View>
      )}
      <Feedback id={id} error={errors[field.key]} hint={field.hint} />
    </View>
  )
}
