// Sign-in adapter: the one place that knows how each platform proves who the resident is
// (WeChat: Taro.login → code; Alipay: my.getAuthCode → authCode; H5: no platform identity, SMS only).
import Taro from '@tarojs/taro'
import type { Me } from '@contract/me'
import { ApiError } from '../api/errors'
import type { MeStore } from '../stores/me'

interface AlipayAuthResult {
  authCode?: string
}
interface AlipayMy {
  getAuthCode(options: {
    scopes: 'auth_base' | 'auth_user'
    success: (res: AlipayAuthResult) => void
    fail: (err: { error?: number; errorMessage?: string }) => void
  }): void
}
declare const my: AlipayMy

export interface PlatformLogin {
  /** The one-tap button's words, or undefined where the platform offers no identity (H5). */
  label: string | undefined
}

export const PLATFORM_LOGIN: PlatformLogin = {
  label:
    process.env.TARO_ENV === 'weapp' ? '微信一键登录' : process.env.TARO_ENV === 'alipay' ? '支付宝登录' : undefined,
}

function alipayAuthCode(): Promise<string> {
  return new Promise((resolve, reject) => {
    my.getAuthCode({
      scopes: 'auth_base',
      success: (res) => (res.authCode ? resolve(res.authCode) : reject(new Error('no authCode'))),
      fail: (err) => reject(new Error(err.errorMessage ?? String(err.error))),
    })
  })
}

/**
 * Signs in with the platform's own identity and stores the session. Throws an ApiError whose message
 * can be shown as is: the server's (WECHAT_CODE_INVALID, UPSTREAM_BUSY …) or the platform's refusal.
 */
export async function platformSignIn(me: MeStore): Promise<Me> {
  if (process.env.TARO_ENV === 'weapp') {
    let code: string
    try {
      code = (await Taro.login()).code
    } catch {
      throw new ApiError('client', 'PLATFORM_LOGIN_FAILED', '微信登录未完成，请重试或使用手机号验证码登录')
    }
    if (!code) throw new ApiError('client', 'PLATFORM_LOGIN_FAILED', '微信登录未完成，请重试或使用手机号验证码登录')
    return me.signInWechat(code)
  }
  if (process.env.TARO_ENV === 'alipay') {
    let authCode: string
    try {
      authCode = await alipayAuthCode()
    } catch {
      throw new ApiError('client', 'PLATFORM_LOGIN_FAILED', '支付宝授权未完成，请重试或使用手机号验证码登录')
    }
    return me.signInAlipay(authCode)
  }
  throw new ApiError('client', 'PLATFORM_LOGIN_UNSUPPORTED', '请使用手机号验证码登录')
}
