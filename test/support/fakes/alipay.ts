// A fake Alipay open-platform gateway on loopback: checks the RSA2 request signature, answers alipay.system.oauth.token signed with its own test key.
import { createHash, createSign, createVerify, generateKeyPairSync, randomBytes } from 'node:crypto'
import { listen, sendJson } from './http'

export interface AlipayUser {
  userId: string
  openId?: string
}

export interface AlipayCall {
  method: string | null
  appId: string | null
  code: string | null
  /** Did the request's RSA2 signature verify against the app's public key? */
  signatureValid: boolean
  answer: string
}

export interface FakeAlipay {
  /** Use as ALIPAY_GATEWAY (…/gateway.do). */
  url: string
  appId: string
  /** The app's key pair, generated at start (PEM: PKCS#8 private, SPKI public): ALIPAY_PRIVATE_KEY. */
  appPrivateKey: string
  appPublicKey: string
  /** Alipay's own public key (PEM), to verify answers: ALIPAY_PUBLIC_KEY. */
  alipayPublicKey: string
  calls: AlipayCall[]
  addCode(code: string, user: AlipayUser): void
  /** While on, answers are signed with a key that is not Alipay's (the server must refuse them). */
  signBadly(on?: boolean): void
  close(): Promise<void>
}

function pair() {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  })
}

/** Alipay's string to sign: every parameter but `sign` with a non-empty value, sorted by name, `k=v` joined by `&`. */
function signContent(params: Map<string, string>): string {
  return [...params.entries()]
    .filter(([k, v]) => k !== 'sign' && v !== '')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&')
}

/** Digits derived from a name, so `ok-alice` is always the same Alipay user. */
function digits(name: string, n: number): string {
  const hex = createHash('sha256').update(name).digest('hex')
  return BigInt(`0x${hex}`).toString().slice(0, n)
}

/**
 * Codes behave by prefix unless registered with addCode:
 * - `ok-<name>` or `ok-<name>.<anything>` → user_id `2088` + 12 digits from `<name>`, open_id `ok-<name>` hashed.
 * - `bad-…` → error_response 40002 isv.code-invalid; `busy-…` → 20000 isp.unknow-error.
 * - anything else → isv.code-invalid. A second use of a code is isv.code-invalid too.
 * A request whose signature does not verify gets 40002 isv.invalid-signature.
 */
export async function startFakeAlipay(options: { appId?: string } = {}): Promise<FakeAlipay> {
  const appId = options.appId ?? '2021000000000001'
  const app = pair()
  const alipay = pair()
  const impostor = pair()
  const codes = new Map<string, AlipayUser>()
  const used = new Set<string>()
  const calls: AlipayCall[] = []
  let bad = false

  function respond(nodeName: string, node: Record<string, unknown>): string {
    const json = JSON.stringify(node)
    const signer = createSign('RSA-SHA256')
    signer.update(json, 'utf8')
    const sign = signer.sign(bad ? impostor.privateKey : alipay.privateKey, 'base64')
    return `{"${nodeName}":${json},"sign":"${sign}"}`
  }
  const error = (code: string, msg: string, subCode: string, subMsg: string) =>
    respond('error_response', { code, msg, sub_code: subCode, sub_msg: subMsg })

  function answer(params: Map<string, string>, signatureValid: boolean): string {
    if (!signatureValid) return error('40002', 'Invalid Arguments', 'isv.invalid-signature', '验签出错，建议检查签名字符串或签名私钥与应用公钥是否匹配')
    if (params.get('app_id') !== appId) return error('40002', 'Invalid Arguments', 'isv.invalid-app-id', '无效的AppID参数')
    if (params.get('method') !== 'alipay.system.oauth.token') {
      return error('40002', 'Invalid Arguments', 'isv.invalid-method', '不存在的方法名')
    }
    if (params.get('grant_type') !== 'authorization_code') {
      return error('40002', 'Invalid Arguments', 'isv.grant-type-invalid', 'grant_type参数不正确')
    }
    const code = params.get('code') ?? ''
    if (code.startsWith('busy-')) return error('20000', 'Service Currently Unavailable', 'isp.unknow-error', '系统繁忙')
    let user = codes.get(code)
    if (!user && code.startsWith('ok-')) {
      const name = code.slice(3).split('.')[0]
      user = { userId: `2088${digits(name, 12)}`, openId: `0${createHash('sha256').update(`open:${name}`).digest('hex').slice(0, 31)}` }
    }
    if (!user || used.has(code)) return error('40002', 'Invalid Arguments', 'isv.code-invalid', '授权码code无效')
    used.add(code)
    return respond('alipay_system_oauth_token_response', {
      user_id: user.userId,
      ...(user.openId ? { open_id: user.openId } : {}),
      access_token: `authusrB${randomBytes(16).toString('hex')}`,
      expires_in: 1296000,
      refresh_token: `authusrB${randomBytes(16).toString('hex')}`,
      re_expires_in: 2592000,
      auth_start: new Date().toISOString().replace('T', ' ').slice(0, 19),
    })
  }

  const server = await listen((req, body, res) => {
    const url = new URL(req.url ?? '/', 'http://fake')
    if (url.pathname !== '/gateway.do') return sendJson(res, 404, { error: 'not found' })
    const params = new Map<string, string>(url.searchParams)
    for (const [k, v] of new URLSearchParams(body)) params.set(k, v)
    let signatureValid = false
    const sign = params.get('sign')
    if (sign && params.get('sign_type') === 'RSA2') {
      const verifier = createVerify('RSA-SHA256')
      verifier.update(signContent(params), 'utf8')
      signatureValid = verifier.verify(app.publicKey, sign, 'base64')
    }
    const text = answer(params, signatureValid)
    calls.push({ method: params.get('method') ?? null, appId: params.get('app_id') ?? null, code: params.get('code') ?? null, signatureValid, answer: text })
    sendJson(res, 200, text, 'text/html;charset=utf-8')
  })

  return {
    url: `${server.url}/gateway.do`,
    appId,
    appPrivateKey: app.privateKey,
    appPublicKey: app.publicKey,
    alipayPublicKey: alipay.publicKey,
    calls,
    addCode: (code, user) => void codes.set(code, user),
    signBadly: (on = true) => {
      bad = on
    },
    close: server.close,
  }
}
