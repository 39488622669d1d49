// The app's RootStore instance (Taro transport and storage) and the hook pages use to reach it.
import Taro from '@tarojs/taro'
import { createContext, useContext } from 'react'
import { taroTransport } from '@/api/taro'
import { consentPrompt } from '@/platform/notices'
import { taroUpload } from '@/platform/upload'
import { RootStore } from './root'
import type { KeyValueStorage } from './session'

declare const API_BASE: string

const taroStorage: KeyValueStorage = {
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
      // Storage full or unavailable: the session lasts until the app closes.
    }
  },
  remove: (key) => {
    try {
      Taro.removeStorageSync(key)
    } catch {
      // Nothing to remove.
    }
  },
}

export const rootStore = new RootStore({ baseUrl: API_BASE, transport: taroTransport, storage: taroStorage, upload: taroUpload, consentPrompt })
export const StoreContext = createContext<RootStore>(rootStore)
export const useStores = (): RootStore => useContext(StoreContext)
