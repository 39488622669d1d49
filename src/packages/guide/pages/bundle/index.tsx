// 一件事 bundle (?code=): the life event, the items done together (each opens its guide) and the shared materials.
import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import { useLoad } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import Cell from '@/components/cell'
import PageState from '@/components/page-state'
import { useStores } from '@/stores'
import ActionButton from '@/components/action-button'
import { ROUTES, guideUrl, routeUrl } from '@/routes'
import { openRoute } from '@/utils/nav'
import '../detail/index.scss'
import { withPage } from '@/components/page'

function BundlePage() {
  const { browse } = useStores()
  const [code, setCode] = useState('')

  useLoad((query: Record<string, string | undefined>) => {
    const c = decodeURIComponent(query.code ?? '')
    setCode(c)
    if (c) void browse.loadBundle(c)
  })

  const bundle = code ? browse.bundles.get(code) : undefined
  if (!bundle) {
    const failed = !code || browse.bundleStatus.get(code) === 'failed'
    return (
      <View className='os-guide'>
        <Text className='os-guide__heading'>一件事</Text>
        {failed ? <PageState kind='error' message='未能加载这件事的办理信息，请稍后重试' onRetry={code ? () => void browse.loadBundle(code) : undefined} /> : <PageState kind='loading' />}
      </View>
    )
  }
  return (
    <View className='os-guide'>
      <View className='os-guide__hero'>
        <Text id='bundle-name' className='os-guide__name'>{bundle.name}</Text>
        <Text className='os-guide__summary'>{bundle.description}</Text>
      </View>
      <View className='os-guide__section'>
        <ActionButton id='bundle-apply' text='一次申请' onTap={() => openRoute(routeUrl(ROUTES.apply, { bundle: bundle.code }))} />
      </View>
      <View id='section-items' className='os-guide__section'>
        <Text className='os-guide__section-title'>{`一次办理 ${bundle.items.length} 个事项`}</Text>
        {bundle.items.map((item) => (
          <Cell key={item.code} id={`bundle-item-${item.code}`} title={item.name} onOpen={() => openRoute(guideUrl(item.code))} />
        ))}
      </View>
      {bundle.sharedMaterials.length > 0 && (
        <View id='section-shared' className='os-guide__section'>
          <Text className='os-guide__section-title'>共用材料（只需提交一次）</Text>
          {bundle.sharedMaterials.map((m) => (
            <Text key={m} className='os-guide__text'>{`· ${m}`}</Text>
          ))}
        </View>
      )}
    </View>
  )
}

export default withPage(observer(BundlePage))
