// Subscribe-message consent dialog: WeChat's requestSubscribeMessage (it only shows in response to a tap). The server
// sends WeChat subscribe messages only; Alipay's template messages and SMS are not wired yet, so other platforms have
// no dialog and ask nothing. The rest (which templates, reporting consent) is the NoticeStore's.
import Taro from '@tarojs/taro'
import type { ConsentPrompt } from '@/stores/notices'

export const consentPrompt: ConsentPrompt | undefined =
  process.env.TARO_ENV === 'weapp'
    ? async (tmplIds) => {
        const answer = (await Taro.requestSubscribeMessage({ tmplIds } as Taro.requestSubscribeMessage.Option)) as unknown as Record<string, string>
        return tmplIds.filter((id) => answer[id] === 'accept')
      }
    : undefined
