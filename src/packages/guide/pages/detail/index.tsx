// 办事指南 detail (?code=): every guide section, materials as a tick-off checklist, halls with phone,
// 预约办理 / 在线办理 / 收藏 / share; recorded in 最近浏览; the saved copy is shown when offline.
import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import Taro, { useLoad, useShareAppMessage } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import type { Audience, ItemType, Material, OnlineDepth, ServiceGuide } from '@contract/service'
import PageState from '@/components/page-state'
import { promisedText } from '@/components/service-card'
import { useStores } from '@/stores'
import { guidesOf } from '@/stores/guides'
import { OFFLINE_NOTE } from '@/stores/catalog'
import { ROUTES, bundleUrl, guideUrl, routeUrl } from '@/routes'
import { openRoute } from '@/utils/nav'
import './index.scss'
import ActionBar from '@/components/action-bar'
import { withPage } from '@/components/page'

const AUDIENCE: Record<Audience, string> = { person: '个人', business: '法人', both: '个人、法人' }
const FORM: Record<Material['form'], string> = { paper: '纸质', electronic: '电子', either: '纸质或电子均可' }

function dial(phone: string) {
  void Taro.makePhoneCall({ phoneNumber: phone.replace(/[^\d-]/g, '') }).catch(() => undefined)
}

function copiesText(m: Material): string {
  const parts = [m.originals > 0 ? `原件 ${m.originals} 份` : '', m.copies > 0 ? `复印件 ${m.copies} 份` : ''].filter(Boolean)
  return parts.join('，') || '无需提交纸质份数'
}

function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <View id={`section-${id}`} className='os-guide__section'>
      <Text className='os-guide__section-title'>{title}</Text>
      {children}
    </View>
  )
}

/** 办理方式 in the resident's words (the catalogue's 网办深度). */
const ONLINE_WAY: Record<OnlineDepth, string> = { full: '全程网上办', mostly: '网上申请，到现场一次', offline: '需到现场办理' }

/** 事项类型 (the national catalogue's terms) as a resident would say it. */
const ITEM_KIND: Record<ItemType, string> = {
  行政许可: '需要政府部门审批同意后才能办的事',
  行政给付: '符合条件可以申领的补贴、待遇',
  行政确认: '由政府部门审核、确认并登记的事',
  行政征收: '依法需要缴纳的费用',
  行政裁决: '由政府部门对纠纷作出裁决',
  行政奖励: '政府部门给予的奖励、表彰',
  行政备案: '向政府部门报备，不需要审批',
  公共服务: '政府部门提供的公共服务',
  其他行政权力: '由政府部门依法办理的其他事项',
}

/** 全程网办 and 网上申请、到现场一次 items are applied for here (在线办); the rest only at a hall. */
const appliesOnline = (g: ServiceGuide): boolean => g.onlineDepth === 'full' || g.onlineDepth === 'mostly'

