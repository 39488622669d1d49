// EntryGrid: the home page's tiles, each with its icon (Tabler, by feature key); a tile for a feature that is not open
// yet says so on its face. `large` is the 长辈版 grid: two columns, bigger icons and text.
import { View, Text, Image } from '@tarojs/components'
import type { Feature } from '@/features'
import { ENTRY_ICONS } from './icons'
import './index.scss'

export interface EntryGridProps {
  items: Feature[]
  onOpen: (item: Feature) => void
  large?: boolean
}

export default function EntryGrid({ items, onOpen, large = false }: EntryGridProps) {
  return (
    <View className={`os-entry-grid${large ? ' os-entry-grid--large' : ''}`}>
      {items.map((item) => {
        const icon = ENTRY_ICONS[item.key]
        return (
          <View
            key={item.key}
            id={`entry-${item.key}`}
            className='os-entry-grid__item'
            hoverClass='os-entry-grid__item--pressed'
            ariaRole='button'
            ariaLabel={item.status === 'soon' ? `${item.title} 即将开放` : item.title}
            onClick={() => onOpen(item)}
          >
            <View className={`os-entry-grid__glyph os-entry-grid__glyph--${item.tone}`}>
              {icon ? <Image className='os-entry-grid__icon' src={icon} mode='aspectFit' nativeProps={{ alt: '' }} /> : <Text>{item.glyph}</Text>}
            </View>
            <Text className='os-entry-grid__title'>{item.title}</Text>
            {item.status === 'soon' && <Text className='os-entry-grid__badge'>即将开放</Text>}
          </View>
        )
      })}
    </View>
  )
}
