// ActionBar: the page's main actions pinned to the bottom of the screen (预约办理 / 收藏 on a guide, 确认预约, 提交),
// so a long page never scrolls them away. Put it anywhere in the page; the page (<Page>) keeps room for it at the
// bottom, and it keeps clear of the home indicator (safe area).
import { View } from '@tarojs/components'
import { useContext, useEffect, type PropsWithChildren } from 'react'
import { PageActionBarContext } from '@/components/page'
import './index.scss'

export interface ActionBarProps {
  id?: string
  /** Extra class for the page's own look of its buttons. */
  className?: string
}

export default function ActionBar({ id, className, children }: PropsWithChildren<ActionBarProps>) {
  const present = useContext(PageActionBarContext)
  useEffect(() => {
    present(true)
    return () => present(false)
  }, [present])
  return (
    <View id={id} className={`os-action-bar${className ? ` ${className}` : ''}`}>
      {children}
    </View>
  )
}
