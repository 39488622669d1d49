// Privacy adapter: WeChat's onNeedPrivacyAuthorization handed to the app's own popup (weapp only; a no-op elsewhere).
import type { PrivacyAnswer, PrivacyStore } from '../stores/privacy'

interface WxPrivacy {
  onNeedPrivacyAuthorization?: (
    listener: (resolve: (answer: PrivacyAnswer) => void, eventInfo?: { referrer?: string }) => void,
  ) => void
}
declare const wx: WxPrivacy | undefined

/**
 * Registers the listener once at app start. WeChat calls it when a privacy API (clipboard, location,
 * photos, phone number) is used before the resident agreed; the API waits until `resolve` is called.
 */
export function installPrivacyHandler(store: PrivacyStore): void {
  if (process.env.TARO_ENV !== 'weapp') return
  // Older base libraries (< 2.32.3) have no privacy API: nothing to handle there.
  if (typeof wx === 'undefined' || typeof wx.onNeedPrivacyAuthorization !== 'function') return
  wx.onNeedPrivacyAuthorization((resolve, eventInfo) => {
    store.ask(resolve, eventInfo?.referrer)
  })
}
