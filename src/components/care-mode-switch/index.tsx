// CareModeSwitch: the visible 长辈版 switch (我的, and the home page). One row; the choice is kept on the device.
import { observer } from 'mobx-react-lite'
import ToggleRow from '@/components/toggle-row'
import { careMode } from '@/platform/care-mode'

export interface CareModeSwitchProps {
  /** Element id, for tests and for two switches on one page. */
  id?: string
}

function CareModeSwitch({ id = 'care-mode-switch' }: CareModeSwitchProps) {
  return (
    <ToggleRow
      id={id}
      title='长辈版'
      description='字更大、按钮更大，操作更简单'
      checked={careMode.on}
      onChange={(on) => careMode.set(on)}
    />
  )
}

export default observer(CareModeSwitch)