function DetailPage() {
  const { saved } = useStores()
  const guides = guidesOf(useStores())
  const [code, setCode] = useState('')
  const [ticked, setTicked] = useState<number[]>([])

  useLoad((query: Record<string, string | undefined>) => {
    const c = decodeURIComponent(query.code ?? '')
    setCode(c)
    if (!c) return
    void guides.load(c).then((g) => {
      if (g) saved.viewed(g)
    })
  })

  const guide = code ? guides.byCode.get(code) : undefined

  useShareAppMessage(() => ({
    title: guide ? `${guide.name} · 办事指南` : '一站办 · 办事指南',
    path: guideUrl(code),
  }))

  const status = code ? guides.status.get(code) : 'failed'
  if (!guide) {
    return (
      <View className='os-guide'>
        <Text className='os-guide__heading'>办事指南详情</Text>
        {status === 'failed' ? (
          <PageState
            kind='error'
            message={code ? guides.errors.get(code)?.message : '未指定事项'}
            onRetry={code ? () => void guides.load(code, true) : undefined}
          />
        ) : (
          <PageState kind='loading' />
        )}
      </View>
    )
  }

  const favourite = saved.isFavourite(guide.code)
  const toggle = (i: number) => setTicked((t) => (t.includes(i) ? t.filter((x) => x !== i) : [...t, i]))

  return (
    <View className='os-guide'>
      {guides.offline.has(guide.code) && (
        <View id='guide-offline' className='os-guide__offline'>
          <Text>{OFFLINE_NOTE}</Text>
        </View>
      )}
      <View className='os-guide__hero'>
        <Text id='guide-name' className='os-guide__name'>{guide.name}</Text>
        <Text className='os-guide__dept'>{guide.department.name}</Text>
        <View className='os-guide__badges'>
          <Text className={`os-guide__badge os-guide__badge--${guide.onlineDepth}`}>{ONLINE_WAY[guide.onlineDepth]}</Text>
          {guide.bookable && <Text className='os-guide__badge os-guide__badge--primary'>可预约</Text>}
          <Text className='os-guide__badge'>{promisedText(guide.promisedDays)}</Text>
        </View>
        <Text className='os-guide__summary'>{guide.summary}</Text>
      </View>

      <ActionBar id='guide-actions'>
        {guide.bookable && (
          <View id='guide-book' className='os-guide__action os-guide__action--primary' ariaRole='button' onClick={() => openRoute(routeUrl(ROUTES.appointments, { service: guide.code }))}>
            <Text>预约办理</Text>
          </View>
        )}
        {appliesOnline(guide) && (
          <View id='guide-online' className='os-guide__action os-guide__action--primary' ariaRole='button' onClick={() => openRoute(routeUrl(ROUTES.apply, { code: guide.code }))}>
            <Text>在线办理</Text>
          </View>
        )}
        <View
          id='guide-favourite'
          className={`os-guide__action${favourite ? ' os-guide__action--on' : ''}`}
          ariaRole='button'
          onClick={() => {
            const on = saved.toggleFavourite(guide)
            void Taro.showToast({ title: on ? '已收藏' : '已取消收藏', icon: 'none' })
          }}
        >
          <Text>{favourite ? '★ 已收藏' : '☆ 收藏'}</Text>
        </View>
      </ActionBar>

      <Section id='audience' title='服务对象'>
        <Text className='os-guide__text'>{AUDIENCE[guide.audience]}</Text>
      </Section>
      <Section id='type' title='事项说明'>
        <Text className='os-guide__text'>{ITEM_KIND[guide.itemType] ?? guide.itemType}</Text>
      </Section>
      <Section id='conditions' title='受理条件'>
        {guide.conditions.map((c, i) => (
          <Text key={i} className='os-guide__text'>{`${i + 1}. ${c}`}</Text>
        ))}
      </Section>
      <Section id='materials' title='申请材料'>
        <Text className='os-guide__hint'>{`已准备 ${ticked.length} / ${guide.materials.length} 项，点击勾选`}</Text>
        {guide.materials.map((m, i) => {
          const on = ticked.includes(i)
          return (
            <View key={i} id={`material-${i}`} className='os-guide__material' ariaRole='checkbox' aria-checked={on ? 'true' : 'false'} ariaLabel={m.name} onClick={() => toggle(i)}>
              <View className={`os-guide__box${on ? ' os-guide__box--on' : ''}`}>{on && <Text>✓</Text>}</View>
              <View className='os-guide__material-body'>
                <Text className='os-guide__material-name'>{m.name}</Text>
                <Text className='os-guide__hint'>{`${copiesText(m)} · ${FORM[m.form]}`}</Text>
                {m.eLicence && <Text className='os-guide__tag'>可用电子证照免提交</Text>}
                {m.note && <Text className='os-guide__hint'>{m.note}</Text>}
              </View>
            </View>
          )
        })}
      </Section>
      <Section id='steps' title='办理流程'>
        {guide.steps.map((s, i) => (
          <View key={i} className='os-guide__step'>
            <Text className='os-guide__step-title'>{`${i + 1}. ${s.title}`}</Text>
            <Text className='os-guide__hint'>{s.detail}</Text>
          </View>
        ))}
      </Section>
      <Section id='time' title='办结时限'>
        <Text className='os-guide__text'>{`法定办结时限：${guide.legalDays === 0 ? '即办' : `${guide.legalDays} 个工作日`}`}</Text>
        <Text className='os-guide__text'>{`承诺办结时限：${guide.promisedDays === 0 ? '即办' : `${guide.promisedDays} 个工作日`}`}</Text>
      </Section>
      <Section id='fee' title='收费'>
        <Text className='os-guide__text'>{guide.fee.detail}</Text>
      </Section>
      <Section id='locations' title='办理地点'>
        {guide.locations.map((l, i) => (
          <View key={i} className='os-guide__location'>
            <Text className='os-guide__step-title'>{l.name}</Text>
            <Text className='os-guide__hint'>{`地址：${l.address}`}</Text>
            <Text className='os-guide__hint'>{`办公时间：${l.hours}`}</Text>
            {l.phone && (
              <View id={`location-phone-${i}`} className='os-guide__phone' ariaRole='button' onClick={() => dial(l.phone)}>
                <Text>{`拨打 ${l.phone}`}</Text>
              </View>
            )}
          </View>
        ))}
        {guide.phone && <Text className='os-guide__hint'>{`咨询电话：${guide.phone}`}</Text>}
      </Section>
      <Section id='basis' title='法定依据'>
        {guide.legalBasis.map((b, i) => (
          <Text key={i} className='os-guide__text'>{b}</Text>
        ))}
      </Section>
      <View id='guide-ratings' className='os-guide__link' ariaRole='link' onClick={() => openRoute(ROUTES.publicRatings)}>
        <Text>办事好差评公开数据 ›</Text>
      </View>
      <Section id='online' title='办理方式'>
        <Text className='os-guide__text'>{ONLINE_WAY[guide.onlineDepth]}</Text>
        {guide.onlineChannels.length > 0 && <Text className='os-guide__hint'>{`网上办理渠道：${guide.onlineChannels.join('、')}`}</Text>}
      </Section>
      {guide.bundles.length > 0 && (
        <Section id='bundles' title='相关一件事'>
          {guide.bundles.map((b) => (
            <View key={b.code} className='os-guide__link' ariaRole='link' onClick={() => openRoute(bundleUrl(b.code))}>
              <Text>{`${b.name} ›`}</Text>
            </View>
          ))}
        </Section>
      )}
    </View>
  )
}

export default withPage(observer(DetailPage))
