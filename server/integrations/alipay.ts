// Alipay mini-program sign-in: authCode → user_id via alipay.system.oauth.token, RSA2-signed request, response signature verified.
import { createSign, createVerify } from 'node:crypto'
import type { Config } from '../config'
import { AppError } from '../errors'
import { fetchText, upstreamBusy } from './upstream'

export interface AlipayIdentity {
  userId: string
  openId?: string
}

const METHOD = 'alipay.system.oauth.token'
const RESPONSE_NODE = 'alipay_system_oauth_token_response'

/** 'yyyy-MM-dd HH:mm:ss' in China time, as the gateway expects. */
function timestamp(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19)
}

/** Every parameter but `sign` with a value, sorted by name, joined as k=v&… (raw values). */
export function alipaySignContent(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((k) => k !== 'sign' && params[k] !== '')
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&')
}

/**
 * The exact JSON text of `"name": {…}` in a response, as signed by Alipay (re-serialising would change it).
 * Scans braces outside strings.
 */
export function extractNode(text: string, name: string): string | null {
  const key = `"${name}"`
  const at = text.indexOf(key)
  if (at === -1) return null
  let i = text.indexOf('{', at + key.length)
  if (i === -1 || text.slice(at + key.length, i).trim() !== ':') return null
  const start = i
  let depth = 0
  let inString = false
  for (; i < text.length; i++) {
    const c = text[i]
    if (inString) {
      if (c === '\\') i++
      else if (c === '"') inString = false
    } else if (c === '"') inString = true
    else if (c === '{') depth++
    else if (c === '}' && --depth === 0) return text.slice(start, i + 1)
  }
  return null
}

const signatureInvalid = () =>
  new AppError(502, 'ALIPAY_SIGNATURE_INVALID', '支付宝返回的数据未通过签名校验，已拒绝。请稍后重试，如持续出现请联系客服')

export async function alipayAuthCodeToUser(config: NonNullable<Config['alipay']>, authCode: string, now: Date): Promise<AlipayIdentity> {
  const params: Record<string, string> = {
    app_id: config.appId,
    method: METHOD,
    format: 'JSON',
    charset: 'utf-8',
    sign_type: 'RSA2',
    timestamp: timestamp(now),
    version: '1.0',
    grant_type: 'authorization_code',
    code: authCode,
  }
  const signer = createSign('RSA-SHA256')
  signer.update(alipaySignContent(params), 'utf8')
  params.sign = signer.sign(config.privateKey, 'base64')

  const { status, text } = await fetchText('支付宝服务', config.gateway, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
    body: new URLSearchParams(params).toString(),
  })
  if (status !== 200) throw upstreamBusy('支付宝服务')

  const nodeName = extractNode(text, RESPONSE_NODE) !== null ? RESPONSE_NODE : 'error_response'
  const node = extractNode(text, nodeName)
  let sign: unknown
  try {
    sign = (JSON.parse(text) as { sign?: unknown }).sign
  } catch {
    throw upstreamBusy('支付宝服务')
  }
  if (node === null || typeof sign !== 'string') throw signatureInvalid()
  const verifier = createVerify('RSA-SHA256')
  verifier.update(node, 'utf8')
  if (!verifier.verify(config.alipayPublicKey, sign, 'base64')) throw signatureInvalid()

  const body = JSON.parse(node) as { user_id?: unknown; open_id?: unknown; code?: unknown; sub_code?: unknown }
  if (nodeName === 'error_response' || (body.code !== undefined && body.code !== '10000')) {
    if (body.sub_code === 'isv.code-invalid') {
      throw new AppError(401, 'ALIPAY_CODE_INVALID', '支付宝授权码无效或已使用，请重新进入小程序后再试')
    }
    throw upstreamBusy('支付宝服务')
  }
  const userId = typeof body.user_id === 'string' && body.user_id ? body.user_id : undefined
  const openId = typeof body.open_id === 'string' && body.open_id ? body.open_id : undefined
  if (!userId && !openId) throw upstreamBusy('支付宝服务')
  return { userId: (userId ?? openId) as string, ...(openId ? { openId } : {}) }
}
