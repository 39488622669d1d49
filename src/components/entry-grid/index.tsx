// EntryGrid: the home page's tiles; a tile for a feature that is not open yet says so on its face.
import { View, Text } from '@tarojs/components'
import type { Feature } from '@/features'
import './index.scss'

export interface EntryGridProps {
  items: Feature[]
  onOpen: (item: Feature) => void
}

export default function EntryGrid({ items, onOpen }: EntryGridProps) {
  return (
    <View className='os-entry-grid'>
      {items.map((item) => (
        <View
          key={item.key}
          id={`entry-${item.key}`}
          className='os-entry-grid__item'
          hoverClass='os-entry-grid__item--pressed'
          ariaRole='button'
          ariaLabel={item.status === 'soon' ? `${item.title}（即将开放）` : item.title}
          onClick={() => onOpen(item)}
        >
          <View className={`os-entry-grid__glyph os-entry-grid__glyph--${item.tone}`}>
            <Text>{item.glyph}</Text>
          </View>
          <Text className='os-entry-grid__title'>{item.title}</Text>
          {item.status === 'soon' && <Text className='os-entry-grid__badge'>即将开放</Text>}
        </View>
      ))}
    </View>
  )
}
