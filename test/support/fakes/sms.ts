// A fake SMS gateway on loopback speaking OneStop's SMS protocol (see server/integrations/sms.ts); records messages and reads codes back.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { listen, sendJson } from './http'

export interface SmsMessage {
  phone: string
  template: string
  params: Record<string, string>
  /** The text as the gateway would deliver it. */
  text: string
  at: Date
}

export interface FakeSms {
  /** Use as SMS_GATEWAY_URL. */
  url: string
  /** Use as SMS_GATEWAY_KEY: requests must carry its HMAC. */
  key: string
  /** Every message accepted, oldest first. */
  messages: SmsMessage[]
  /** Requests refused for a bad or missing signature. */
  rejected: number
  /** The code in the newest LOGIN_CODE message to `phone`, if any. */
  lastCode(phone: string): string | undefined
  /** The next `count` sends answer HTTP `status` (default 503) instead of delivering. */
  failNext(status?: number, count?: number): void
  close(): Promise<void>
}

const TEMPLATES: Record<string, (p: Record<string, string>) => string> = {
  LOGIN_CODE: (p) => `【一站办】您的登录验证码是 ${p.code}，${p.minutes ?? 5} 分钟内有效。如非本人操作，请忽略本短信。`,
}

/**
 * The protocol: `POST {SMS_GATEWAY_URL}` with JSON `{ "phone", "template", "params": { … } }`,
 * `X-Timestamp: <unix seconds>` and `Authorization: HMAC-SHA256 <base64 of HMAC-SHA256(key, timestamp + "\n" + body)>`.
 * Answers 200 `{ "ok": true, "messageId" }`; 401 for a bad signature or a timestamp more than 5 minutes off;
 * 400 for an unknown template or a malformed body.
 */
export async function startFakeSms(options: { key?: string } = {}): Promise<FakeSms> {
  const key = options.key ?? randomBytes(24).toString('base64url')
  const messages: SmsMessage[] = []
  let failStatus = 503
  let failCount = 0
  const state = { rejected: 0 }

  const server = await listen((req, body, res) => {
    if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: 'method not allowed' })
    const timestamp = String(req.headers['x-timestamp'] ?? '')
    const auth = String(req.headers.authorization ?? '')
    const expected = createHmac('sha256', key).update(`${timestamp}\n${body}`).digest()
    const given = Buffer.from(auth.replace(/^HMAC-SHA256 /, ''), 'base64')
    const fresh = /^\d+$/.test(timestamp) && Math.abs(Date.now() / 1000 - Number(timestamp)) <= 300
    if (!auth.startsWith('HMAC-SHA256 ') || !fresh || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      state.rejected++
      return sendJson(res, 401, { ok: false, error: 'bad signature' })
    }
    if (failCount > 0) {
      failCount--
      return sendJson(res, failStatus, { ok: false, error: 'gateway unavailable' })
    }
    let msg: { phone?: unknown; template?: unknown; params?: unknown }
    try {
      msg = JSON.parse(body) as typeof msg
    } catch {
      return sendJson(res, 400, { ok: false, error: 'bad json' })
    }
    const template = typeof msg.template === 'string' ? TEMPLATES[msg.template] : undefined
    if (typeof msg.phone !== 'string' || !template || typeof msg.params !== 'object' || msg.params === null) {
      return sendJson(res, 400, { ok: false, error: 'bad message' })
    }
    const params = msg.params as Record<string, string>
    messages.push({ phone: msg.phone, template: String(msg.template), params, text: template(params), at: new Date() })
    sendJson(res, 200, { ok: true, messageId: randomBytes(8).toString('hex') })
  })

  return {
    url: `${server.url}/v1/messages`,
    key,
    messages,
    get rejected() {
      return state.rejected
    },
    lastCode(phone) {
      for (let i = messages.length - 1; i >= 0; i--) {
        const m = messages[i]
        if (m.phone === phone && m.template === 'LOGIN_CODE') return /(\d{6})/.exec(m.text)?.[1]
      }
      return undefined
    },
    failNext(status = 503, count = 1) {
      failStatus = status
      failCount = count
    },
    close: server.close,
  }
}
