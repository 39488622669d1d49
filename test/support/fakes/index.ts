// Fake upstream services (WeChat, Alipay, SMS) for tests, and the server environment that points at them.
import type { FakeAlipay } from './alipay'
import type { FakeSms } from './sms'
import type { FakeWechat } from './wechat'

export { startFakeWechat, type FakeWechat, type WechatUser, type WechatErrcode } from './wechat'
export { startFakeAlipay, type FakeAlipay, type AlipayUser } from './alipay'
export { startFakeSms, type FakeSms, type SmsMessage } from './sms'

/**
 * The environment variables that make a server (buildApp's loadConfig or a spawned server/main.ts) talk to
 * the given fakes, e.g. `startServer({ DEMO: '1', ...fakeEnv({ sms }) })`.
 */
export function fakeEnv(fakes: { wechat?: FakeWechat; alipay?: FakeAlipay; sms?: FakeSms }): Record<string, string> {
  const env: Record<string, string> = {}
  if (fakes.wechat) {
    env.WECHAT_API_BASE = fakes.wechat.url
    env.WECHAT_APPID = fakes.wechat.appid
    env.WECHAT_SECRET = fakes.wechat.secret
  }
  if (fakes.alipay) {
    env.ALIPAY_GATEWAY = fakes.alipay.url
    env.ALIPAY_APPID = fakes.alipay.appId
    env.ALIPAY_PRIVATE_KEY = fakes.alipay.appPrivateKey
    env.ALIPAY_PUBLIC_KEY = fakes.alipay.alipayPublicKey
  }
  if (fakes.sms) {
    env.SMS_GATEWAY_URL = fakes.sms.url
    env.SMS_GATEWAY_KEY = fakes.sms.key
  }
  return env
}
