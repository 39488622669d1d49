// 导出我的数据 (PIPL right of access): a readable summary of what is held, by section, with Beijing times and the phone and
// ID number masked; the full unmasked file only after an SMS code sent to the account's own phone checks out.
import { View, Text } from '@tarojs/components'
import Taro, { useUnload } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import { useEffect, useState } from 'react'
import type { ExportSummarySection, MeExportSummary } from '@contract/me-export'
import ActionButton from '@/components/action-button'
import PageState from '@/components/page-state'
import PrivacyPopup from '@/components/privacy-popup'
import TextField from '@/components/text-field'
import { withPage } from '@/components/page'
import { useStores } from '@/stores'
import { formatDateTime } from '@/utils/request-format'
import { openRoute } from '@/utils/nav'
import { ROUTES } from '@/routes'
import { myDataOf, type MyDataStore } from './store'
import './index.scss'

const PROVIDER_TEXT: Record<MeExportSummary['account']['providers'][number], string> = { sms: '手机号验证码', wechat: '微信', alipay: '支付宝' }

function Row({ id, label, value }: { id?: string; label: string; value: string }) {
  return (
    <View className='os-data__row'>
      <Text className='os-data__label'>{label}</Text>
      <Text id={id} className='os-data__value'>
        {value}
      </Text>
    </View>
  )
}

function AccountCard({ account }: { account: MeExportSummary['account'] }) {
  return (
    <View id='data-account' className='os-data__card'>
      <Text className='os-data__card-title'>账号与实名</Text>
      <Row id='data-phone' label='手机号' value={account.phone ?? '未绑定'} />
      <Row label='实名状态' value={account.level === 2 ? '已实名' : '未实名'} />
      {account.realName && (
        <>
          <Row id='data-name' label='姓名' value={account.realName.name} />
          <Row id='data-id-number' label='身份证号码' value={account.realName.idNumber} />
          <Row label='实名时间' value={formatDateTime(account.realName.declaredAt)} />
        </>
      )}
      <Row label='登录方式' value={account.providers.map((p) => PROVIDER_TEXT[p]).join('、') || '无'} />
      <Row label='已登录设备' value={`${account.activeSessions} 台`} />
      <Row label='注册时间' value={formatDateTime(account.createdAt)} />
    </View>
  )
}

function SectionCard({ section }: { section: ExportSummarySection }) {
  return (
    <View id={`data-section-${section.key}`} className='os-data__card'>
      <View className='os-data__card-head'>
        <Text className='os-data__card-title'>{section.title}</Text>
        <Text className='os-data__count'>{section.count > 0 ? `共 ${section.count} 条` : '暂无记录'}</Text>
      </View>
      {section.items.map((item, i) => (
        <View key={i} className='os-data__item'>
          <Text className='os-data__item-title'>{item.title}</Text>
          {item.detail && <Text className='os-data__item-detail'>{item.detail}</Text>}
          {item.at && <Text className='os-data__item-time'>{formatDateTime(item.at)}</Text>}
        </View>
      ))}
      {section.count > section.items.length && <Text className='os-data__more'>{`仅列出最近 ${section.items.length} 条，完整记录见数据文件`}</Text>}
      {section.note && <Text className='os-data__note'>{section.note}</Text>}
    </View>
  )
}

