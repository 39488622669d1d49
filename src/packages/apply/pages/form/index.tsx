// 在线办理 (?code= an item, or ?bundle= a 一件事): the application form through FormRenderer with the applicant's
// name, ID number and phone from 实名认证 (asked for first when missing), each material provided by upload, a held
// e-licence or 窗口核验, every problem shown at once, 保存草稿 (device + server) and 提交申请 in a bar that stays.
import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, useLoad } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import type { FormMaterial } from '@contract/forms'
import ActionButton from '@/components/action-button'
import FormRenderer from '@/components/form'
import { checkAnswers, clearError, initialAnswers } from '@/components/form/state'
import PageState from '@/components/page-state'
import { canPickDocuments, pickDocuments } from '@/platform/documents'
import { pickImages } from '@/platform/images'
import { ROUTES, routeUrl } from '@/routes'
import { useStores } from '@/stores'
import { licencesOf } from '@/stores/licences'
import { materialField } from '@/stores/application-draft-model'
import { applicationDraftOf, type ApplyTarget } from '@/stores/application-draft'
import { openRoute } from '@/utils/nav'
import MaterialItem from '../../components/material-item'
import Shell from '../../components/shell'
import '../../styles.scss'
import { withPage } from '@/components/page'

const REALNAME_TYPES = ['居民身份证', 'idcard']
const RULES = { initial: initialAnswers, check: (f: Parameters<typeof checkAnswers>[0], a: Parameters<typeof checkAnswers>[1]) => checkAnswers(f, a), clear: clearError }

