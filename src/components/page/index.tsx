// Page: the shell every page wraps itself in (export default withPage(observer(X))). It puts the 长辈版 class on the
// page's root (the tokens switch to the care sizes through CSS variables), makes the page the `main` landmark and,
// on H5, draws a title bar with 返回 (or 首页 when the page was opened directly) on every page that is not a tab.
import { View, Text } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import { createContext, createElement, useEffect, useRef, useState, type ComponentType, type PropsWithChildren } from 'react'
import { OfflineGate } from '@/components/offline'
import { careMode } from '@/platform/care-mode'
import { ROUTES, TAB_ROUTES } from '@/routes'
import './index.scss'

interface RouteConfig {
  path?: string
  navigationBarTitleText?: string
}

/** A page path with a leading slash and no query ('' when Taro cannot say). */
function barePath(path: string | undefined): string {
  const bare = (path ?? '').split('?')[0]
  return bare ? `/${bare.replace(/^\//, '')}` : ''
}

/** H5: the page's title as its config gives it (the router keeps every page's config on window.__taroAppConfig). */
function titleOf(path: string): string {
  const routes = (window as unknown as { __taroAppConfig?: { routes?: RouteConfig[] } }).__taroAppConfig?.routes ?? []
  const route = routes.find((r) => `/${(r.path ?? '').replace(/^\//, '')}` === path)
  return route?.navigationBarTitleText ?? document.title
}

const TitleBar = observer(function TitleBar({ path }: { path: string }) {
  const canGoBack = Taro.getCurrentPages().length > 1
  return (
    <View className='os-titlebar' ariaRole='banner'>
      {canGoBack ? (
        <View id='titlebar-back' className='os-titlebar__action' hoverClass='os-titlebar__action--pressed' ariaRole='button' onClick={() => void Taro.navigateBack()}>
          <Text className='os-titlebar__chevron'>‹</Text>
          <Text>返回</Text>
        </View>
      ) : (
        <View id='titlebar-home' className='os-titlebar__action' hoverClass='os-titlebar__action--pressed' ariaRole='button' onClick={() => void Taro.switchTab({ url: ROUTES.home })}>
          <Text>首页</Text>
        </View>
      )}
      <Text className='os-titlebar__title'>{titleOf(path)}</Text>
      <View className='os-titlebar__spacer' />
    </View>
  )
})

/** Lets an <ActionBar> anywhere in the page tell the page to keep room for it at the bottom. */
export const PageActionBarContext = createContext<(present: boolean) => void>(() => undefined)

export interface PageProps {
  className?: string
}

export const Page = observer(function Page({ className, children }: PropsWithChildren<PageProps>) {
  // This page's own router (not the top page's: a page under the top one may render again).
  const path = barePath(useRouter().path)
  const h5Bar = process.env.TARO_ENV === 'h5' && path !== '' && !(TAB_ROUTES as readonly string[]).includes(path)
  const [actionBar, setActionBar] = useState(false)
  const root = useRef<HTMLElement>(null)
  useEffect(() => {
    // H5: Taro's router scrolls each page inside its own container (`.taro_page`, created by the router, not by
    // React), and our tappable Views are not focusable, so a keyboard could not scroll a long page (axe
    // scrollable-region-focusable). The container joins the tab order; no role or name, so it adds no landmark.
    if (process.env.TARO_ENV !== 'h5') return
    const container = root.current?.closest?.('.taro_page')
    if (container && !container.hasAttribute('tabindex')) container.setAttribute('tabindex', '0')
  }, [])
  const classes = ['os-page', careMode.className, actionBar ? 'os-page--action-bar' : '', className].filter(Boolean).join(' ')
  return (
    <PageActionBarContext.Provider value={setActionBar}>
      <View className={classes} ref={root}>
        {h5Bar && <TitleBar path={path} />}
        <View className='os-page__main' ariaRole='main'>
          <OfflineGate path={path}>{children}</OfflineGate>
        </View>
      </View>
    </PageActionBarContext.Provider>
  )
})

/** Wraps a page component in <Page>: the one edit each page file makes (`export default withPage(observer(X))`). */
export function withPage<P extends object>(Component: ComponentType<P>): ComponentType<P> {
  function Wrapped(props: P) {
    return createElement(Page, null, createElement(Component, props))
  }
  Wrapped.displayName = `withPage(${Component.displayName ?? Component.name ?? 'Page'})`
  return Wrapped
}

export default Page
