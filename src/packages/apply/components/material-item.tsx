// One material of an application: how it is provided (上传 photo/PDF, 电子证照 免提交, 窗口核验), the files picked
// with their upload state (tap a failed one to retry), the held licence picked, and its error in place.
import { View, Text } from '@tarojs/components'
import { observer } from 'mobx-react-lite'
import type { FormMaterial, MaterialProvide } from '@contract/forms'
import type { Licence } from '@contract/licences'
import type { MaterialDraft } from '@/stores/application-draft-model'

const MODE_TEXT: Record<MaterialProvide, string> = { upload: '上传照片或 PDF', licence: '电子证照免提交', counter: '窗口核验' }
const FILE_STATUS = { pending: '待上传', uploading: '上传中…', done: '已上传', failed: '上传失败，点此重试' } as const

export interface MaterialItemProps {
  material: FormMaterial
  draft: MaterialDraft
  /** Licences the resident holds that stand for this material (居民身份证 from 实名 included by the page). */
  licences: Pick<Licence, 'id' | 'title'>[]
  error?: string
  onMode: (mode: MaterialProvide) => void
  onPhotos: () => void
  onDocuments?: () => void
  onRetry: (key: string) => void
  onRemove: (key: string) => void
  onLicence: (id: string) => void
}

function MaterialItem({ material: m, draft, licences, error, onMode, onPhotos, onDocuments, onRetry, onRemove, onLicence }: MaterialItemProps) {
  const modes = m.provide.filter((p) => p !== 'licence' || licences.length > 0)
  return (
    <View id={`material-${m.id}`} className='os-apply__material'>
      <Text className='os-apply__text'>{`${m.name}${m.required ? '' : '（如适用）'}`}</Text>
      {m.note && <Text className='os-apply__note'>{m.note}</Text>}
      <View className='os-apply__modes' ariaRole='radiogroup' ariaLabel={`${m.name}的提供方式`}>
        {modes.map((p) => (
          <View
            key={p}
            id={`material-${m.id}-${p}`}
            className={`os-apply__mode${draft.mode === p ? ' os-apply__mode--on' : ''}`}
            ariaRole='radio'
            ariaLabel={draft.mode === p ? `${MODE_TEXT[p]}（已选）` : MODE_TEXT[p]}
            onClick={() => onMode(p)}
          >
            <Text>{MODE_TEXT[p]}</Text>
          </View>
        ))}
      </View>
      {draft.mode === 'upload' && (
        <View>
          {draft.files.map((f, i) => (
            <View key={f.key} className='os-apply__file'>
              <View id={`material-${m.id}-file-${i}`} ariaRole={f.status === 'failed' ? 'button' : undefined} onClick={() => f.status === 'failed' && onRetry(f.key)}>
                <Text>{`${f.name ?? `第 ${i + 1} 页`} · ${FILE_STATUS[f.status]}`}</Text>
              </View>
              <View id={`material-${m.id}-remove-${i}`} className='os-apply__link' ariaRole='button' ariaLabel={`删除第 ${i + 1} 个文件`} onClick={() => onRemove(f.key)}>
                <Text>删除</Text>
              </View>
            </View>
          ))}
          <View className='os-apply__modes'>
            <View id={`material-${m.id}-photo`} className='os-apply__mode' ariaRole='button' onClick={onPhotos}>
              <Text>{draft.files.length ? '再拍一页 / 选照片' : '拍照或选照片'}</Text>
            </View>
            {onDocuments && (
              <View id={`material-${m.id}-pdf`} className='os-apply__mode' ariaRole='button' onClick={onDocuments}>
                <Text>选择 PDF</Text>
              </View>
            )}
          </View>
        </View>
      )}
      {draft.mode === 'licence' && (
        <View className='os-apply__modes'>
          {licences.map((l) => (
            <View
              key={l.id}
              id={`material-${m.id}-licence-${l.id}`}
              className={`os-apply__mode${draft.licenceId === l.id ? ' os-apply__mode--on' : ''}`}
              ariaRole='radio'
              ariaLabel={draft.licenceId === l.id ? `${l.title}（已选）` : l.title}
              onClick={() => onLicence(l.id)}
            >
              <Text>{l.title}</Text>
            </View>
          ))}
        </View>
      )}
      {draft.mode === 'counter' && <Text className='os-apply__note'>办理时请带上原件到窗口核验</Text>}
      {error && (
        <Text id={`material-${m.id}-error`} className='os-apply__error'>
          {error}
        </Text>
      )}
    </View>
  )
}

// An observer: a file's upload state changes inside the draft without the row above re-rendering.
export default observer(MaterialItem)
