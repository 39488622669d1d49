// Account actions that ask first: erasing the account (what goes, plainly) and signing out.
import Taro from '@tarojs/taro'
import { ApiError } from '../api/errors'
import type { MeStore } from '../stores/me'

export const ERASURE_TEXT =
  '注销后将永久删除您的手机号、姓名和身份证号码、微信/支付宝登录关联及全部登录状态，且无法恢复。已办结业务仅保留不含个人信息的统计数据。'

/** Asks, then erases the account. Resolves true when erased; shows the server's reason when it could not be. */
export async function confirmAndDeleteAccount(me: MeStore): Promise<boolean> {
  const answer = await Taro.showModal({
    title: '确认注销账号？',
    content: ERASURE_TEXT,
    confirmText: '确认注销',
    confirmColor: '#d4380d',
    cancelText: '再想想',
  })
  if (!answer.confirm) return false
  try {
    await me.deleteAccount()
  } catch (err) {
    await Taro.showModal({
      title: '注销未完成',
      content: err instanceof ApiError ? err.message : '请稍后重试',
      showCancel: false,
      confirmText: '知道了',
    })
    return false
  }
  void Taro.showToast({ title: '账号已注销', icon: 'none' })
  return true
}

export async function confirmAndLogout(me: MeStore): Promise<boolean> {
  const answer = await Taro.showModal({ title: '退出登录？', content: '退出后需重新登录才能查看您的预约和诉求。', confirmText: '退出', confirmColor: '#d4380d', cancelText: '取消' })
  if (!answer.confirm) return false
  await me.logout()
  return true
}

export const PROVIDER_NAMES: Record<'wechat' | 'alipay' | 'sms', string> = {
  wechat: '微信',
  alipay: '支付宝',
  sms: '手机号验证码',
}
