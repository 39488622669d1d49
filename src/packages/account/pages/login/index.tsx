// 登录: the platform's one-tap sign-in (微信 / 支付宝) with SMS as the fallback, SMS only on H5; consent first.
import { View, Text } from '@tarojs/components'
import Taro, { useRouter, useUnload } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import { useRef, useState } from 'react'
import { checkPhone, normalizePhone } from '@domain/phone'
import ActionButton from '@/components/action-button'
import Agreement from '@/components/agreement'
import PrivacyPopup from '@/components/privacy-popup'
import TextField from '@/components/text-field'
import { ApiError } from '@/api/errors'
import { PLATFORM_LOGIN, platformSignIn } from '@/platform/login'
import { useStores } from '@/stores'
import { openRoute } from '@/utils/nav'
import { ROUTES } from '@/routes'
import './index.scss'
import { withPage } from '@/components/page'

const AGREE_FIRST = '请先阅读并勾选同意《一站办隐私政策》'

/** After signing in: back to where the resident came from, or to 我的 when the page was opened directly. */
function leave(): void {
  if (Taro.getCurrentPages().length > 1) Taro.navigateBack()
  else Taro.switchTab({ url: ROUTES.me })
}

function messageOf(err: unknown): string {
  return err instanceof ApiError ? err.message : '登录未完成，请稍后重试'
}

function LoginPage() {
  const { me } = useStores()
  // ?link=1: a signed-in resident adds a phone; the SMS check is sent with the session and links it.
  const linking = useRouter().params.link === '1' && me.signedIn
  const platformLabel = linking ? undefined : PLATFORM_LOGIN.label
  const [agreed, setAgreed] = useState(false)
  const [nudge, setNudge] = useState(false)
  const [useSms, setUseSms] = useState(!platformLabel)
  const [phone, setPhone] = useState('')
  const [phoneTouched, setPhoneTouched] = useState(false)
  const [code, setCode] = useState('')
  const [cooldown, setCooldown] = useState(0)
  const [sending, setSending] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')
  const [notice, setNotice] = useState('')
  const timer = useRef<ReturnType<typeof setInterval>>()

  useUnload(() => clearInterval(timer.current))

  const phoneCheck = checkPhone(phone)
  const phoneMessage = phoneTouched && phone && !phoneCheck.ok ? phoneCheck.message : undefined

  const requireAgreement = (): boolean => {
    if (agreed) return true
    setNudge(true)
    setError(AGREE_FIRST)
    return false
  }

  const startCountdown = (seconds: number) => {
    clearInterval(timer.current)
    setCooldown(seconds)
    if (seconds <= 0) return
    timer.current = setInterval(() => {
      setCooldown((s) => {
        if (s <= 1) clearInterval(timer.current)
        return Math.max(0, s - 1)
      })
    }, 1000)
  }

  const signInWithPlatform = async () => {
    if (!requireAgreement() || busy) return
    setBusy(true)
    setError('')
    try {
      await platformSignIn(me)
      leave()
    } catch (err) {
      setError(messageOf(err))
    } finally {
      setBusy(false)
    }
  }

  const sendCode = async () => {
    setPhoneTouched(true)
    if (!requireAgreement() || sending || cooldown > 0) return
    if (!phoneCheck.ok) {
      setError(phoneCheck.message ?? '请输入正确的手机号')
      return
    }
    setSending(true)
    setError('')
    setNotice('')
    try {
      const res = await me.sendSmsCode(phoneCheck.phone!)
      startCountdown(res.cooldownSeconds)
      setNotice(`验证码已发送至 ${phoneCheck.phone!.slice(0, 3)}****${phoneCheck.phone!.slice(-4)}，${Math.round(res.expiresInSeconds / 60)} 分钟内有效`)
    } catch (err) {
      // Sent too recently: the button counts down for as long as the server asks.
      if (err instanceof ApiError && err.code === 'SMS_COOLDOWN' && err.retryAfterSeconds) startCountdown(err.retryAfterSeconds)
      setError(messageOf(err))
    } finally {
      setSending(false)
    }
  }

  const signInWithSms = async () => {
    setPhoneTouched(true)
    if (!requireAgreement() || busy) return
    if (!phoneCheck.ok) {
      setError(phoneCheck.message ?? '请输入正确的手机号')
      return
    }
    if (!/^[0-9]{6}$/.test(code)) {
      setError('请输入 6 位短信验证码')
      return
    }
    setBusy(true)
    setError('')
    try {
      await me.signInSms(phoneCheck.phone!, code)
      leave()
    } catch (err) {
      // What was typed stays; only a code that can no longer work is cleared.
      if (err instanceof ApiError && (err.code === 'SMS_CODE_EXPIRED' || err.code === 'SMS_TOO_MANY_TRIES')) setCode('')
      setError(messageOf(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className='os-login'>
      <View className='os-login__header'>
        <Text className='os-login__title'>{linking ? '绑定手机号' : '登录一站办'}</Text>
        <Text className='os-login__subtitle'>
          {linking ? '验证后，您可以在其他平台用此手机号登录同一账号' : '登录后可预约办事、提交 12345 诉求、查看办理进度'}
        </Text>
      </View>

      <View className='os-login__card'>
        {platformLabel && !useSms && (
          <View className='os-login__platform'>
            <ActionButton id='login-platform' text={platformLabel} busy={busy} busyText='正在登录…' onTap={() => void signInWithPlatform()} />
            <View id='login-use-sms' className='os-login__switch' ariaRole='button' onClick={() => { setUseSms(true); setError('') }}>
              <Text>手机号验证码登录</Text>
            </View>
          </View>
        )}

        {useSms && (
          <View className='os-login__sms'>
            <TextField
              id='login-phone'
              label='手机号'
              type='number'
              maxlength={11}
              placeholder='请输入 11 位手机号'
              value={phone}
              message={phoneMessage}
              messageTone='error'
              onInput={(v) => setPhone(normalizePhone(v))}
            />
            <View className='os-login__code-row'>
              <View className='os-login__code-field'>
                <TextField id='login-code' label='短信验证码' type='number' maxlength={6} placeholder='6 位数字' value={code} onInput={(v) => setCode(v.replace(/\D/g, ''))} />
              </View>
              <View
                id='login-send-code'
                className={`os-login__send${sending || cooldown > 0 ? ' os-login__send--waiting' : ''}`}
                ariaRole='button'
                onClick={() => void sendCode()}
              >
                <Text>{sending ? '发送中…' : cooldown > 0 ? `${cooldown} 秒后重发` : '获取验证码'}</Text>
              </View>
            </View>
            {notice && <Text id='login-notice' className='os-login__notice'>{notice}</Text>}
            <ActionButton id='login-submit' text='登录' busy={busy} busyText='正在登录…' onTap={() => void signInWithSms()} />
            {platformLabel && (
              <View id='login-use-platform' className='os-login__switch' ariaRole='button' onClick={() => { setUseSms(false); setError('') }}>
                <Text>返回{platformLabel}</Text>
              </View>
            )}
          </View>
        )}

        {error && (
          <View id='login-error' className='os-login__error' ariaRole='alert'>
            <Text>{error}</Text>
          </View>
        )}

        <Agreement
          checked={agreed}
          highlight={nudge}
          onToggle={() => {
            setAgreed(!agreed)
            if (!agreed && error === AGREE_FIRST) setError('')
          }}
          onOpenPolicy={() => openRoute(ROUTES.privacy)}
        />
      </View>
      <PrivacyPopup />
    </View>
  )
}

export default withPage(observer(LoginPage))
