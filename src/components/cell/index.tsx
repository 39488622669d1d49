// Cell: one tappable row of a list (title, optional note on the right, a chevron when it opens something).
import { View, Text } from '@tarojs/components'
import './index.scss'

export interface CellProps {
  id?: string
  title: string
  note?: string
  onOpen?: () => void
}

export default function Cell({ id, title, note, onOpen }: CellProps) {
  return (
    <View
      id={id}
      className='os-cell'
      hoverClass={onOpen ? 'os-cell--pressed' : 'none'}
      ariaRole={onOpen ? 'button' : undefined}
      onClick={onOpen}
    >
      <Text className='os-cell__title'>{title}</Text>
      {note && <Text className='os-cell__note'>{note}</Text>}
      {onOpen && <Text className='os-cell__chevron'>›</Text>}
    </View>
  )
}