function ApplyPage() {
  const { me } = useStores()
  const store = applicationDraftOf(useStores())
  const licences = licencesOf(useStores())
  const [target, setTarget] = useState<ApplyTarget | undefined>(undefined)

  useLoad((query: Record<string, string | undefined>) => {
    const code = query.code ? decodeURIComponent(query.code) : undefined
    const bundle = query.bundle ? decodeURIComponent(query.bundle) : undefined
    const t: ApplyTarget | undefined = bundle ? { bundle } : code ? { code } : undefined
    setTarget(t)
    if (t) void store.open(t, RULES)
  })

  // Back from 登录 / 实名认证: the level may have changed.
  useDidShow(() => {
    if (!me.signedIn) return
    void me.load(true)
    void licences.load()
  })

  const form = store.form
  if (!target || !form || !store.draft) {
    const failed = !target || store.status === 'failed'
    return (
      <Shell title='在线办理'>
        {failed ? (
          <PageState kind='error' message={store.error?.message ?? '未指定要办理的事项'} onRetry={target ? () => void store.open(target, RULES) : undefined} />
        ) : (
          <PageState kind='loading' />
        )}
      </Shell>
    )
  }

  const done = store.lastSubmitted?.ok ? store.lastSubmitted.submitted : undefined
  if (done) {
    const number = done.result.number
    return (
      <Shell title='在线办理'>
        <View id='apply-done' className='os-apply__card'>
          <Text className='os-apply__title'>申请已提交</Text>
          <Text className='os-apply__text'>{`办件编号 ${number}`}</Text>
          {done.kind === 'bundle' && <Text className='os-apply__note'>{`已分送 ${done.result.applications.length} 个部门分别办理，可在“我的办件”查看每一件的进度`}</Text>}
          <Text className='os-apply__note'>部门预审后会通知您；需要补正时会一次性告知全部需补正的内容。</Text>
          <ActionButton
            id='apply-open'
            text='查看办件'
            onTap={() => openRoute(done.kind === 'item' ? routeUrl(ROUTES.myApplication, { id: done.result.id }) : ROUTES.myApplications)}
          />
        </View>
      </Shell>
    )
  }

  const profile = me.me
  const signedOut = !me.signedIn
  const needsRealName = me.signedIn && profile !== undefined && profile.level !== 2
  if (signedOut || needsRealName) {
    return (
      <Shell title='在线办理'>
        <View id='apply-gate' className='os-apply__card'>
          <Text className='os-apply__title'>{signedOut ? '请先登录' : '请先完成实名认证'}</Text>
          <Text className='os-apply__note'>
            {signedOut ? '登录并实名认证后即可在线申请，已填写的内容会保留。' : '在线申请以实名认证的姓名、身份证号码和手机号作为申请人信息，无需再次填写。'}
          </Text>
          <ActionButton id='apply-gate-go' text={signedOut ? '登录' : '去实名认证'} onTap={() => openRoute(signedOut ? ROUTES.login : ROUTES.realname)} />
        </View>
      </Shell>
    )
  }

  const prefill = { name: profile?.realName?.name, idNumber: profile?.realName?.idNumber, phone: profile?.phone }
  const heldFor = (m: FormMaterial) => {
    const held = licences.usableFor(m.licenceTypes).map((l) => ({ id: l.id, title: l.title }))
    if (m.licenceTypes?.some((t) => REALNAME_TYPES.includes(t)) && me.realNamed) held.unshift({ id: 'realname', title: '居民身份证（实名认证）' })
    return held
  }
  const problems = store.errors.length
  const submit = async () => {
    const r = await store.submit(me.realNamed)
    if (!r.ok && r.reason === 'invalid') void Taro.pageScrollTo({ selector: '#apply-problems', duration: 200 }).catch(() => undefined)
  }
  const save = async () => {
    const where = await store.save()
    void Taro.showToast({ title: where === 'server' ? '草稿已保存，可在其他设备继续' : '草稿已保存在本机', icon: 'none' })
  }

  return (
    <Shell title='在线办理'>
      <Text className='os-apply__lead'>姓名、身份证号码和手机号取自实名认证，无需填写。填写内容会自动保存在本机。</Text>
      {problems > 0 && (
        <View id='apply-problems' className='os-apply__error' ariaRole='alert'>
          <Text>{`还有 ${problems} 处需要填写或修改，已在对应位置标出`}</Text>
        </View>
      )}
      <View className='os-apply__card'>
        <FormRenderer form={form} value={store.answers} errors={store.errors} onChange={(v) => store.change(v)} readonlyPrefill={prefill} />
      </View>
      <View id='apply-materials' className='os-apply__card'>
        <Text className='os-apply__title'>{`申请材料（${form.materials.length} 项）`}</Text>
        {form.materials.length === 0 && <Text className='os-apply__note'>无需提交材料</Text>}
        {form.materials.map((m) => (
          <MaterialRow key={m.id} material={m} held={heldFor(m)} />
        ))}
      </View>
      {store.submitError && (
        <View id='apply-error' className='os-apply__error' ariaRole='alert'>
          <Text>{store.submitError}</Text>
        </View>
      )}
      <View className='os-apply__bar'>
        <ActionButton id='apply-save' text='保存草稿' tone='secondary' onTap={() => void save()} />
        <ActionButton id='apply-submit' text='提交申请' busy={store.submitting} busyText='提交中…' onTap={() => void submit()} />
      </View>
    </Shell>
  )
}

const MaterialRow = observer(function MaterialRow({ material: m, held }: { material: FormMaterial; held: { id: string; title: string }[] }) {
  const store = applicationDraftOf(useStores())
  return (
    <MaterialItem
      material={m}
      draft={store.material(m.id)}
      licences={held}
      error={store.errorOf(materialField(m.id))}
      onMode={(mode) => store.setMode(m.id, mode)}
      onPhotos={() => void pickImages(9).then((paths) => paths.length && store.addFiles(m.id, paths.map((path) => ({ path }))))}
      onDocuments={canPickDocuments ? () => void pickDocuments(5).then((files) => files.length && store.addFiles(m.id, files)) : undefined}
      onRetry={(key) => void store.uploadFile(m.id, key)}
      onRemove={(key) => store.removeFile(m.id, key)}
      onLicence={(id) => store.pickLicence(m.id, id)}
    />
  )
})

export default withPage(observer(ApplyPage))
