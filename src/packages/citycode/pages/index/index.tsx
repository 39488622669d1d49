// 一码通城: one signed code per scene (乘车/图书借阅/电子社保卡/医保电子凭证/办事大厅签到) that refreshes every 30 s with a
// countdown; screen brightness raised while shown; offline it shows cached pre-signed codes and says until when.
import { useEffect, useRef } from 'react'
import { View, Text } from '@tarojs/components'
import Taro, { useDidHide, useDidShow, useUnload } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import ActionButton from '@/components/action-button'
import PageState from '@/components/page-state'
import QrCode from '@/components/qr-code'
import { CITY_SCENES, SCENE_LABELS } from '@domain/citycode-scenes'
import { useStores } from '@/stores'
import { citycodeOf } from '@/stores/citycode'
import { openRoute } from '@/utils/nav'
import { ROUTES } from '@/routes'
import '@/packages/citycode/styles.scss'
import { withPage } from '@/components/page'

function hhmm(iso: string): string {
  const d = new Date(Date.parse(iso) + 8 * 3600_000)
  return d.toISOString().slice(11, 16)
}

/** Raises the screen brightness while the code is shown and puts it back after (where the platform allows). */
function useBrightness() {
  const saved = useRef<number | null>(null)
  const raise = () => {
    if (process.env.TARO_ENV === 'h5' || saved.current !== null) return
    if (typeof Taro.getScreenBrightness !== 'function' || typeof Taro.setScreenBrightness !== 'function') return
    Taro.getScreenBrightness()
      .then((r) => {
        saved.current = r.value
        return Taro.setScreenBrightness({ value: 1 })
      })
      .catch(() => undefined)
  }
  const restore = () => {
    if (saved.current === null) return
    const value = saved.current
    saved.current = null
    Taro.setScreenBrightness({ value }).catch(() => undefined)
  }
  return { raise, restore }
}

function CityCodePage() {
  const { me } = useStores()
  const citycode = citycodeOf(useStores())
  const brightness = useBrightness()
  const timer = useRef<ReturnType<typeof setInterval> | null>(null)

  const start = () => {
    if (!me.signedIn) return
    void citycode.refresh()
    brightness.raise()
    if (!timer.current) timer.current = setInterval(() => citycode.tick(), 1000)
  }
  const stop = () => {
    if (timer.current) clearInterval(timer.current)
    timer.current = null
    brightness.restore()
    citycode.clear()
  }
  useDidShow(start)
  useDidHide(stop)
  useUnload(stop)
  useEffect(() => stop, []) // eslint-disable-line react-hooks/exhaustive-deps

  const state = citycode.state
  return (
    <View className='os-cc'>
      <Text className='os-cc__title'>一码通城</Text>
      {!me.signedIn && (
        <View>
          <PageState kind='empty' message='请先登录并完成实名认证，再出示一码通城' />
          <ActionButton id='cc-sign-in' text='去登录' onTap={() => openRoute(ROUTES.login)} />
        </View>
      )}
      {me.signedIn && state === 'realname' && (
        <View id='cc-realname'>
          <PageState kind='empty' message='一码通城需要实名认证（二级账号）后才能使用' />
          <ActionButton id='cc-go-realname' text='去实名认证' onTap={() => openRoute(ROUTES.realname)} />
        </View>
      )}
      {me.signedIn && state === 'signin' && (
        <View>
          <PageState kind='empty' message='登录已失效，请重新登录' />
          <ActionButton id='cc-sign-in' text='去登录' onTap={() => openRoute(ROUTES.login)} />
        </View>
      )}
      {me.signedIn && state !== 'realname' && state !== 'signin' && (
        <View>
          <View className='os-cc__scenes'>
            {CITY_SCENES.map((s) => (
              <View
                key={s}
                id={`cc-scene-${s}`}
                className={`os-cc__scene${citycode.scene === s ? ' os-cc__scene--on' : ''}`}
                ariaRole='button'
                ariaLabel={`${SCENE_LABELS[s]}${citycode.scene === s ? '（当前）' : ''}`}
                onClick={() => citycode.setScene(s)}
              >
                <Text>{SCENE_LABELS[s]}</Text>
              </View>
            ))}
          </View>
          <View className='os-cc__card'>
            {citycode.code ? (
              <View id='cc-code' className='os-cc__card'>
                <QrCode id='cc-qr' value={citycode.code} size={480} label={`${SCENE_LABELS[citycode.scene]}码，请出示给扫码设备`} />
                <Text id='cc-countdown' className='os-cc__countdown'>{`${citycode.secondsLeft} 秒后自动刷新`}</Text>
                {state === 'offline' && (
                  <Text id='cc-offline' className='os-cc__note'>{`当前无网络，正在使用离线备用码，可用到 ${hhmm(citycode.offlineUntil)}；之后请联网刷新`}</Text>
                )}
              </View>
            ) : state === 'unavailable' ? (
              <View id='cc-unavailable'>
                <PageState kind='error' message={`暂时无法显示一码通城，本机也没有可用的离线备用码。${citycode.problem || '请联网后重试。'}`} onRetry={() => void citycode.refresh()} />
              </View>
            ) : (
              <PageState kind='loading' message='正在生成…' />
            )}
          </View>
          <Text className='os-cc__text'>码中不含姓名、证件号等个人信息；每个场景使用不同的匿名编号。截图无效：每个码在同一场景只能使用一次。</Text>
          <ActionButton id='cc-open-printed' text='长者打印码' tone='secondary' onTap={() => openRoute(ROUTES.printedCodes)} />
          <ActionButton id='cc-open-usage' text='码使用记录' tone='secondary' onTap={() => openRoute(ROUTES.codeUsage)} />
        </View>
      )}
    </View>
  )
}

export default withPage(observer(CityCodePage))
