// App root: provides the RootStore to every page.
import { createElement, type PropsWithChildren } from 'react'
import { StoreContext, rootStore } from './stores'
import './app.scss'

function App({ children }: PropsWithChildren) {
  return createElement(StoreContext.Provider, { value: rootStore }, children)
}

export default App
