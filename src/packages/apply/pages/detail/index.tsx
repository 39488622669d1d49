// 办件详情 (?id=): number, status, department, promised date, what is needed next, a 一件事's progress ("3 / 5 已办结"),
// the materials given, the result (e-licence in 我的证照), the full timeline; 补正 lists every flagged item at once and
// the resident fixes them here (the flagged fields in the form renderer, the flagged materials uploaded again); once
// ended, 好差评 of the 办件 (rating-card.tsx).
import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { useDidShow, useLoad } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import type { ApplicationDetail } from '@contract/applications'
import ActionButton from '@/components/action-button'
import FormRenderer from '@/components/form'
import { checkAnswers, clearError, initialAnswers } from '@/components/form/state'
import PageState from '@/components/page-state'
import { pickImages } from '@/platform/images'
import { ROUTES } from '@/routes'
import { useStores } from '@/stores'
import { licencesOf } from '@/stores/licences'
import { myApplicationsOf } from '@/stores/my-applications'
import { materialField } from '@/stores/application-draft-model'
import { openRoute } from '@/utils/nav'
import { beijingTime, promisedText, statusTone } from '../../status'
import Shell from '../../components/shell'
import RatingCard from './rating-card'
import '../../styles.scss'
import { withPage } from '@/components/page'

const RULES = { initial: initialAnswers, check: (f: Parameters<typeof checkAnswers>[0], a: Parameters<typeof checkAnswers>[1]) => checkAnswers(f, a), clear: clearError }

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <View className='os-apply__fact'>
      <Text>{label}</Text>
      <Text>{value}</Text>
    </View>
  )
}

function DetailPage() {
  const store = myApplicationsOf(useStores())
  const licences = licencesOf(useStores())
  const [id, setId] = useState('')

  useLoad((query: Record<string, string | undefined>) => {
    const i = decodeURIComponent(query.id ?? '')
    setId(i)
    if (i) void store.loadDetail(i)
  })
  useDidShow(() => {
    if (id) void store.loadDetail(id)
  })

  const d = id ? store.details.get(id) : undefined
  if (!d) {
    const err = id ? store.detailErrors.get(id) : undefined
    return (
      <Shell title='办件详情'>
        {!id || err ? <PageState kind='error' message={err?.message ?? '未指定办件'} onRetry={id ? () => void store.loadDetail(id) : undefined} /> : <PageState kind='loading' />}
      </Shell>
    )
  }
  const bundle = d.bundleId ? store.bundles.get(d.bundleId) : undefined
  return (
    <Shell title='办件详情'>
      <View id='app-head' className='os-apply__card'>
        <View className='os-apply__row-head'>
          <Text className='os-apply__title'>{d.serviceName}</Text>
          <Text id='app-status' className={`os-apply__status${statusTone(d.status)}`}>
            {d.statusLabel}
          </Text>
        </View>
        <Fact label='办件编号' value={d.number} />
        <Fact label='办理部门' value={d.departmentName} />
        <Fact label='提交时间' value={beijingTime(d.submittedAt)} />
        <Fact label='承诺时限' value={promisedText(d) ?? `受理后 ${d.promisedDays} 个工作日内办结`} />
        <Text id='app-next' className='os-apply__text'>{`下一步：${d.nextStep}`}</Text>
      </View>

      {bundle && (
        <View id='app-bundle' className='os-apply__card'>
          <Text className='os-apply__title'>{`${bundle.name} · ${bundle.progress}`}</Text>
          <Text className='os-apply__note'>{`一件事编号 ${bundle.number}`}</Text>
          {bundle.applications.map((a) => (
            <Fact key={a.id} label={`${a.serviceName}（${a.departmentName}）`} value={a.statusLabel} />
          ))}
        </View>
      )}

      {d.correction && <CorrectionCard detail={d} />}

      {d.result && (
        <View id='app-result' className='os-apply__card'>
          <Text className='os-apply__title'>办理结果</Text>
          {d.result.licenceId && (
            <View>
              <Text className='os-apply__text'>电子证照已发放到“我的证照”</Text>
              <ActionButton id='app-licence' text='查看电子证照' tone='secondary' onTap={() => openRoute(ROUTES.licences)} />
            </View>
          )}
          {d.result.delivery === 'pickup' && <Text className='os-apply__text'>请预约到大厅领取纸质结果</Text>}
          {d.result.delivery === 'postal' && <Text className='os-apply__text'>{`结果将邮寄至 ${d.result.postalAddress ?? ''}`}</Text>}
        </View>
      )}

      <RatingCard detail={d} />

      <View id='app-materials' className='os-apply__card'>
        <Text className='os-apply__title'>已提交材料</Text>
        {d.materials.length === 0 && <Text className='os-apply__note'>无</Text>}
        {d.materials.map((m) => (
          <Fact
            key={m.materialId}
            label={m.name}
            value={m.provide === 'upload' ? `已上传 ${m.uploadIds.length} 个文件` : m.provide === 'licence' ? (licences.items.find((l) => l.id === m.licenceId)?.title ?? '电子证照') : '窗口核验'}
          />
        ))}
      </View>

      <View id='app-timeline' className='os-apply__card'>
        <Text className='os-apply__title'>办理进度</Text>
        {d.timeline
          .slice()
          .reverse()
          .map((s, i) => (
            <View key={`${s.at}-${i}`} className='os-apply__step'>
              <Text className='os-apply__text'>{s.label}</Text>
              <Text className='os-apply__note'>{beijingTime(s.at)}</Text>
              {s.note && <Text className='os-apply__note'>{s.note}</Text>}
            </View>
          ))}
      </View>
    </Shell>
  )
}

