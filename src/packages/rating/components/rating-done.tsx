// A rating as given (or the 7-day default), on both rating pages: the level, the indicators, the comment, the photo,
// and that a 差评 went to the department for 整改 until its 整改 shows.
import { View, Text } from '@tarojs/components'
import type { VisitRating } from '@contract/ratings'
import PhotoGrid from '@/components/photo-grid'
import { indicatorScores } from '@domain/ratings'
import { previewImages } from '@/platform/images'

export default function RatingDone({ rating, rectified, photoUrl }: { rating: VisitRating; rectified: boolean; photoUrl: (url: string) => string }) {
  const photo = rating.photo ? photoUrl(rating.photo.url) : null
  return (
    <View id='rate-done' className='os-rating__card'>
      <Text className='os-rating__title'>{`我的评价：${rating.levelLabel}`}</Text>
      {rating.isDefault && <Text className='os-rating__muted'>7 天内未评价，系统默认为“基本满意”</Text>}
      {rating.indicators && <Text className='os-rating__text'>{indicatorScores(rating.indicators).map((i) => `${i.label} ${i.score} 分`).join('，')}</Text>}
      {rating.resolved !== null && <Text className='os-rating__text'>{rating.resolved ? '问题已解决' : '问题未解决'}</Text>}
      {rating.comment && <Text className='os-rating__text'>{rating.comment}</Text>}
      {photo && <PhotoGrid id='rate-done-photo' photos={[{ key: 'photo', src: photo, status: 'done' }]} onPreview={() => previewImages([photo], photo)} />}
      {rating.level <= 2 && !rectified && <Text className='os-rating__muted'>已转交责任部门整改</Text>}
    </View>
  )
}
