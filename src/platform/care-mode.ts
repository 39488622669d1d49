// The app's 长辈版 switch, wired to the device: kept in Taro storage, following the system font (WeChat
// fontSizeSetting, Alipay's font setting) and, on H5, a link's `care=1`.
import Taro from '@tarojs/taro'
import { autorun } from 'mobx'
import { CareModeStore, type FontInfo } from '@/stores/care-mode'

function systemFont(): FontInfo | undefined {
  try {
    const info = Taro.getSystemInfoSync() as unknown as FontInfo
    return { fontSizeSetting: info.fontSizeSetting, platform: info.platform }
  } catch {
    return undefined
  }
}

function currentHref(): string | undefined {
  if (process.env.TARO_ENV !== 'h5' || typeof window === 'undefined') return undefined
  return window.location.href
}

export const careMode = new CareModeStore({
  get: (key) => {
    try {
      const v = Taro.getStorageSync(key)
      return typeof v === 'string' && v ? v : undefined
    } catch {
      return undefined
    }
  },
  set: (key, value) => {
    try {
      Taro.setStorageSync(key, value)
    } catch {
      // Storage unavailable: the choice lasts until the app closes.
    }
  },
})

careMode.init(systemFont(), currentHref())

/** H5: a link followed inside the app (or typed) with `care=` changes it too; the body carries the class for the tab bar. */
export function installCareModeH5(): void {
  if (process.env.TARO_ENV !== 'h5' || typeof window === 'undefined') return
  const sync = () => document.body?.classList.toggle('care', careMode.on)
  window.addEventListener('hashchange', () => {
    careMode.init(undefined, window.location.href)
    sync()
  })
  // The store is observable: the body class follows the switch.
  autorun(sync)
}
