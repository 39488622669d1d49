// Taro build configuration shared by every target; dev.ts / prod.ts hold the per-mode differences.
import path from 'node:path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import devConfig from './dev'
import prodConfig from './prod'
import { splitPageChunks } from './h5-chunks'
import { withServiceWorker } from './service-worker'

// chinese-days (the holiday calendar in domain/calendar.ts) ships an ES module that webpack's automatic
// module detection refuses; declared as ESM it bundles for every target.
type Chain = import('webpack-chain')
const esmPackages = (chain: Chain) => {
  chain.module.rule('esm-packages').test(/[\\/]node_modules[\\/]chinese-days[\\/].*\.js$/).type('javascript/esm')
}

// The shared rules and the contract live beside src/ (domain/, types/); Taro compiles only src/ unless told.
const shared = [path.resolve(__dirname, '..', 'domain'), path.resolve(__dirname, '..', 'types')]

// Where the app finds the API. H5 is served by the API itself, so a relative base works there;
// a mini-program needs an absolute https URL configured for the deployment (TARO_APP_API_BASE).
const apiBase = (env: string | undefined): string => {
  if (process.env.TARO_APP_API_BASE) return process.env.TARO_APP_API_BASE
  return env === 'h5' ? '/api' : 'http://localhost:8080/api'
}

export default defineConfig<'webpack5'>(async (merge) => {
  const target = process.env.TARO_ENV
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'onestop',
    date: '2026-11-24',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    // The path aliases of tsconfig.json: `@/` the app, `@domain/` the shared rules, `@contract/` the API contract.
    alias: {
      '@': path.resolve(__dirname, '..', 'src'),
      '@domain': path.resolve(__dirname, '..', 'domain'),
      '@contract': path.resolve(__dirname, '..', 'types'),
    },
    outputRoot: `dist/${target}`,
    plugins: [],
    defineConstants: {
      API_BASE: JSON.stringify(apiBase(target)),
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: { type: 'webpack5', prebundle: { enable: false } },
    cache: { enable: false },
    mini: {
      webpackChain: esmPackages,
      compile: { include: shared },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
    h5: {
      // H5 production builds add the offline service worker (config/service-worker.ts); the mini-programs never do.
      // Pages that share code share chunks (config/h5-chunks.ts).
      webpackChain: withServiceWorker((chain) => {
        esmPackages(chain)
        splitPageChunks(chain)
      }),
      compile: { include: shared },
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
  }
  if (process.env.NODE_ENV === 'development') return merge({}, baseConfig, devConfig)
  return merge({}, baseConfig, prodConfig)
})
