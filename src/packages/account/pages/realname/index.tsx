// 实名认证: name + ID number, checked as the resident types (GB 11643 rules from domain), then by the server.
import { View, Text } from '@tarojs/components'
import { useDidShow } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import { useState } from 'react'
import { checkIdNumber, normalizeIdNumber } from '@domain/idcard'
import ActionButton from '@/components/action-button'
import LevelBadge from '@/components/level-badge'
import PageState from '@/components/page-state'
import TextField from '@/components/text-field'
import { ApiError } from '@/api/errors'
import { useStores } from '@/stores'
import { openRoute } from '@/utils/nav'
import { ROUTES } from '@/routes'
import './index.scss'
import { withPage } from '@/components/page'

/** Chinese names (with the middle dot of minority names) or Latin letters for foreign-born residents. */
function checkName(name: string): string | undefined {
  const s = name.trim()
  if (!s) return '请输入姓名'
  if (Array.from(s).length < 2) return '姓名至少 2 个字'
  if (Array.from(s).length > 30) return '姓名不超过 30 个字'
  if (!/^[\u3400-\u9fff\u00b7\u2022·a-zA-Z ]+$/.test(s)) return '姓名只能包含汉字、字母和间隔号“·”'
  return undefined
}

function RealNamePage() {
  const { me } = useStores()
  const [name, setName] = useState('')
  const [idNumber, setIdNumber] = useState('')
  const [tried, setTried] = useState(false)
  const [busy, setBusy] = useState(false)
  const [serverError, setServerError] = useState('')

  useDidShow(() => {
    void me.load()
  })

  const id = normalizeIdNumber(idNumber)
  const idCheck = checkIdNumber(id)
  const nameProblem = checkName(name)
  // While typing, "还差 n 位" is a hint; a real mistake (region, birth date, check digit) shows at once.
  const idTone = idCheck.ok ? 'ok' : idCheck.problem === 'TOO_SHORT' || idCheck.problem === 'EMPTY' ? (tried ? 'error' : 'hint') : 'error'
  const idMessage = id === '' && !tried ? undefined : idCheck.ok ? '号码格式正确' : idCheck.message

  const submit = async () => {
    setTried(true)
    setServerError('')
    if (nameProblem || !idCheck.ok || busy) return
    setBusy(true)
    try {
      await me.submitRealName({ name: name.trim(), idNumber: id })
      setName('')
      setIdNumber('')
      setTried(false)
    } catch (err) {
      setServerError(err instanceof ApiError ? err.message : '提交未完成，请稍后重试')
    } finally {
      setBusy(false)
    }
  }

  const profile = me.me
  return (
    <View className='os-realname'>
      <Text className='os-realname__title'>实名认证</Text>
      {!me.signedIn && (
        <View>
          <PageState kind='empty' message='请先登录，再进行实名认证' />
          <ActionButton id='realname-sign-in' text='去登录' onTap={() => openRoute(ROUTES.login)} />
        </View>
      )}
      {me.signedIn && !profile && me.status === 'failed' && (
        <PageState kind='error' message={me.error?.message} onRetry={() => void me.load(true)} />
      )}
      {me.signedIn && !profile && me.status !== 'failed' && <PageState kind='loading' />}

      {profile?.realName && (
        <View id='realname-done' className='os-realname__card'>
          <View className='os-realname__done-head'>
            <Text className='os-realname__done-title'>已完成实名认证</Text>
            <LevelBadge level={profile.level} />
          </View>
          <View className='os-realname__line'>
            <Text className='os-realname__key'>姓名</Text>
            <Text id='realname-masked-name' className='os-realname__value'>{profile.realName.name}</Text>
          </View>
          <View className='os-realname__line'>
            <Text className='os-realname__key'>身份证号码</Text>
            <Text id='realname-masked-id' className='os-realname__value'>{profile.realName.idNumber}</Text>
          </View>
          <Text className='os-realname__note'>证件信息已加密保存，页面只显示部分内容。如需更正，请携带身份证到政务服务中心办理。</Text>
        </View>
      )}

      {profile && !profile.realName && (
        <View className='os-realname__card'>
          <Text className='os-realname__intro'>
            预约办事、提交诉求等需要确认您的身份。请填写与居民身份证一致的姓名和号码，信息将加密保存，仅用于核验身份。
          </Text>
          <TextField
            id='realname-name'
            label='姓名'
            placeholder='与身份证一致'
            maxlength={30}
            value={name}
            message={tried ? nameProblem : undefined}
            messageTone='error'
            onInput={(v) => {
              setName(v)
              setServerError('')
            }}
          />
          <TextField
            id='realname-id'
            label='身份证号码'
            type='idcard'
            placeholder='18 位居民身份证号码'
            maxlength={18}
            value={idNumber}
            message={idMessage}
            messageTone={idTone}
            onInput={(v) => {
              setIdNumber(v)
              setServerError('')
            }}
          />
          {serverError && (
            <View id='realname-error' className='os-realname__error' ariaRole='alert'>
              <Text>{serverError}</Text>
            </View>
          )}
          <ActionButton id='realname-submit' text='提交认证' busy={busy} busyText='正在核验…' onTap={() => void submit()} />
        </View>
      )}
    </View>
  )
}

export default withPage(observer(RealNamePage))
