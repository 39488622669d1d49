// 办事 tab: search the catalog (debounced, with suggestions), 个人/法人 switch, browse by theme and department,
// 一件事 bundles and 热门服务; results page on scroll; empty results offer the server's suggestions and 12345.
import { View, Text, Input } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import type { ServiceSummary } from '@contract/service'
import Cell from '@/components/cell'
import PageState from '@/components/page-state'
import ServiceCard from '@/components/service-card'
import { useStores } from '@/stores'
import { OFFLINE_NOTE, type SearchAudience } from '@/stores/catalog'
import { bundleUrl, guideUrl } from '@/routes'
import { openRoute } from '@/utils/nav'
import './index.scss'
import { withPage } from '@/components/page'

const AUDIENCES: { key: SearchAudience; label: string }[] = [
  { key: 'person', label: '个人办事' },
  { key: 'business', label: '法人办事' },
]


/** Search results and hot services: one card per item, opening its guide. */
function ServiceRows({ items, idPrefix }: { items: ServiceSummary[]; idPrefix: string }) {
  return (
    <>
      {items.map((s) => (
        <ServiceCard
          key={s.code}
          id={`${idPrefix}-${s.code}`}
          name={s.name}
          department={s.department.name}
          online={s.online}
          bookable={s.bookable}
          promisedDays={s.promisedDays}
          onOpen={() => openRoute(guideUrl(s.code))}
        />
      ))}
    </>
  )
}

function call12345() {
  void Taro.makePhoneCall({ phoneNumber: '12345' }).catch(() => undefined)
}

function CatalogPage() {
  const { search, browse, departments } = useStores()

  useDidShow(() => {
    void departments.load()
    void browse.load()
  })
  usePullDownRefresh(() => {
    const work = [departments.load(true), browse.load(true)]
    if (search.searching) work.push(search.searchNow())
    void Promise.all(work).finally(() => Taro.stopPullDownRefresh())
  })
  useReachBottom(() => {
    if (search.searching) void search.loadMore()
  })

  const filterName = search.theme
    ? browse.themes.get(search.theme)?.name ?? search.theme
    : search.dept
      ? departments.byCode.get(search.dept)?.name ?? search.dept
      : undefined

  return (
    <View className='os-catalog'>
      <View className='os-catalog__header'>
        <Text className='os-catalog__title'>办事指南</Text>
        <View className='os-catalog__search'>
          <Input
            id='catalog-search'
            className='os-catalog__search-input'
            value={search.query}
            focus={search.focusRequested}
            confirmType='search'
            maxlength={100}
            placeholder='搜索事项，如“身份证丢了”“sbk”'
            placeholderClass='os-catalog__placeholder'
            ariaLabel='搜索办事事项'
            onInput={(e) => search.setQuery(String(e.detail.value ?? ''))}
            onConfirm={() => void search.searchNow()}
            onBlur={() => search.focusConsumed()}
          />
          {search.query !== '' && (
            <View id='catalog-search-clear' className='os-catalog__clear' ariaRole='button' ariaLabel='清除' onClick={() => search.setQuery('')}>
              <Text>✕</Text>
            </View>
          )}
        </View>
        <View className='os-catalog__audience' ariaRole='tablist'>
          {AUDIENCES.map((a) => (
            <View
              key={a.key}
              id={`audience-${a.key}`}
              ariaRole='tab'
              ariaLabel={search.audience === a.key ? `${a.label}（已选）` : a.label}
              className={`os-catalog__audience-item${search.audience === a.key ? ' os-catalog__audience-item--active' : ''}`}
              onClick={() => search.setAudience(a.key)}
            >
              <Text>{a.label}</Text>
            </View>
          ))}
        </View>
      </View>

      {browse.offline && (
        <View id='catalog-offline' className='os-catalog__offline'>
          <Text>{OFFLINE_NOTE}</Text>
        </View>
      )}

      {search.searching ? <Results filterName={filterName} /> : <Browse />}
    </View>
  )
}

