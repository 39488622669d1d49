// LevelBadge: the resident's assurance level as a word, 已实名 (level 2) or 未实名 (level 1).
import { Text } from '@tarojs/components'
import type { Level } from '@contract/me'
import './index.scss'

export default function LevelBadge({ level }: { level: Level }) {
  return (
    <Text id='level-badge' className={`os-level-badge os-level-badge--${level === 2 ? 'verified' : 'basic'}`}>
      {level === 2 ? '已实名' : '未实名'}
    </Text>
  )
}
