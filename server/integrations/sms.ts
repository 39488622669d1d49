// SMS sending over OneStop's gateway protocol: POST JSON {phone, template, params} signed with HMAC-SHA256 of SMS_GATEWAY_KEY.
//
// Protocol (what a gateway adapter in front of the carrier's API implements):
//   POST {SMS_GATEWAY_URL}
//   Content-Type: application/json
//   X-Timestamp: <unix seconds>
//   Authorization: HMAC-SHA256 <base64(HMAC-SHA256(SMS_GATEWAY_KEY, X-Timestamp + "\n" + raw body))>
//   {"phone":"13800138000","template":"LOGIN_CODE","params":{"code":"123456","minutes":"5"}}
// 2xx means accepted; anything else (or no answer within 5 s) is a failed send.
import { createHmac } from 'node:crypto'
import type { Config } from '../config'
import { fetchText, upstreamBusy } from './upstream'

export interface SmsMessage {
  phone: string
  template: 'LOGIN_CODE'
  params: Record<string, string>
}

/** The timestamp is the real wall clock (not the app's injectable clock): the gateway checks it against its own. */
export async function sendSms(config: NonNullable<Config['sms']>, message: SmsMessage): Promise<void> {
  const body = JSON.stringify(message)
  const ts = String(Math.floor(Date.now() / 1000))
  const signature = createHmac('sha256', config.key).update(`${ts}\n${body}`).digest('base64')
  const { status } = await fetchText('短信服务', config.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-timestamp': ts, authorization: `HMAC-SHA256 ${signature}` },
    body,
  })
  if (status < 200 || status >= 300) throw upstreamBusy('短信服务', 30)
}