const FullExport = observer(function FullExport({ data, available }: { data: MyDataStore; available: boolean }) {
  const [code, setCode] = useState('')
  const [now, setNow] = useState(Date.now())
  const wait = Math.max(0, Math.ceil((data.resendAt - now) / 1000))
  useEffect(() => {
    if (wait <= 0) return undefined
    const t = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(t)
  }, [wait])

  const copy = () => {
    // Clipboard is a privacy API on WeChat: the first use brings up the privacy popup.
    void Taro.setClipboardData({ data: data.fullText }).catch(() => {
      void Taro.showToast({ title: '未能复制，请长按文字选择复制', icon: 'none' })
    })
  }

  if (data.fullText) {
    return (
      <View id='data-full' className='os-data__card'>
        <Text className='os-data__card-title'>完整数据文件</Text>
        <Text className='os-data__warning'>以下内容包含未脱敏的手机号、身份证号码等个人信息，请勿截图或转发给他人。</Text>
        <Text id='data-json' className='os-data__json' userSelect>
          {data.fullText}
        </Text>
        <ActionButton id='data-copy' text='复制全部' onTap={copy} />
        <ActionButton id='data-hide' text='收起' tone='secondary' onTap={() => data.forgetFull()} />
      </View>
    )
  }
  return (
    <View id='data-verify' className='os-data__card'>
      <Text className='os-data__card-title'>获取完整数据文件</Text>
      <Text className='os-data__explain'>
        完整文件为 JSON 格式，包含未脱敏的手机号、姓名、身份证号码和全部记录。为保护您的信息，需先通过短信验证码确认是您本人操作，每次导出都会记录。
      </Text>
      {!available ? (
        <Text id='data-needs-phone' className='os-data__warning'>
          您的账号还没有绑定手机号，无法接收验证码。请先在“个人信息”中绑定手机号。
        </Text>
      ) : (
        <>
          <ActionButton
            id='data-send-code'
            text={wait > 0 ? `${wait} 秒后可重新发送` : data.codeSentTo ? '重新发送验证码' : '发送验证码'}
            tone={data.codeSentTo ? 'secondary' : 'primary'}
            busy={data.sending}
            busyText='发送中…'
            disabled={wait > 0}
            onTap={() => void data.sendCode().then(() => setNow(Date.now()))}
          />
          {data.codeSentTo && (
            <>
              <Text id='data-code-sent' className='os-data__explain'>{`验证码已发送至 ${data.codeSentTo}，5 分钟内有效。`}</Text>
              <TextField id='data-code' label='短信验证码' type='number' maxlength={6} placeholder='6 位数字' value={code} onInput={(v) => setCode(v.replace(/\D/g, ''))} />
              <ActionButton id='data-verify-submit' text='验证并导出' busy={data.verifying} busyText='正在核验…' onTap={() => void data.verify(code)} />
            </>
          )}
          {data.codeError && (
            <View id='data-code-error' className='os-data__error' ariaRole='alert'>
              <Text>{data.codeError}</Text>
            </View>
          )}
        </>
      )}
    </View>
  )
})

function DataPage() {
  const root = useStores()
  const { me } = root
  const data = myDataOf(root)
  const signedIn = me.signedIn

  useEffect(() => {
    if (signedIn) void data.load()
  }, [signedIn, data])
  // The unmasked file lives only while the page is open.
  useUnload(() => data.forgetFull())

  return (
    <View className='os-data'>
      <Text className='os-data__title'>导出我的数据</Text>
      <Text className='os-data__intro'>这里汇总了一站办保存的关于您的信息。手机号、身份证号码已部分隐藏；如需完整文件，请在页面底部通过短信验证后获取。</Text>
      {!signedIn && (
        <View>
          <PageState kind='empty' message='请先登录，再查看您的数据' />
          <ActionButton id='data-sign-in' text='去登录' onTap={() => openRoute(ROUTES.login)} />
        </View>
      )}
      {signedIn && data.status === 'loading' && !data.summary && <PageState kind='loading' message='正在整理您的数据…' />}
      {signedIn && data.status === 'failed' && <PageState kind='error' message={data.error?.message} onRetry={() => void data.load()} />}
      {signedIn && data.summary && (
        <View id='data-summary' className='os-data__result'>
          <Text className='os-data__generated'>{`生成时间：${formatDateTime(data.summary.generatedAt)}（北京时间）`}</Text>
          <AccountCard account={data.summary.account} />
          {data.summary.sections.map((s) => (
            <SectionCard key={s.key} section={s} />
          ))}
          <FullExport data={data} available={data.summary.fullExport.available} />
        </View>
      )}
      <PrivacyPopup />
    </View>
  )
}

export default withPage(observer(DataPage))
