// 办事 tab: the departments that provide services, loaded from the API; the searchable catalog comes next.
import { View, Text } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import Cell from '../../components/cell'
import PageState from '../../components/page-state'
import { useStores } from '../../stores'
import './index.scss'

function CatalogPage() {
  const { departments } = useStores()

  useDidShow(() => {
    void departments.load()
  })
  usePullDownRefresh(() => {
    void departments.load(true).finally(() => Taro.stopPullDownRefresh())
  })

  return (
    <View className='os-catalog'>
      <View className='os-catalog__header'>
        <Text className='os-catalog__title'>办事指南</Text>
        <Text className='os-catalog__notice'>事项搜索与完整办事指南即将开放。以下是提供政务服务的部门。</Text>
      </View>
      {departments.status === 'failed' && (
        <PageState kind='error' message={departments.error?.message} onRetry={() => void departments.load(true)} />
      )}
      {(departments.status === 'loading' || departments.status === 'idle') && <PageState kind='loading' />}
      {departments.status === 'ready' && departments.list.length === 0 && <PageState kind='empty' message='暂无部门信息' />}
      {departments.status === 'ready' && departments.list.length > 0 && (
        <View className='os-catalog__list' id='department-list'>
          {departments.list.map((d) => (
            <Cell key={d.code} title={d.name} />
          ))}
        </View>
      )}
    </View>
  )
}

export default observer(CatalogPage)
