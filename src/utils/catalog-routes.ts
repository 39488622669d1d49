// Routes into the guide subpackage: a service's 办事指南, a 一件事 bundle, 我的收藏 / 最近浏览.
export const GUIDE_ROOT = '/packages/guide/pages'

export const guideUrl = (code: string): string => `${GUIDE_ROOT}/detail/index?code=${encodeURIComponent(code)}`
export const bundleUrl = (code: string): string => `${GUIDE_ROOT}/bundle/index?code=${encodeURIComponent(code)}`
export const mineUrl = (tab: 'favourites' | 'recent'): string => `${GUIDE_ROOT}/mine/index?tab=${tab}`
