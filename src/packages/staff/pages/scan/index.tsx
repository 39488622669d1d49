// 扫码核验 (hall staff): scan with Taro.scanCode in the mini-programs, or paste / use the camera app in H5. A city code is
// verified online in the 办事大厅签到 scene; a short booking code (预约码) checks the appointment in at this hall.
import { useState } from 'react'
import { View, Text, Textarea } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import ActionButton from '@/components/action-button'
import PageState from '@/components/page-state'
import { REASON_LABELS } from '@domain/citycode-scenes'
import { useStores } from '@/stores'
import { hallDeskOf } from '@/stores/hall-desk'
import { citycodeOf } from '@/stores/citycode'
import { openRoute } from '@/utils/nav'
import type { VerifyResponse } from '@contract/citycode'
import { ROUTES } from '@/routes'
import '@/packages/citycode/styles.scss'
import { withPage } from '@/components/page'

/** Booking codes are short; city codes are 132 characters of base64url. */
const isBookingCode = (text: string) => text.length <= 16

function ScanPage() {
  const { staff } = useStores()
  const citycode = citycodeOf(useStores())
  const hallDesk = hallDeskOf(useStores())
  const [text, setText] = useState('')
  const [result, setResult] = useState<VerifyResponse | null>(null)
  const [message, setMessage] = useState('')
  const [problem, setProblem] = useState('')
  const [busy, setBusy] = useState(false)

  useDidShow(() => {
    void staff.load()
  })

  const check = async (raw: string) => {
    const code = raw.trim()
    if (!code) return
    setBusy(true)
    setResult(null)
    setMessage('')
    setProblem('')
    try {
      if (isBookingCode(code)) {
        const hallId = staff.profile?.hallId
        if (!hallId) setProblem('预约码签到需要大厅工作人员账号')
        else if (await hallDesk.checkin(hallId, code)) setMessage(hallDesk.message)
        else setProblem(hallDesk.problem)
      } else {
        setResult(await citycode.staffVerify(code, staff.token))
      }
      setText('')
    } catch (err) {
      // The stores throw ApiError, an Error whose message is worded for the clerk; anything else thrown gets a plain note.
      setProblem(err instanceof Error ? err.message : '核验未完成，请稍后重试')
    } finally {
      setBusy(false)
    }
  }

  const scan = async () => {
    try {
      const r = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode', 'barCode'] })
      await check(r.result)
    } catch {
      // Cancelled: nothing to do.
    }
  }

  if (!staff.signedIn) {
    return (
      <View className='os-cc'>
        <Text className='os-cc__title'>扫码核验</Text>
        <PageState kind='empty' message='请先以工作人员身份登录' />
        <ActionButton id='scan-sign-in' text='工作人员登录' onTap={() => openRoute(ROUTES.staffLogin)} />
      </View>
    )
  }
  return (
    <View className='os-cc'>
      <Text className='os-cc__title'>扫码核验</Text>
      <Text className='os-cc__text'>扫描群众出示的一码通城（办事大厅签到）或预约码。</Text>
      {process.env.TARO_ENV !== 'h5' && <ActionButton id='scan-camera' text='扫码' busy={busy} onTap={() => void scan()} />}
      {process.env.TARO_ENV === 'h5' && <Text className='os-cc__text'>浏览器中请用扫码枪或相机识别后，把内容粘贴到下面。</Text>}
      <Textarea id='scan-input' className='os-cc__field' value={text} maxlength={400} placeholder='粘贴码的内容' onInput={(e) => setText(e.detail.value)} />
      <ActionButton id='scan-check' text='核验' tone='secondary' busy={busy} disabled={!text.trim()} onTap={() => void check(text)} />
      {problem !== '' && <Text id='scan-problem' className='os-cc__error'>{problem}</Text>}
      {message !== '' && (
        <View id='scan-result' className='os-cc__row'>
          <Text className='os-cc__row-title os-cc__ok'>{message}</Text>
        </View>
      )}
      {result && (
        <View id='scan-result' className='os-cc__row' ariaRole='alert'>
          {result.ok ? (
            <View>
              <Text className='os-cc__row-title os-cc__ok'>核验通过：已实名，可签到</Text>
              <Text className='os-cc__muted'>{`${result.kind === 'printed' ? '长者打印码' : '动态码'} · 匿名编号 ${result.subject}`}</Text>
            </View>
          ) : (
            <Text className='os-cc__row-title os-cc__bad'>{`未通过：${REASON_LABELS[result.reason]}`}</Text>
          )}
        </View>
      )}
    </View>
  )
}

export default withPage(observer(ScanPage))
