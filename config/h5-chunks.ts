// How the H5 build splits its JavaScript. Taro already loads every page with import() (one async chunk per route) and
// splits only the initial chunks (the runtime, Taro, the app shell: what index.html loads). Left at that, each page's
// chunk carries its own copy of everything it shares with other pages (the photo viewer's Swiper, the form renderer,
// the 12345 stores …): the initial JS stays small but every page re-downloads the same code. These two groups put what
// two or more pages share, and the initial JS does not hold, into shared async chunks, loaded with the first page that
// needs them and cached for the rest. ECharts (一屏观 only) stays out of the initial JS either way; scripts/size.mjs
// checks that, and the initial JS's size, after every H5 build it measures.
type Chain = import('webpack-chain')

/** Shared async chunks smaller than this stay copied into each page instead (fewer requests for a few KB). */
const MIN_SHARED_BYTES = 20_000

export function splitPageChunks(chain: Chain): void {
  const split = chain.optimization.get('splitChunks') as { cacheGroups?: Record<string, unknown> } | false | undefined
  if (!split) return
  chain.optimization.splitChunks({
    ...split,
    cacheGroups: {
      ...split.cacheGroups,
      pageVendors: {
        chunks: 'async',
        test: /[\\/]node_modules[\\/]/,
        minChunks: 2,
        minSize: MIN_SHARED_BYTES,
        priority: -10,
        reuseExistingChunk: true,
      },
      pageCommon: {
        chunks: 'async',
        minChunks: 2,
        minSize: MIN_SHARED_BYTES,
        priority: -20,
        reuseExistingChunk: true,
      },
    },
  })
}
