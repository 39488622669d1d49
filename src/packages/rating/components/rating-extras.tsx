// The end of both rating forms (a hall visit's and a 办件's): 问题是否解决, the comment and one optional photo. The photo
// is picked here and sent with the rating (the store uploads it first). The page passes the draft's values (it observes
// them; this component does not).
import { View } from '@tarojs/components'
import ChoiceChips from '@/components/choice-chips'
import PhotoGrid from '@/components/photo-grid'
import TextAreaField from '@/components/text-area-field'
import { pickImages, previewImages } from '@/platform/images'

export interface RatingExtrasProps {
  draft: { resolved: boolean | undefined; comment: string; photo: string | undefined }
  placeholder: string
  onResolved: (resolved: boolean) => void
  onComment: (text: string) => void
  onPhoto: (path: string | undefined) => void
}

export default function RatingExtras({ draft, placeholder, onResolved, onComment, onPhoto }: RatingExtrasProps) {
  const photos = draft.photo ? [{ key: draft.photo, src: draft.photo, status: 'done' as const }] : []
  return (
    <View>
      <ChoiceChips
        id='rate-resolved'
        label='问题是否解决'
        choices={[{ value: 'yes', label: '已解决' }, { value: 'no', label: '未解决' }]}
        value={draft.resolved === undefined ? undefined : draft.resolved ? 'yes' : 'no'}
        onChange={(x) => onResolved(x === 'yes')}
      />
      <TextAreaField id='rate-comment' label='意见建议（选填）' value={draft.comment} maxlength={500} placeholder={placeholder} onInput={onComment} />
      <PhotoGrid
        id='rate-photo'
        photos={photos}
        max={1}
        onAdd={async () => onPhoto((await pickImages(1))[0])}
        onRemove={() => onPhoto(undefined)}
        onPreview={() => draft.photo && previewImages([draft.photo], draft.photo)}
      />
    </View>
  )
}
