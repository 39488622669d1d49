// Parsing one environment variable at a time: each helper reads, checks and converts, and throws ConfigError naming the
// variable and what it expects (in Chinese). server/config.ts assembles the Config from them.
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { isIP } from 'node:net'
import path from 'node:path'
import { DEFAULT_DEADLINE_RULES, type DeadlineRules } from '@domain/workorder'
import type { LogLevel, NodeEnv, TrustProxy } from './types'

/** A bad environment variable: the message names it and says what is expected, in Chinese. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message)
    this.name = 'ConfigError'
  }
}

export type Env = Record<string, string | undefined>

export const NODE_ENVS: readonly NodeEnv[] = ['development', 'production', 'test']
export const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']
/** Names proxy-addr understands in place of addresses. */
const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal']

/** Demo template ids; a deployment sets its own from the WeChat console (订阅消息 → 我的模板). */
export const DEFAULT_NOTICE_TEMPLATES: Record<string, string> = {
  appointment_reminder: 'demo-tmpl-appointment-reminder',
  appointment_cancelled: 'demo-tmpl-appointment-cancelled',
  appointment_closed: 'demo-tmpl-appointment-closed',
  request_status: 'demo-tmpl-request-status',
}

export function noticeTemplates(env: Env): Record<string, string> {
  const raw = read(env, 'WECHAT_TEMPLATE_IDS')
  const out = { ...DEFAULT_NOTICE_TEMPLATES }
  if (raw === undefined) return out
  for (const pair of raw.split(',')) {
    const [name, id] = pair.split('=').map((x) => x.trim())
    if (!name || !id || !(name in DEFAULT_NOTICE_TEMPLATES)) {
      throw invalid('WECHAT_TEMPLATE_IDS', raw, `应为 名称=模板ID 的列表，名称为 ${Object.keys(DEFAULT_NOTICE_TEMPLATES).join('、')}`)
    }
    out[name] = id
  }
  return out
}

export function invalid(name: string, value: string, expected: string): ConfigError {
  return new ConfigError(name, `环境变量 ${name} 的值 "${value}" 无效：${expected}`)
}

/** The variable's value, or undefined when unset or blank. */
export function read(env: Env, name: string): string | undefined {
  const value = env[name]
  if (value === undefined) return undefined
  const trimmed = value.trim()
  return trimmed === '' ? undefined : trimmed
}

export function integer(env: Env, name: string, fallback: number, min: number, max: number, expected: string): number {
  const raw = read(env, name)
  if (raw === undefined) return fallback
  if (!/^\d+$/.test(raw)) throw invalid(name, raw, expected)
  const value = Number(raw)
  if (!Number.isSafeInteger(value) || value < min || value > max) throw invalid(name, raw, expected)
  return value
}

export function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = read(env, name)
  if (raw === undefined) return fallback
  if (!(allowed as readonly string[]).includes(raw)) throw invalid(name, raw, `应为 ${allowed.join('、')} 之一`)
  return raw as T
}

export function flag(env: Env, name: string): boolean {
  const raw = read(env, name)
  if (raw === undefined) return false
  const lower = raw.toLowerCase()
  if (lower === '1' || lower === 'true') return true
  if (lower === '0' || lower === 'false') return false
  throw invalid(name, raw, '应为 1 或 0')
}

export function databaseUrl(env: Env): string | null {
  const raw = read(env, 'DATABASE_URL')
  if (raw === undefined) return null
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    // The value may hold a password: do not echo it.
    throw new ConfigError('DATABASE_URL', '环境变量 DATABASE_URL 无效：不是合法的连接串，应形如 postgres://用户:密码@主机:5432/库名')
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError('DATABASE_URL', `环境变量 DATABASE_URL 无效：协议应为 postgres:// 或 postgresql://，而不是 ${url.protocol}//`)
  }
  return raw
}

export function trustProxy(env: Env): TrustProxy {
  const raw = read(env, 'TRUST_PROXY')
  if (raw === undefined) return false
  const lower = raw.toLowerCase()
  if (lower === '0' || lower === 'false') return false
  if (lower === '1' || lower === 'true') return true
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw)
    if (!Number.isSafeInteger(hops) || hops > 100) throw invalid('TRUST_PROXY', raw, '代理层数应为 2–100 之间的整数')
    return hops
  }
  const entries = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
  for (const entry of entries) {
    if (PROXY_NAMES.includes(entry)) continue
    const [address, prefix, extra] = entry.split('/')
    const version = isIP(address)
    const prefixOk =
      prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (version === 6 ? 128 : 32))
    if (version === 0 || !prefixOk || extra !== undefined) {
      throw invalid('TRUST_PROXY', raw, `"${entry}" 不是合法的 IP 地址或网段；应为 1、true、代理层数，或以逗号分隔的地址/网段`)
    }
  }
  return entries
}

export function httpUrl(env: Env, name: string, fallback: string | null): string | null {
  const raw = read(env, name) ?? fallback
  if (raw === null) return null
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw invalid(name, raw, '应为 http:// 或 https:// 开头的网址')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid(name, raw, '应为 http:// 或 https:// 开头的网址')
  return raw.replace(/\/+$/, '')
}

