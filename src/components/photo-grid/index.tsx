// PhotoGrid: up to `max` photos as square thumbnails — add, remove, retry a failed upload, tap to enlarge.
import { View, Text, Image } from '@tarojs/components'
import './index.scss'

export interface PhotoTile {
  key: string
  /** A local temp path, a blob: URL on H5, or the server's URL. */
  src: string
  status: 'uploading' | 'done' | 'failed'
}

export interface PhotoGridProps {
  id: string
  photos: PhotoTile[]
  /** How many may be added in all; without `onAdd` the grid only shows. */
  max?: number
  onAdd?: () => void
  onRemove?: (key: string) => void
  onRetry?: (key: string) => void
  onPreview?: (key: string) => void
}

export default function PhotoGrid({ id, photos, max = 9, onAdd, onRemove, onRetry, onPreview }: PhotoGridProps) {
  return (
    <View id={id} className='os-photo-grid'>
      {photos.map((p, i) => (
        <View key={p.key} className='os-photo-grid__cell'>
          <View
            className='os-photo-grid__frame'
            ariaRole='button'
            ariaLabel={`第 ${i + 1} 张照片`}
            onClick={() => (p.status === 'failed' ? onRetry?.(p.key) : onPreview?.(p.key))}
          >
            <Image className='os-photo-grid__img' src={p.src} mode='aspectFill' nativeProps={{ alt: '' }} />
            {p.status === 'uploading' && <Text className='os-photo-grid__overlay'>上传中…</Text>}
            {p.status === 'failed' && <Text className='os-photo-grid__overlay os-photo-grid__overlay--failed'>上传失败{onRetry ? '\n点击重试' : ''}</Text>}
          </View>
          {onRemove && (
            <View
              id={`${id}-remove-${i}`}
              className='os-photo-grid__remove'
              ariaRole='button'
              ariaLabel={`删除第 ${i + 1} 张照片`}
              onClick={() => onRemove(p.key)}
            >
              <Text>×</Text>
            </View>
          )}
        </View>
      ))}
      {onAdd && photos.length < max && (
        <View className='os-photo-grid__cell'>
          <View id={`${id}-add`} className='os-photo-grid__add' hoverClass='os-photo-grid__add--pressed' ariaRole='button' ariaLabel='添加照片' onClick={onAdd}>
            <Text className='os-photo-grid__plus'>+</Text>
            <Text className='os-photo-grid__count'>
              {photos.length}/{max}
            </Text>
          </View>
        </View>
      )}
    </View>
  )
}
