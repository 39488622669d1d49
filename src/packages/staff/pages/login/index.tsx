// 工作人员登录: username and password; a failure or lock-out is shown in the server's own words.
import { View, Text } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import { useState } from 'react'
import ActionButton from '@/components/action-button'
import TextField from '@/components/text-field'
import { ApiError } from '@/api/errors'
import { useStores } from '@/stores'
import { ROUTES } from '@/routes'
import './index.scss'
import { withPage } from '@/components/page'


function StaffLoginPage() {
  const { staff } = useStores()
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')

  const submit = async () => {
    if (busy) return
    if (!username.trim() || !password) {
      setError('请输入账号和密码')
      return
    }
    setBusy(true)
    setError('')
    try {
      await staff.login(username.trim(), password)
      // Back to the workbench that sent them here, or onto it when this page was opened directly.
      const pages = Taro.getCurrentPages()
      const previous = pages[pages.length - 2] as { route?: string; path?: string } | undefined
      if ((previous?.route ?? previous?.path ?? '').includes(ROUTES.staff.slice(1))) Taro.navigateBack()
      else Taro.redirectTo({ url: ROUTES.staff })
    } catch (err) {
      // The account name stays; the password is cleared only when the server refused it.
      const e = err instanceof ApiError ? err : undefined
      if (e && (e.code === 'STAFF_LOGIN_FAILED' || e.code === 'STAFF_LOCKED')) setPassword('')
      setError(e ? e.message : '登录未完成，请稍后重试')
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className='os-staff-login'>
      <Text className='os-staff-login__title'>工作人员登录</Text>
      <Text className='os-staff-login__hint'>仅限部门、大厅和 12345 热线中心工作人员使用。账号由本单位管理员开通。</Text>
      <View className='os-staff-login__card'>
        <TextField id='staff-username' label='账号' placeholder='请输入工作账号' maxlength={64} value={username} onInput={setUsername} />
        <TextField id='staff-password' label='密码' password placeholder='请输入密码' maxlength={256} value={password} onInput={setPassword} />
        {error && (
          <View id='staff-login-error' className='os-staff-login__error' ariaRole='alert'>
            <Text>{error}</Text>
          </View>
        )}
        <ActionButton id='staff-login-submit' text='登录' busy={busy} busyText='正在登录…' onTap={() => void submit()} />
      </View>
      <Text className='os-staff-login__note'>连续 5 次密码错误，账号将锁定 15 分钟。忘记密码请联系本单位管理员。</Text>
    </View>
  )
}

export default withPage(observer(StaffLoginPage))
