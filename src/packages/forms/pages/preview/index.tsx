// 申请表 (?code= an item, or ?bundle= a 一件事): the application form of an item shown before applying — every
// question the department asks, the materials and how each may be provided; the resident may fill it in and
// 检查填写 with the server's rules (nothing is sent from this page).
import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { useLoad } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import ActionButton from '@/components/action-button'
import FormRenderer from '@/components/form'
import PageState from '@/components/page-state'
import { useStores } from '@/stores'
import { FormPreviewStore } from '@/stores/form-preview'
import './index.scss'
import { withPage } from '@/components/page'

const PROVIDE_TEXT = { upload: '上传照片或 PDF', licence: '电子证照免提交', counter: '窗口核验原件' } as const

function FormPreviewPage() {
  const { api } = useStores()
  const [store] = useState(() => new FormPreviewStore(api))
  const [target, setTarget] = useState<{ code?: string; bundle?: string }>({})

  useLoad((query: Record<string, string | undefined>) => {
    const t = { code: query.code ? decodeURIComponent(query.code) : undefined, bundle: query.bundle ? decodeURIComponent(query.bundle) : undefined }
    setTarget(t)
    void store.load(t)
  })

  const form = store.form
  if (!form) {
    if (store.status === 'failed' || (!target.code && !target.bundle)) {
      const message = store.error?.message ?? '未指定要查看的事项'
      return (
        <View className='os-form-preview'>
          <PageState kind='error' message={message} onRetry={target.code || target.bundle ? () => void store.load(target) : undefined} />
        </View>
      )
    }
    return (
      <View className='os-form-preview'>
        <PageState kind='loading' />
      </View>
    )
  }
  const problems = store.errors.length
  return (
    <View className='os-form-preview'>
      <Text className='os-form-preview__lead'>以下是网上申请需要填写的内容。姓名、身份证号码和手机号取自实名认证，无需填写。</Text>
      <View className='os-form-preview__card'>
        <FormRenderer form={form} value={store.answers} errors={store.errors} onChange={(v) => store.change(v)} />
      </View>
      <View id='form-materials' className='os-form-preview__card'>
        <Text className='os-form-preview__title'>{`申请材料（${form.materials.length} 项）`}</Text>
        {form.materials.length === 0 && <Text className='os-form-preview__text'>无需提交材料</Text>}
        {form.materials.map((m) => (
          <View key={m.id} id={`material-${m.id}`} className='os-form-preview__material'>
            <Text className='os-form-preview__text'>{`${m.name}${m.required ? '' : '（如适用）'}`}</Text>
            <Text className='os-form-preview__note'>{m.provide.map((p) => PROVIDE_TEXT[p]).join(' / ')}</Text>
          </View>
        ))}
      </View>
      {problems > 0 && (
        <View id='form-check-result' className='os-form-preview__problems' ariaRole='alert'>
          <Text>{`还有 ${problems} 处需要填写或修改，已在对应位置标出`}</Text>
        </View>
      )}
      {store.checked === true && (
        <View id='form-check-result' className='os-form-preview__ok'>
          <Text>填写内容符合要求</Text>
        </View>
      )}
      <ActionButton id='form-check' text='检查填写' onTap={() => store.check()} />
    </View>
  )
}

export default withPage(observer(FormPreviewPage))
