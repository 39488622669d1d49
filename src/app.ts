// App root: provides the RootStore to every page and installs the platform adapters (WeChat privacy, H5 CSP and
// keyboard controls, 长辈版) at start.
import Taro from '@tarojs/taro'
import { createElement, type PropsWithChildren } from 'react'
import { installCareModeH5 } from './platform/care-mode'
import { installH5Fixes, installKeyboardControls } from './platform/h5'
import { installPrivacyHandler } from './platform/privacy'
import { installStaffEntryH5 } from './platform/staff-entry'
import { ROUTES } from './routes'
import { StoreContext, rootStore } from './stores'
import './app.scss'

installPrivacyHandler(rootStore.privacy)
installH5Fixes()
installKeyboardControls()
installCareModeH5()
installStaffEntryH5(ROUTES.staff)
// An unknown address (a mistyped or outdated link) lands on 页面不存在, which offers the way home.
Taro.onPageNotFound(() => void Taro.redirectTo({ url: ROUTES.notFound }))

function App({ children }: PropsWithChildren) {
  return createElement(StoreContext.Provider, { value: rootStore }, children)
}

export default App