/** 补正告知: everything flagged at once, fixed in place and sent together. */
const CorrectionCard = observer(function CorrectionCard({ detail: d }: { detail: ApplicationDetail }) {
  const store = myApplicationsOf(useStores())
  const c = store.correction
  const flagged = d.correction!
  const materialNames = d.materials.filter((m) => flagged.materialIds.includes(m.materialId)).map((m) => m.name)
  return (
    <View id='app-correction' className='os-apply__card'>
      <Text className='os-apply__title'>需要补正（一次性告知）</Text>
      {flagged.note && <Text className='os-apply__text'>{`部门说明：${flagged.note}`}</Text>}
      {flagged.fieldKeys.length > 0 && <Text className='os-apply__note'>{`需改填 ${flagged.fieldKeys.length} 项信息`}</Text>}
      {(materialNames.length > 0 || flagged.materialIds.length > 0) && (
        <Text className='os-apply__note'>{`需重新提供材料：${materialNames.length ? materialNames.join('、') : flagged.materialIds.join('、')}`}</Text>
      )}
      {!c && <ActionButton id='app-correct-start' text='开始补正' onTap={() => void store.startCorrection(d.id, RULES)} />}
      {c && (
        <View>
          {c.form.fields.length > 0 && <FormRenderer form={c.form} value={c.answers} errors={c.errors} onChange={(v) => store.changeCorrection(v)} />}
          {c.form.materials.map((m) => {
            const error = c.errors.find((e) => e.field === materialField(m.id))?.message
            const files = c.files[m.id] ?? []
            return (
              <View key={m.id} id={`correct-${m.id}`} className='os-apply__material'>
                <Text className='os-apply__text'>{m.name}</Text>
                {files.length > 0 && <Text className='os-apply__note'>{`已选 ${files.length} 个文件，提交补正时上传`}</Text>}
                <View id={`correct-${m.id}-photo`} className='os-apply__mode' ariaRole='button' onClick={() => void pickImages(9).then((p) => p.length && store.addCorrectionFiles(m.id, p))}>
                  <Text>拍照或选照片</Text>
                </View>
                {error && <Text className='os-apply__error'>{error}</Text>}
              </View>
            )
          })}
          {c.error && <Text className='os-apply__error'>{c.error}</Text>}
          <ActionButton id='app-correct-send' text='提交补正' busy={c.sending} busyText='提交中…' onTap={() => void store.sendCorrection(d.id)} />
          <ActionButton id='app-correct-cancel' text='取消' tone='secondary' onTap={() => store.cancelCorrection()} />
        </View>
      )}
    </View>
  )
})

export default withPage(observer(DetailPage))
