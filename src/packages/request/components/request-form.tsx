// 提交诉求: type, content with a counter, category suggested from the text, 已有类似诉求, place, photos, contact,
// anonymous and public switches. Everything typed is kept in storage by the store as it changes.
import { View, Text } from '@tarojs/components'
import { observer } from 'mobx-react-lite'
import { useState } from 'react'
import type { RequestType } from '@contract/request'
import type { SimilarItem } from '@contract/similar'
import ActionBar from '@/components/action-bar'
import ActionButton from '@/components/action-button'
import ChoiceChips from '@/components/choice-chips'
import PhotoGrid from '@/components/photo-grid'
import StatusTag from '@/components/status-tag'
import TextAreaField from '@/components/text-area-field'
import TextField from '@/components/text-field'
import ToggleRow from '@/components/toggle-row'
import { REQUEST_CATEGORIES, categoryLabel, suggestCategories } from '@domain/request-categories'
import { CONTENT_MAX, CONTENT_MIN, MAX_PHOTOS, REQUEST_TYPES, TYPE_LABEL } from '@domain/workorder'
import { pickImages, previewImages } from '@/platform/images'
import { canPickOnMap, currentPosition, pickOnMap } from '@/platform/location'
import { useStores } from '@/stores'
import { noticesOf } from '@/stores/notices'
import { similarOf } from '@/stores/similar-requests'
import { requestDraftOf } from '@/stores/request-draft'
import { GZ_DISTRICTS } from '@domain/districts'
import { districtOf } from '@/stores/request-draft-model'
import { deadlineText, distanceText } from '@/utils/request-format'
import { openRoute } from '@/utils/nav'
import { ROUTES, routeUrl } from '@/routes'

const TYPE_HINT: Record<RequestType, string> = {
  consult: '咨询政策、办事流程等，一般 2 个工作日内答复',
  help: '遇到困难需要政府部门帮助，一般 10 个工作日内办结',
  complaint: '对部门、单位或个人的行为不满，一般 15 个工作日内办结',
  report: '反映违法违规行为，一般 15 个工作日内办结',
  suggestion: '对城市管理和公共服务提出建议，一般 10 个工作日内办结',
}


/** One list of similar requests on the form; each opens its page (the resident's own, or the public view). */
function SimilarList({ id, title, hint, items, quiet = false }: { id: string; title: string; hint: string; items: SimilarItem[]; quiet?: boolean }) {
  if (items.length === 0) return null
  return (
    <View id={id} className={`os-request__similar${quiet ? ' os-request__similar--related' : ''}`}>
      <Text className='os-request__similar-title'>{title}</Text>
      <Text className='os-request__hint'>{hint}</Text>
      {items.map((s) => (
        <View
          key={s.id}
          id={`${id}-${s.id}`}
          className='os-request__similar-item'
          hoverClass='os-request__pressed'
          ariaRole='button'
          onClick={() => openRoute(routeUrl(s.mine ? ROUTES.request : ROUTES.publicRequest, { id: s.id }))}
        >
          <View className='os-request__row'>
            <StatusTag status={s.status} label={s.statusLabel} />
            {s.mine && <Text className='os-request__mine'>我提交的</Text>}
            {s.distanceMeters !== undefined && <Text className='os-request__muted'>{distanceText(s.distanceMeters)}</Text>}
          </View>
          <Text className='os-request__similar-text'>{s.summary}</Text>
        </View>
      ))}
    </View>
  )
}

