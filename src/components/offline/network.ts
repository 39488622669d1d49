// Whether the device is online, for the offline state and banner: H5 reads navigator.onLine and its online/offline
// events (Taro's H5 getNetworkType only knows navigator.connection, which says nothing of being offline); the
// mini-programs ask Taro.getNetworkType and listen to Taro.onNetworkStatusChange.
import Taro from '@tarojs/taro'
import { makeAutoObservable } from 'mobx'
import { registerServiceWorker } from './service-worker'

class NetworkState {
  online = true
  private installed = false

  constructor() {
    makeAutoObservable<NetworkState, 'installed'>(this, { installed: false })
  }

  set(online: boolean): void {
    this.online = online
  }

  /** Starts listening (once); on H5 also registers the service worker that keeps the app for offline use. */
  install(): void {
    if (this.installed) return
    this.installed = true
    if (process.env.TARO_ENV === 'h5') {
      if (typeof window === 'undefined') return
      this.set(navigator.onLine !== false)
      window.addEventListener('online', () => this.set(true))
      window.addEventListener('offline', () => this.set(false))
      registerServiceWorker()
      return
    }
    try {
      Taro.onNetworkStatusChange((res) => this.set(res.isConnected))
    } catch {
      // Not offered by this platform: assume online, as before.
    }
    void this.check()
  }

  /** Asks the platform again (重试) and answers whether the device is online now. */
  async check(): Promise<boolean> {
    if (process.env.TARO_ENV === 'h5') {
      this.set(typeof navigator === 'undefined' || navigator.onLine !== false)
      return this.online
    }
    try {
      const { networkType } = await Taro.getNetworkType()
      this.set(networkType !== 'none')
    } catch {
      // Unknown: keep what we knew.
    }
    return this.online
  }
}

export const network = new NetworkState()
