// ActionBar: the page's main actions pinned to the bottom of the screen (预约办理 / 收藏 on a guide, 确认预约, 提交),
// so a long page never scrolls them away. It leaves a spacer of its own height in the flow and keeps clear of the
// home indicator (safe area).
import { View } from '@tarojs/components'
import type { PropsWithChildren } from 'react'
import './index.scss'

export interface ActionBarProps {
  id?: string
}

export default function ActionBar({ id, children }: PropsWithChildren<ActionBarProps>) {
  return (
    <>
      <View className='os-action-bar__spacer' />
      <View id={id} className='os-action-bar'>
        {children}
      </View>
    </>
  )
}
