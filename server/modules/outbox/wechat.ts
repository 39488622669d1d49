// WeChat server APIs the outbox needs: the stable access token (shared by all nodes through the database) and
// subscribeMessage.send. Protocol: developers.weixin.qq.com → 服务端 API → getStableAccessToken / sendMessage.
import type { OutboxRepo } from './repo'

export interface WechatApp {
  appid: string
  secret: string
  apiBase: string
}

/** A failure WeChat reported (errcode) or a network/HTTP failure (errcode null). */
export class WechatCallError extends Error {
  constructor(
    readonly errcode: number | null,
    message: string,
  ) {
    super(message)
    this.name = 'WechatCallError'
  }
}

/** errcodes meaning the access token is bad: fetch a new one and try again once. */
const TOKEN_ERRORS = new Set([40001, 40014, 42001])
const REFRESH_MARGIN_MS = 5 * 60_000
const TIMEOUT_MS = 10_000

async function postJson(url: string, body: unknown): Promise<Record<string, unknown>> {
  let res: Response
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    })
  } catch (err) {
    throw new WechatCallError(null, `微信接口无法连接：${(err as Error).message}`)
  }
  if (!res.ok) throw new WechatCallError(null, `微信接口返回 HTTP ${res.status}`)
  // WeChat answers JSON, sometimes labelled text/plain.
  try {
    return JSON.parse(await res.text()) as Record<string, unknown>
  } catch {
    throw new WechatCallError(null, '微信接口返回的不是 JSON')
  }
}

export function createWechatClient(app: WechatApp, repo: OutboxRepo, clock: () => Date) {
  const tokenName = `wechat:${app.appid}`

  async function fetchToken(forceRefresh: boolean): Promise<string> {
    const body = await postJson(`${app.apiBase}/cgi-bin/stable_token`, {
      grant_type: 'client_credential',
      appid: app.appid,
      secret: app.secret,
      force_refresh: forceRefresh,
    })
    const token = body.access_token
    const expiresIn = Number(body.expires_in)
    if (typeof token !== 'string' || !Number.isFinite(expiresIn)) {
      throw new WechatCallError(Number(body.errcode ?? -1), `获取微信 access_token 失败：${String(body.errmsg ?? '未知错误')}`)
    }
    const expiresAt = new Date(clock().getTime() + expiresIn * 1000)
    await repo.savePlatformToken(tokenName, token, expiresAt)
    return token
  }

  async function accessToken(): Promise<string> {
    const row = await repo.platformToken(tokenName)
    if (row && row.expires_at.getTime() - clock().getTime() > REFRESH_MARGIN_MS) return row.token
    return fetchToken(false)
  }

  return {
    accessToken,
    /** Sends one subscribe message; throws WechatCallError on any failure. */
    async sendSubscribe(message: { touser: string; templateId: string; page?: string; data: Record<string, string> }): Promise<void> {
      const payload = {
        touser: message.touser,
        template_id: message.templateId,
        ...(message.page ? { page: message.page } : {}),
        data: Object.fromEntries(Object.entries(message.data).map(([k, v]) => [k, { value: v }])),
        miniprogram_state: 'formal',
        lang: 'zh_CN',
      }
      let token = await accessToken()
      for (let attempt = 0; ; attempt++) {
        const body = await postJson(`${app.apiBase}/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(token)}`, payload)
        const errcode = Number(body.errcode ?? 0)
        if (errcode === 0) return
        if (TOKEN_ERRORS.has(errcode) && attempt === 0) {
          token = await fetchToken(true)
          continue
        }
        throw new WechatCallError(errcode, `微信订阅消息发送失败（${errcode}）：${String(body.errmsg ?? '')}`)
      }
    },
  }
}

export type WechatClient = ReturnType<typeof createWechatClient>
