// One answer of any kind but group: picks the component for the field's kind.
import AddressInput from './address-input'
import BankInput from './bank-input'
import BooleanInput from './boolean-input'
import ChoiceInput from './choice-input'
import DateInput from './date-input'
import TextInput from './text-input'
import type { FieldProps } from './types'

export default function LeafField(props: FieldProps) {
  switch (props.field.kind) {
    case 'date':
      return <DateInput {...props} />
    case 'choice':
    case 'multi':
      return <ChoiceInput {...props} />
    case 'address':
      return <AddressInput {...props} />
    case 'bank':
      return <BankInput {...props} />
    case 'boolean':
      return <BooleanInput {...props} />
    default:
      return <TextInput {...props} />
  }
}
