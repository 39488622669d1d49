// ServiceCard: one catalog item in a list — name, department, 可网办 / 可预约 badges and the promised time.
import { View, Text } from '@tarojs/components'
import './index.scss'

export interface ServiceCardProps {
  id?: string
  name: string
  department: string
  online?: boolean
  bookable?: boolean
  /** 承诺办结时限 in working days; undefined hides the line (a saved item). */
  promisedDays?: number
  /** A short line instead of the time, e.g. when it was viewed. */
  note?: string
  onOpen: () => void
}

export function promisedText(days: number): string {
  return days === 0 ? '即办' : `承诺 ${days} 个工作日`
}

export default function ServiceCard({ id, name, department, online, bookable, promisedDays, note, onOpen }: ServiceCardProps) {
  return (
    <View id={id} className='os-service-card' hoverClass='os-service-card--pressed' ariaRole='button' onClick={onOpen}>
      <Text className='os-service-card__name'>{name}</Text>
      <View className='os-service-card__meta'>
        <Text className='os-service-card__dept'>{department}</Text>
        {promisedDays !== undefined && <Text className='os-service-card__days'>{promisedText(promisedDays)}</Text>}
        {note && <Text className='os-service-card__days'>{note}</Text>}
      </View>
      {(online || bookable) && (
        <View className='os-service-card__badges'>
          {online && <Text className='os-service-card__badge os-service-card__badge--online'>可网办</Text>}
          {bookable && <Text className='os-service-card__badge os-service-card__badge--bookable'>可预约</Text>}
        </View>
      )}
    </View>
  )
}
