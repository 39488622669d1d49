// 好差评公开 (no sign-in): each department's and each hall's ratings of the last 12 months — counts by level, 满意率
// (defaults included and shown apart), 差评 and 差评整改率. Counts only: nothing identifies a rater.
import { Button, View, Text } from '@tarojs/components'
import { useLoad } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import PageState from '@/components/page-state'
import type { RatingFigures } from '@contract/ratings'
import { useStores } from '@/stores'
import { ratingsOf } from '@/stores/ratings'
import { percent } from '../../components/labels'
import '../../components/rating.scss'
import { withPage } from '@/components/page'

function FiguresCard({ id, name, sub, f }: { id: string; name: string; sub?: string; f: RatingFigures }) {
  return (
    <View id={id} className='os-rating__card'>
      <Text className='os-rating__title'>{name}</Text>
      {sub && <Text className='os-rating__muted'>{sub}</Text>}
      {f.total === 0 ? (
        <Text className='os-rating__muted'>暂无评价</Text>
      ) : (
        <View>
          <Text className='os-rating__text'>{`满意率 ${percent(f.satisfaction)}（共 ${f.total} 条评价，其中默认好评 ${f.defaults} 条）`}</Text>
          <Text className='os-rating__text'>{`差评 ${f.bad} 条，已整改 ${f.rectified} 条，差评整改率 ${percent(f.rectifyRate)}`}</Text>
          <Text className='os-rating__muted'>{f.byLevel.map((l) => `${l.label} ${l.count}`).join(' · ')}</Text>
        </View>
      )}
    </View>
  )
}

function PublicRatingsPage() {
  const ratings = ratingsOf(useStores())
  useLoad(() => void ratings.loadFigures())
  const f = ratings.figures

  return (
    <View className='os-rating'>
      <Text className='os-rating__heading'>好差评公开</Text>
      <Text className='os-rating__sub'>
        {f ? `${f.from} 至 ${f.to} 的评价统计。满意率 = 非常满意、满意、基本满意 ÷ 全部评价；经申诉复核成立的评价不计入。` : '近 12 个月的评价统计'}
      </Text>
      {!f && ratings.figuresStatus === 'failed' && <PageState kind='error' message={ratings.figuresError} onRetry={() => void ratings.loadFigures()} />}
      {!f && ratings.figuresStatus !== 'failed' && <PageState kind='loading' />}
      {f && (
        <View>
          <Text id='public-halls' className='os-rating__title'>政务服务大厅</Text>
          {f.halls.map((h) => (
            <FiguresCard key={h.id} id={`hall-${h.id}`} name={h.name} sub={h.district} f={h.figures} />
          ))}
          <Text id='public-departments' className='os-rating__title'>部门（大厅办事与 12345 诉求）</Text>
          {f.departments.length === 0 && <Text className='os-rating__muted'>暂无评价</Text>}
          {f.departments.map((d) => (
            <FiguresCard key={d.code} id={`dept-${d.code}`} name={d.name} f={d.figures} />
          ))}
        </View>
      )}
      {/* A real button: keyboard users can reach (and scroll) the page, and the figures can be fetched again. */}
      <Button id='public-refresh' className='os-rating__button' onClick={() => void ratings.loadFigures()}>
        刷新数据
      </Button>
    </View>
  )
}

export default withPage(observer(PublicRatingsPage))
