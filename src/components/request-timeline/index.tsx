// RequestTimeline: every step of a 12345 request, newest first — what happened, who (a department or the hotline,
// never a clerk's name), when, and the note, photos, rating or days that came with it. Staff see internal steps marked.
import { View, Text, Image } from '@tarojs/components'
import type { TimelineItem } from '@contract/request'
import { RATING_LABEL } from '@domain/workorder'
import { formatDateTime } from '@/utils/request-format'
import './index.scss'

export interface RequestTimelineProps {
  id?: string
  items: TimelineItem[]
  /** Staff view: steps the resident does not see are marked 内部. */
  staff?: boolean
  resolveUrl?: (url: string) => string
  onPreview?: (urls: string[], current: string) => void
}

function details(item: TimelineItem): string[] {
  const lines: string[] = []
  if (item.action === 'dispatch' && item.departmentName) lines.push(`派往：${item.departmentName}`)
  if (item.days) lines.push(`${item.action === 'request-extension' ? '申请延期' : '延期'} ${item.days} 个工作日`)
  const resolved = item.resolved === undefined ? '' : item.resolved ? '问题已解决' : '问题未解决'
  if (item.level) lines.push(`评价：${RATING_LABEL[item.level] ?? item.level}${resolved ? `，${resolved}` : ''}`)
  if (item.relatedNumber) lines.push(item.action === 'merge' ? `并入工单：${item.relatedNumber}` : `相关工单：${item.relatedNumber}`)
  return lines
}

export default function RequestTimeline({ id, items, staff = false, resolveUrl = (u) => u, onPreview }: RequestTimelineProps) {
  const ordered = items.slice().reverse()
  return (
    <View id={id} className='os-timeline'>
      {ordered.map((item, i) => {
        const urls = (item.photos ?? []).map((p) => resolveUrl(p.url))
        return (
          <View key={item.id} className={`os-timeline__item${i === 0 ? ' os-timeline__item--latest' : ''}`}>
            <View className='os-timeline__rail'>
              <View className='os-timeline__dot' />
              {i < ordered.length - 1 && <View className='os-timeline__line' />}
            </View>
            <View className='os-timeline__body'>
              <View className='os-timeline__head'>
                <Text className='os-timeline__label'>{item.actionLabel}</Text>
                {staff && item.visibleToResident === false && <Text className='os-timeline__internal'>内部</Text>}
              </View>
              <Text className='os-timeline__meta'>
                {item.actor.name} · {formatDateTime(item.at)}
              </Text>
              {item.viaNumber && <Text className='os-timeline__meta'>（并案工单 {item.viaNumber} 的进展）</Text>}
              {details(item).map((line) => (
                <Text key={line} className='os-timeline__detail'>
                  {line}
                </Text>
              ))}
              {item.note && <Text className='os-timeline__note'>{item.note}</Text>}
              {urls.length > 0 && (
                <View className='os-timeline__photos'>
                  {urls.map((u) => (
                    <Image key={u} className='os-timeline__photo' src={u} mode='aspectFill' onClick={() => onPreview?.(urls, u)} />
                  ))}
                </View>
              )}
            </View>
          </View>
        )
      })}
    </View>
  )
}
