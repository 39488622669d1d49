// H5 only: registers the service worker that config/service-worker.ts generates (Workbox GenerateSW) in production builds.
// It precaches the app shell and every built asset, so a page opens and a reload works without the network.
export const SERVICE_WORKER_URL = '/sw.js'

export function registerServiceWorker(): void {
  if (process.env.TARO_ENV !== 'h5' || process.env.NODE_ENV !== 'production') return
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return
  const register = () => {
    navigator.serviceWorker.register(SERVICE_WORKER_URL).catch(() => {
      // Not over https (other than localhost), or a private window that refuses it: the app works as before.
    })
  }
  if (document.readyState === 'complete') register()
  else window.addEventListener('load', register, { once: true })
}
