// 工单详情 (staff): the whole record with internal steps, the reporter's contact masked until 查看 (audited; never
// for an anonymous request at a department), the actions the state machine allows this clerk now — each with its
// note / department (suggested first) / days / merge target — and the related & likely-duplicate panel.
import { View, Text } from '@tarojs/components'
import { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import Taro from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import { useState } from 'react'
import ActionButton from '@/components/action-button'
import PageState from '@/components/page-state'
import PhotoGrid from '@/components/photo-grid'
import RequestTimeline from '@/components/request-timeline'
import StatusTag, { ClockTag } from '@/components/status-tag'
import { RATING_LABEL, isOpen } from '@domain/workorder'
import ActionPanel from '@/packages/staff/components/action-panel'
import ContactCard from '@/packages/staff/components/contact-card'
import Fact from '@/packages/staff/components/fact'
import RelatedRow from '@/packages/staff/components/related-row'
import { previewImages } from '@/platform/images'
import { useStores } from '@/stores'
import { workbenchOf } from '@/stores/workbench'
import { deadlineText, formatDateTime } from '@/utils/request-format'
import { goBack, openRoute } from '@/utils/nav'
import { ROUTES, routeUrl } from '@/routes'
import '@/packages/staff/workbench.scss'
import { withPage } from '@/components/page'

function StaffRequestPage() {
  const { staff } = useStores()
  const workbench = workbenchOf(useStores())
  const id = useRouter().params.id ?? ''
  const [mergeTarget, setMergeTarget] = useState<string | undefined>(undefined)

  const load = () => {
    if (!id || !staff.signedIn) return
    void staff.load()
    void workbench.loadDetail(id)
    void workbench.loadRelated(id)
  }
  useDidShow(load)
  usePullDownRefresh(() => {
    load()
    void Taro.stopPullDownRefresh()
  })

  const r = workbench.details.get(id)
  const status = workbench.detailStatus.get(id)
  const error = workbench.detailErrors.get(id)
  const rel = workbench.related.get(id)

  let body
  if (!staff.signedIn) {
    body = (
      <View className='os-bench__card'>
        <PageState kind='empty' message='请先使用工作账号登录' />
        <ActionButton id='bench-sign-in' text='工作人员登录' onTap={() => openRoute(ROUTES.staffLogin)} />
      </View>
    )
  } else if (!id) body = <PageState kind='empty' message='没有找到这件工单' />
  else if (!r && status === 'failed') {
    body =
      error?.status === 404 ? (
        <PageState kind='empty' message='没有找到这件工单，或它不属于本部门' />
      ) : (
        <PageState kind='error' message={error?.message} onRetry={load} />
      )
  } else if (!r) body = <PageState kind='loading' />
  else {
    const photos = r.photos.map((p) => ({ key: p.id, src: workbench.absoluteUrl(p.url), status: 'done' as const }))
    const canMerge = r.actions.includes('merge')
    body = (
      <View className='os-bench__columns'>
        <View className='os-bench__main'>
          <View id='bench-detail' className='os-bench__card'>
            <View className='os-bench__row os-bench__row--between'>
              <Text id='bench-detail-number' className='os-bench__number'>
                {r.number}
              </Text>
              <View className='os-bench__row'>
                {r.overdue && isOpen(r.status) && <ClockTag kind='overdue' />}
                {!r.overdue && r.warning && isOpen(r.status) && <ClockTag kind='warning' />}
                {r.supervised && <ClockTag kind='supervised' />}
                <StatusTag id='bench-detail-status' status={r.status} label={r.statusLabel} />
              </View>
            </View>
            <Text className='os-bench__content'>{r.content}</Text>
            {photos.length > 0 && (
              <PhotoGrid id='bench-detail-photos' photos={photos} onPreview={(key) => previewImages(photos.map((p) => p.src), photos.find((p) => p.key === key)!.src)} />
            )}
            <View className='os-bench__facts'>
              <Fact label='类型' value={`${r.typeLabel}${r.categoryLabel ? ` · ${r.categoryLabel}` : ''}`} />
              <Fact label='提交时间' value={formatDateTime(r.filedAt)} />
              {isOpen(r.status) && <Fact label='派单时限' value={deadlineText(r.dispatchDeadline)} />}
              {isOpen(r.status) && <Fact id='bench-detail-deadline' label='办结时限' value={`${deadlineText(r.deadline)}${r.overdue ? '（已超期）' : ''}`} alert={r.overdue} />}
              {r.location && <Fact label='地点' value={`${r.location.district} ${r.location.address}`} />}
              {r.departmentName && <Fact label='承办部门' value={r.departmentName} />}
              {r.extensionDays !== null && <Fact label='延期申请' value={`${r.extensionDays} 个工作日，待热线审核`} alert />}
              {r.urgeCount > 0 && <Fact label='市民催办' value={`${r.urgeCount} 次`} alert />}
              <Fact label='公开' value={r.public ? '市民同意公开' : '不公开'} />
              {r.rating && <Fact label='市民评价' value={`${RATING_LABEL[r.rating.level]}${r.rating.comment ? `：${r.rating.comment}` : ''}`} />}
              {r.mergedInto && <Fact label='已并入' value={r.mergedInto.number} />}
              {r.merged.length > 0 && <Fact label='并入本单' value={r.merged.map((m) => m.number).join('、')} />}
            </View>
          </View>
          <ContactCard r={r} />
          <ActionPanel r={r} mergeTarget={mergeTarget} setMergeTarget={setMergeTarget} />
        </View>
        <View className='os-bench__side'>
          {rel && (rel.hotspot || rel.duplicates.length > 0 || rel.related.length > 0 || rel.entities.length > 0) && (
            <View id='bench-related' className='os-bench__card'>
              <Text className='os-bench__section'>相关与疑似重复</Text>
              {rel.hotspot && <Text className='os-bench__notice'>{rel.hotspot.message}</Text>}
              {rel.duplicates.length > 0 && <Text className='os-bench__subsection'>疑似重复（可并案）</Text>}
              {rel.duplicates.map((d) => (
                <RelatedRow key={d.id} item={d} onMerge={canMerge ? () => setMergeTarget(d.id) : undefined} />
              ))}
              {rel.related.length > 0 && <Text className='os-bench__subsection'>相关诉求</Text>}
              {rel.related.map((d) => (
                <RelatedRow key={d.id} item={d} />
              ))}
              {rel.entities.length > 0 && <Text className='os-bench__subsection'>涉事单位与地址</Text>}
              {rel.entities.map((e) => (
                <View
                  key={e.id}
                  id={`bench-entity-${e.id}`}
                  className='os-bench__related'
                  hoverClass='os-bench__pressed'
                  ariaRole='link'
                  onClick={() => openRoute(routeUrl(ROUTES.entity, { id: e.id }))}
                >
                  <Text className='os-bench__item-text'>
                    “{e.text}”另有 {e.otherRequests} 件诉求提及{e.departments[0] ? `，多由${e.departments[0].name}办理` : ''}
                  </Text>
                  <Text className='os-bench__hint'>查看涉事单位档案 ›</Text>
                </View>
              ))}
            </View>
          )}
          <View className='os-bench__card'>
            <Text className='os-bench__section'>办理记录</Text>
            <RequestTimeline
              id='bench-timeline'
              items={r.timeline}
              staff
              resolveUrl={(u) => workbench.absoluteUrl(u)}
              onPreview={(urls, current) => previewImages(urls, current)}
            />
          </View>
        </View>
      </View>
    )
  }

  return (
    <View className='os-bench'>
      <View className='os-bench__head'>
        <Text className='os-bench__title'>工单详情</Text>
      </View>
      {body}
      <ActionButton id='bench-back' text='返回' tone='secondary' onTap={goBack} />
    </View>
  )
}

export default withPage(observer(StaffRequestPage))