function RequestForm() {
  const { me } = useStores()
  const requestDraft = requestDraftOf(useStores())
  const similar = similarOf(useStores())
  const notices = noticesOf(useStores())
  const [showAllCategories, setShowAllCategories] = useState(false)
  const [locationNote, setLocationNote] = useState('')
  const [locating, setLocating] = useState(false)
  const d = requestDraft.draft
  const errors = requestDraft.draftErrors

  const filed = requestDraft.lastFiled
  if (filed) {
    return (
      <View id='request-filed' className='os-request__card os-request__filed'>
        <Text className='os-request__filed-title'>诉求已提交</Text>
        <Text className='os-request__filed-line'>工单编号：{filed.number}</Text>
        <Text className='os-request__filed-line'>办理时限：{deadlineText(filed.deadline)}</Text>
        <Text className='os-request__hint'>12345 热线将尽快受理并转交责任部门，每一步进展都会显示在诉求详情中。</Text>
        <ActionButton id='request-filed-open' text='查看办理进度' onTap={() => openRoute(routeUrl(ROUTES.request, { id: filed.id }))} />
        <ActionButton
          id='request-filed-new'
          text='再提一件诉求'
          tone='secondary'
          onTap={() => requestDraft.dismissFiled()}
        />
      </View>
    )
  }

  const suggestions = suggestCategories(d.content, 3)
  const chosen = requestDraft.effectiveCategory
  const categoryChoices = suggestions.map((s, i) => ({ value: s.code, label: s.label.split('/')[1] ?? s.label, note: i === 0 ? '推荐' : undefined }))
  if (chosen && !categoryChoices.some((c) => c.value === chosen)) {
    categoryChoices.unshift({ value: chosen, label: (categoryLabel(chosen) ?? chosen).split('/').pop()!, note: '已选' })
  }

  const locate = async (how: 'map' | 'position') => {
    setLocating(true)
    setLocationNote('')
    const answer = how === 'map' ? await pickOnMap() : await currentPosition()
    setLocating(false)
    if (answer.ok) {
      const p = answer.place
      requestDraft.setLocation({
        lat: p.lat,
        lng: p.lng,
        name: p.name || undefined,
        address: p.address || d.location?.address || '',
        district: districtOf(`${p.address}${p.name}`) ?? d.location?.district ?? '',
        source: how,
      })
      if (how === 'position') setLocationNote('已获取当前位置，请补充详细地址并确认所在区')
    } else if (answer.reason !== 'cancelled') {
      setLocationNote(answer.message)
      requestDraft.setLocation({ address: d.location?.address ?? '', district: d.location?.district ?? '', source: 'typed' })
    }
  }

  const submit = async () => {
    if (requestDraft.submitting) return
    // Consent for progress messages is asked from the tap, before filing (WeChat only; never blocks).
    if (me.signedIn) await Promise.race([notices.ask(['request_status']), new Promise((r) => setTimeout(r, 5000))])
    const outcome = await requestDraft.submit()
    if (!outcome.ok && outcome.reason === 'signin') openRoute(ROUTES.login)
  }

  return (
    <View className='os-request__form'>
      {d.inDoubt && (
        <View id='request-in-doubt' className='os-request__notice'>
          <Text>上次提交时网络中断，尚未确认是否已提交。再次提交不会重复立案。</Text>
        </View>
      )}
      <View className='os-request__card'>
        <ChoiceChips
          id='request-type'
          label='诉求类型'
          choices={REQUEST_TYPES.map((t) => ({ value: t, label: TYPE_LABEL[t] }))}
          value={d.type}
          onChange={(type) => requestDraft.update({ type })}
          hint={errors.type ?? (d.type ? TYPE_HINT[d.type] : undefined)}
          hintTone={errors.type ? 'error' : 'hint'}
        />
        <TextAreaField
          id='request-content'
          label='诉求内容'
          size='lg'
          maxlength={CONTENT_MAX}
          minlength={CONTENT_MIN}
          value={d.content}
          placeholder='请写清楚时间、地点、发生了什么、希望怎样解决（至少 10 个字）'
          message={errors.content ?? (requestDraft.contentLength > 0 && requestDraft.contentLength < CONTENT_MIN ? `还需 ${CONTENT_MIN - requestDraft.contentLength} 个字` : undefined)}
          messageTone={errors.content ? 'error' : 'hint'}
          onInput={(content) => requestDraft.update({ content })}
        />
        <SimilarList
          id='request-similar'
          title='已有类似诉求'
          hint='如果是同一件事，可以先看看办理进展，不必重复提交。'
          items={similar.similar}
        />
        <SimilarList
          id='request-related'
          title='附近或相关的诉求'
          hint='用词不同或就在附近，可能是同一件事，也可能不是，请看一看再提交。'
          items={similar.related}
          quiet
        />
        {categoryChoices.length > 0 ? (
          <ChoiceChips
            id='request-category'
            label={suggestions.length ? '问题分类（已根据内容推荐，可更改）' : '问题分类（选填）'}
            choices={categoryChoices}
            value={chosen}
            onChange={(category) => requestDraft.update({ category })}
          />
        ) : (
          <Text id='request-category' className='os-request__muted'>问题分类（选填）：写下问题后会推荐分类，也可以自己选择</Text>
        )}
        {/* "其他" only makes sense next to suggestions; with none the link opens the whole list. */}
        <View id='request-category-more' className='os-request__link' ariaRole='button' onClick={() => setShowAllCategories(!showAllCategories)}>
          <Text>{showAllCategories ? '收起全部分类' : categoryChoices.length > 0 ? '选择其他分类' : '从全部分类中选择'}</Text>
        </View>
        {showAllCategories && (
          <View className='os-request__categories'>
            {REQUEST_CATEGORIES.map((branch) => (
              <ChoiceChips
                key={branch.code}
                id={`request-category-${branch.code}`}
                label={branch.label}
                choices={(branch.children ?? []).map((leaf) => ({ value: leaf.code, label: leaf.label }))}
                value={chosen}
                onChange={(category) => {
                  requestDraft.update({ category })
                  setShowAllCategories(false)
                }}
              />
            ))}
          </View>
        )}
      </View>

      <View className='os-request__card'>
        <Text className='os-request__section'>发生地点（选填）</Text>
        <Text className='os-request__hint'>填写地点有助于转交属地部门处理。</Text>
        <View className='os-request__buttons'>
          {canPickOnMap() && (
            <View id='request-location-map' className='os-request__chip-button' hoverClass='os-request__pressed' ariaRole='button' onClick={() => void locate('map')}>
              <Text>在地图上选点</Text>
            </View>
          )}
          <View id='request-location-here' className='os-request__chip-button' hoverClass='os-request__pressed' ariaRole='button' onClick={() => void locate('position')}>
            <Text>{locating ? '正在定位…' : '使用当前位置'}</Text>
          </View>
          {!d.location && (
            <View
              id='request-location-typed'
              className='os-request__chip-button'
              hoverClass='os-request__pressed'
              ariaRole='button'
              onClick={() => requestDraft.setLocation({ address: '', district: '', source: 'typed' })}
            >
              <Text>手动填写地址</Text>
            </View>
          )}
        </View>
        {locationNote && <Text id='request-location-note' className='os-request__hint'>{locationNote}</Text>}
        {d.location && (
          <View id='request-location' className='os-request__location'>
            {d.location.name && <Text className='os-request__place'>{d.location.name}</Text>}
            <ChoiceChips
              id='request-district'
              label='所在区'
              choices={GZ_DISTRICTS.map((x) => ({ value: x.name, label: x.name }))}
              value={d.location.district || undefined}
              onChange={(district) => requestDraft.setLocation({ ...d.location!, district })}
            />
            <TextField
              id='request-address'
              label='详细地址'
              placeholder='街道、路名、门牌号或小区名'
              maxlength={200}
              value={d.location.address}
              message={errors.location ?? (d.location.lat === undefined ? '未获取定位时，以所在区的大致位置提交' : undefined)}
              messageTone={errors.location ? 'error' : 'hint'}
              onInput={(address) => requestDraft.setLocation({ ...d.location!, address })}
            />
            <View id='request-location-clear' className='os-request__link' ariaRole='button' onClick={() => requestDraft.setLocation(undefined)}>
              <Text>不填写地点</Text>
            </View>
          </View>
        )}
      </View>

      <View className='os-request__card'>
        <Text className='os-request__section'>
          现场照片（选填，最多 {MAX_PHOTOS} 张）
        </Text>
        <PhotoGrid
          id='request-photos'
          photos={d.photos.map((p) => ({ key: p.key, src: p.localPath || p.url || '', status: p.status === 'pending' ? 'uploading' : p.status }))}
          max={MAX_PHOTOS}
          onAdd={async () => requestDraft.addPhotos(await pickImages(MAX_PHOTOS - d.photos.length))}
          onRemove={(key) => requestDraft.removePhoto(key)}
          onRetry={(key) => void requestDraft.uploadDraftPhoto(key)}
          onPreview={(key) => {
            const urls = d.photos.map((p) => p.localPath || p.url || '')
            previewImages(urls, urls[d.photos.findIndex((p) => p.key === key)])
          }}
        />
        {!me.signedIn && d.photos.length > 0 && <Text className='os-request__hint'>登录后照片会自动上传。</Text>}
        {errors.photos && <Text className='os-request__error-text'>{errors.photos}</Text>}
        <Text className='os-request__hint'>照片中的拍摄位置等信息会在上传后自动清除。</Text>
      </View>

      <View className='os-request__card'>
        <TextField
          id='request-phone'
          label='联系电话（选填）'
          type='number'
          maxlength={13}
          placeholder='不填则使用登录手机号'
          value={d.contactPhone}
          message={errors.contactPhone}
          messageTone='error'
          onInput={(contactPhone) => requestDraft.update({ contactPhone })}
        />
        <ToggleRow
          id='request-anonymous'
          title='匿名反映'
          description='开启后，承办部门看不到您的姓名和联系方式'
          checked={d.anonymous}
          onChange={(anonymous) => requestDraft.update({ anonymous })}
        />
        <ToggleRow
          id='request-public'
          title='同意公开诉求内容'
          description='公开时隐去个人信息，便于其他市民查看同类问题的办理情况'
          checked={d.public}
          onChange={(isPublic) => requestDraft.update({ public: isPublic })}
        />
      </View>

      {requestDraft.submitError && (
        <View id='request-submit-error' className='os-request__error' ariaRole='alert'>
          <Text>{requestDraft.submitError}</Text>
        </View>
      )}
      <ActionBar id='request-actions'>
        <ActionButton
          id='request-submit'
          text={me.signedIn ? '提交诉求' : '登录后提交'}
          busy={requestDraft.submitting}
          busyText='正在提交…'
          onTap={() => void submit()}
        />
      </ActionBar>
      <Text className='os-request__footnote'>内容会自动保存在本机，断网或退出后再次打开可继续填写。</Text>
      {requestDraft.draftStarted && (
        <View
          id='request-discard'
          className='os-request__link os-request__link--center'
          ariaRole='button'
          onClick={() => requestDraft.discardDraft()}
        >
          <Text>清空重填</Text>
        </View>
      )}
    </View>
  )
}

export default observer(RequestForm)
