// bank answers: the bank (from the form's list when it has one) and the account number (digits, spaces allowed).
import { Input, Picker, Text, View } from '@tarojs/components'
import type { BankValue } from '@contract/forms'
import Feedback from './feedback'
import { labelOf, type FieldProps } from './types'

export default function BankInput({ id, field, value, error, onChange }: FieldProps) {
  const v: BankValue = { bank: '', account: '', ...(value && typeof value === 'object' ? (value as Partial<BankValue>) : {}) }
  const set = (part: keyof BankValue, text: string) => onChange({ ...v, [part]: text })
  const label = labelOf(field)
  const banks = field.options?.map((o) => o.value)
  const bad = error ? ' os-form__input--error' : ''
  return (
    <View className='os-form__field' ariaRole='group' ariaLabel={label}>
      <Text className='os-form__label'>{label}</Text>
      {banks ? (
        <Picker mode='selector' range={banks} value={Math.max(banks.indexOf(v.bank), 0)} onChange={(e) => set('bank', banks[Number(e.detail.value)] ?? '')}>
          <View id={`${id}-bank`} className={`os-form__input os-form__picker${bad}`} ariaRole='button' ariaLabel={`${label}开户银行：${v.bank || '请选择开户银行'}`}>
            <Text className={v.bank ? '' : 'os-form__placeholder'}>{v.bank || '请选择开户银行'}</Text>
          </View>
        </Picker>
      ) : (
        <Input id={`${id}-bank`} className={`os-form__input${bad}`} value={v.bank} maxlength={40} placeholder='开户银行' placeholderClass='os-form__placeholder' ariaLabel={`${label}开户银行`} onInput={(e) => set('bank', String(e.detail.value ?? ''))} />
      )}
      <Input id={`${id}-account`} className={`os-form__input os-form__input--gap${bad}`} value={v.account} type='number' maxlength={36} placeholder='银行账号' placeholderClass='os-form__placeholder' ariaLabel={`${label}账号`} onInput={(e) => set('account', String(e.detail.value ?? ''))} />
      <Feedback id={id} error={error} hint={field.hint} />
    </View>
  )
}
