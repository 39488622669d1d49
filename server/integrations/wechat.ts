// WeChat mini-program sign-in: code → openid via GET {WECHAT_API_BASE}/sns/jscode2session; session_key is dropped at once.
import type { Config } from '../config'
import { AppError } from '../errors'
import { fetchText, upstreamBusy } from './upstream'

export interface WechatIdentity {
  openid: string
  unionid?: string
}

/** Exchanges a wx.login code. Maps 40029/40163 → 401, 45011 → 429, -1 and failures → 503. Never returns or logs session_key. */
export async function wechatCodeToSession(config: NonNullable<Config['wechat']>, code: string): Promise<WechatIdentity> {
  const url = new URL(`${config.apiBase}/sns/jscode2session`)
  url.searchParams.set('appid', config.appid)
  url.searchParams.set('secret', config.secret)
  url.searchParams.set('js_code', code)
  url.searchParams.set('grant_type', 'authorization_code')
  const { status, text } = await fetchText('微信服务', url.toString())
  let body: { openid?: unknown; unionid?: unknown; errcode?: unknown }
  try {
    body = JSON.parse(text) as typeof body
  } catch {
    throw upstreamBusy('微信服务')
  }
  const errcode = typeof body.errcode === 'number' ? body.errcode : 0
  if (errcode === 40029 || errcode === 40163) {
    throw new AppError(401, 'WECHAT_CODE_INVALID', '微信登录凭证无效或已使用，请重新进入小程序后再试')
  }
  if (errcode === 45011) {
    throw new AppError(429, 'UPSTREAM_RATE_LIMITED', '微信登录请求过于频繁，请 1 分钟后再试', { headers: { 'retry-after': '60' } })
  }
  if (errcode !== 0 || status !== 200 || typeof body.openid !== 'string' || body.openid === '') {
    // -1 (busy), a wrong appid/secret (40013/40125) or anything unexpected: nothing the resident can fix now.
    throw upstreamBusy('微信服务')
  }
  return { openid: body.openid, ...(typeof body.unionid === 'string' && body.unionid ? { unionid: body.unionid } : {}) }
}