/** DATA_KEY: 32 bytes as base64 (44 characters) or hex (64 characters). Never echoed. */
export function dataKey(env: Env): Buffer | null {
  const raw = read(env, 'DATA_KEY')
  if (raw === undefined) return null
  const key = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64')
  if (key.length !== 32 || (!/^[0-9a-fA-F]{64}$/.test(raw) && !/^[A-Za-z0-9+/_-]{43}=?$/.test(raw))) {
    throw new ConfigError('DATA_KEY', '环境变量 DATA_KEY 无效：应为 32 字节的密钥，写成 base64（44 个字符）或十六进制（64 个字符），可用 openssl rand -base64 32 生成')
  }
  return key
}

/** A key variable's text: PEM (\n escapes allowed), bare base64, or the contents of the file it names; null when unset. */
function keyText(env: Env, name: string): string | null {
  const raw = read(env, name)
  if (raw === undefined) return null
  const text = raw.replace(/\\n/g, '\n')
  if (!text.includes('-----BEGIN') && (text.startsWith('/') || text.startsWith('.')) && existsSync(path.resolve(text))) {
    return readFileSync(path.resolve(text), 'utf8')
  }
  return text
}

/** A key given as PEM text (\n allowed), bare base64 DER, or a file path. Never echoed. */
export function rsaKey(env: Env, name: string, kind: 'private' | 'public'): KeyObject | null {
  const text = keyText(env, name)
  if (text === null) return null
  try {
    if (text.includes('-----BEGIN')) return kind === 'private' ? createPrivateKey(text) : createPublicKey(text)
    const der = Buffer.from(text.replace(/\s+/g, ''), 'base64')
    return kind === 'private'
      ? createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })
      : createPublicKey({ key: der, format: 'der', type: 'spki' })
  } catch {
    const what = kind === 'private' ? '应用私钥（PKCS#8 或 PKCS#1 的 PEM，或单行 base64）' : '支付宝公钥（PEM 或单行 base64）'
    throw new ConfigError(name, `环境变量 ${name} 无效：无法读取为${what}，也不是存在的密钥文件路径`)
  }
}

/** CITYCODE_SIGNING_KEY: an Ed25519 private key as PEM, base64 PKCS#8 or a file path. Never echoed. */
export function citycodeKey(env: Env): KeyObject | null {
  const text = keyText(env, 'CITYCODE_SIGNING_KEY')
  if (text === null) return null
  try {
    const key = text.includes('-----BEGIN')
      ? createPrivateKey(text)
      : createPrivateKey({ key: Buffer.from(text.replace(/\s+/g, ''), 'base64'), format: 'der', type: 'pkcs8' })
    if (key.asymmetricKeyType === 'ed25519') return key
  } catch {
    // fall through to the one message below
  }
  throw new ConfigError('CITYCODE_SIGNING_KEY', '环境变量 CITYCODE_SIGNING_KEY 无效：应为 Ed25519 私钥（PEM、单行 base64 PKCS#8 或文件路径），可用 npm run citycode -- new-key 生成')
}

/** CITYCODE_RETIRED_KEYS: `publicKey@ISO-time,…`. */
export function citycodeRetired(env: Env): { publicKey: string; retiredAt: Date }[] {
  const raw = read(env, 'CITYCODE_RETIRED_KEYS')
  if (raw === undefined) return []
  return raw.split(',').map((entry) => {
    const [publicKey, when] = entry.trim().split('@')
    const retiredAt = new Date(when ?? '')
    if (!/^[A-Za-z0-9_-]{43}$/.test(publicKey ?? '') || Number.isNaN(retiredAt.getTime())) {
      throw invalid('CITYCODE_RETIRED_KEYS', entry.trim(), '应为 公钥(43 位 base64url)@停用时间(ISO 8601)，以逗号分隔')
    }
    return { publicKey, retiredAt }
  })
}

/** REQUEST_DEADLINE_DAYS: `type=days,…` over the defaults (1–365 working days each). */
export function requestDeadlines(env: Env): DeadlineRules {
  const rules: DeadlineRules = { close: { ...DEFAULT_DEADLINE_RULES.close }, dispatch: DEFAULT_DEADLINE_RULES.dispatch }
  const raw = read(env, 'REQUEST_DEADLINE_DAYS')
  if (raw === undefined) return rules
  for (const pair of raw.split(',')) {
    const [name, days] = pair.split('=').map((x) => x.trim())
    const n = /^\d+$/.test(days ?? '') ? Number(days) : NaN
    if (!(n >= 1 && n <= 365) || !(name === 'dispatch' || name in rules.close)) {
      throw invalid('REQUEST_DEADLINE_DAYS', raw, '应为 类型=工作日天数 的列表（1–365），类型为 consult、help、suggestion、complaint、report 或 dispatch')
    }
    if (name === 'dispatch') rules.dispatch = n
    else rules.close[name as keyof DeadlineRules['close']] = n
  }
  return rules
}
