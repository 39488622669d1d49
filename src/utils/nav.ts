// Navigation that knows tab pages from others, and a back that works when there is nothing to go back to.
import Taro from '@tarojs/taro'
import { ROUTES, TAB_ROUTES } from '@/routes'

export function openRoute(url: string): void {
  const path = `/${url.replace(/^\//, '').split('?')[0]}`
  if ((TAB_ROUTES as readonly string[]).includes(path)) {
    Taro.switchTab({ url: path })
  } else {
    Taro.navigateTo({ url })
  }
}

/** Goes back, or home when the page was opened directly (a shared link, a scanned code). */
export function goBack(): void {
  if (Taro.getCurrentPages().length > 1) {
    Taro.navigateBack()
  } else {
    Taro.switchTab({ url: ROUTES.home })
  }
}
