// App root: provides the RootStore to every page and installs the platform's privacy handler at start.
import { createElement, type PropsWithChildren } from 'react'
import { installPrivacyHandler } from './platform/privacy'
import { StoreContext, rootStore } from './stores'
import './app.scss'

installPrivacyHandler(rootStore.privacy)

function App({ children }: PropsWithChildren) {
  return createElement(StoreContext.Provider, { value: rootStore }, children)
}

export default App
