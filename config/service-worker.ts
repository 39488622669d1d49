// The H5 build's service worker (Workbox GenerateSW), for production H5 builds only — never the mini-programs: it
// precaches index.html (the app shell) and every built script, style and image, answers page navigations with the
// cached shell, and so a page not yet opened, or a reload, works without the network. The API is never cached here
// (the app keeps its own device copies: guides, favourites, drafts, city codes). src/components/offline registers it.
import { GenerateSW } from 'workbox-webpack-plugin'

type Chain = import('webpack-chain')

export function withServiceWorker(next: (chain: Chain) => void): (chain: Chain) => void {
  return (chain) => {
    next(chain)
    if (chain.get('mode') !== 'production') return
    chain.plugin('service-worker').use(GenerateSW, [
      {
        swDest: 'sw.js',
        // One file: /sw.js is all there is to serve (no workbox-*.js beside it).
        inlineWorkboxRuntime: true,
        // The first visit's worker takes over at once, so the pages opened next already come from it.
        clientsClaim: true,
        skipWaiting: true,
        cleanupOutdatedCaches: true,
        navigateFallback: '/index.html',
        // The API and the Open311 endpoints are not pages of the app.
        navigateFallbackDenylist: [/^\/api(\/|$)/, /^\/open311\//],
        // Hashed file names change with their content: no revision query needed.
        dontCacheBustURLsMatching: /\.[0-9a-f]{8}\.(js|css)$/,
        exclude: [/\.map$/, /\.LICENSE\.txt$/, /^\.build-stamp$/],
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
      },
    ])
  }
}