const Results = observer(function Results({ filterName }: { filterName: string | undefined }) {
  const { search } = useStores()
  return (
    <View id='catalog-results' className='os-catalog__section'>
      {filterName && (
        <View id='catalog-filter' className='os-catalog__filter' ariaRole='button' onClick={() => (search.theme ? search.setTheme(undefined) : search.setDept(undefined))}>
          <Text>{filterName} ✕</Text>
        </View>
      )}
      {search.searchStatus === 'ready' && search.bundles.length > 0 && (
        <View id='result-bundles' className='os-catalog__bundles'>
          <Text className='os-catalog__section-title'>一件事 · 相关事项一次办</Text>
          <View className='os-catalog__list'>
            {search.bundles.map((b) => (
              <Cell key={b.code} id={`result-bundle-${b.code}`} title={b.name} note='一次申请' onOpen={() => openRoute(bundleUrl(b.code))} />
            ))}
          </View>
        </View>
      )}
      {search.searchStatus === 'loading' && search.results.length === 0 && <PageState kind='loading' message='正在搜索…' />}
      {search.searchStatus === 'failed' && (
        <PageState kind='error' message={search.searchError?.message} onRetry={() => void search.searchNow()} />
      )}
      {search.searchStatus !== 'failed' && search.results.length > 0 && (
        <>
          <Text id='catalog-total' className='os-catalog__section-title'>找到 {search.total} 项事项</Text>
          <View className='os-catalog__list' id='result-list'>
            <ServiceRows items={search.results} idPrefix='result' />
          </View>
          {search.hasMore && (
            <View id='catalog-more' className='os-catalog__more' ariaRole='button' onClick={() => void search.loadMore()}>
              <Text>{search.loadingMore ? '正在加载…' : '加载更多'}</Text>
            </View>
          )}
          {!search.hasMore && search.results.length > 0 && <Text className='os-catalog__end'>已显示全部结果</Text>}
        </>
      )}
      {search.searchStatus === 'ready' && search.results.length === 0 && (
        <View id='catalog-empty' className='os-catalog__empty'>
          <Text className='os-catalog__empty-title'>没有找到相关事项</Text>
          {search.suggestions.length > 0 && (
            <>
              <Text className='os-catalog__empty-hint'>试试这些：</Text>
              <View className='os-catalog__chips'>
                {search.suggestions.map((s, i) => (
                  <View key={s} id={`suggestion-${i}`} className='os-catalog__chip' ariaRole='button' onClick={() => void search.searchNow(s)}>
                    <Text>{s}</Text>
                  </View>
                ))}
              </View>
            </>
          )}
          <View id='catalog-call-12345' className='os-catalog__call' ariaRole='button' onClick={call12345}>
            <Text>拨打 12345 咨询</Text>
          </View>
        </View>
      )}
    </View>
  )
})

const Browse = observer(function Browse() {
  const { search, browse, departments } = useStores()
  // One retry reloads whatever failed: the browse lists and the departments share the same network.
  const retry = () => {
    if (browse.status === 'failed') void browse.load(true)
    if (departments.status === 'failed') void departments.load(true)
  }
  return (
    <View id='catalog-browse'>
      {browse.status === 'failed' && (
        <PageState kind='error' message={browse.error?.message} onRetry={retry} />
      )}
      {browse.hot.length > 0 && (
        <View className='os-catalog__section'>
          <Text className='os-catalog__section-title'>热门服务</Text>
          <View className='os-catalog__list' id='hot-list'>
            <ServiceRows items={browse.hot} idPrefix='hot' />
          </View>
        </View>
      )}
      {browse.themeList.length > 0 && (
        <View className='os-catalog__section'>
          <Text className='os-catalog__section-title'>按主题</Text>
          <View className='os-catalog__grid' id='theme-grid'>
            {browse.themeList.map((t) => (
              <View key={t.code} id={`theme-${t.code}`} className='os-catalog__tile' hoverClass='os-catalog__tile--pressed' ariaRole='button' onClick={() => search.setTheme(t.code)}>
                <Text className='os-catalog__tile-name'>{t.name}</Text>
                <Text className='os-catalog__tile-count'>{t.count} 项</Text>
              </View>
            ))}
          </View>
        </View>
      )}
      {browse.bundleList.length > 0 && (
        <View className='os-catalog__section'>
          <Text className='os-catalog__section-title'>一件事 · 一次办</Text>
          <View className='os-catalog__list' id='bundle-list'>
            {browse.bundleList.map((b) => (
              <Cell key={b.code} id={`bundle-${b.code}`} title={b.name} note={`${b.items.length} 项`} onOpen={() => openRoute(bundleUrl(b.code))} />
            ))}
          </View>
        </View>
      )}
      <View className='os-catalog__section'>
        <Text className='os-catalog__section-title'>按部门</Text>
        {departments.status === 'failed' && (
          <PageState kind='error' message={departments.error?.message} onRetry={retry} />
        )}
        {departments.status === 'loading' && <PageState kind='loading' />}
        {departments.status === 'ready' && departments.list.length === 0 && <PageState kind='empty' message='暂无部门信息' />}
        {departments.status === 'ready' && departments.list.length > 0 && (
          <View className='os-catalog__list' id='department-list'>
            {departments.list.map((d) => (
              <Cell key={d.code} id={`dept-${d.code}`} title={d.name} onOpen={() => search.setDept(d.code)} />
            ))}
          </View>
        )}
      </View>
    </View>
  )
})

export default withPage(observer(CatalogPage))
