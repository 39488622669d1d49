// Server configuration: read and validated from environment variables only, plus the table documenting them.
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { isIP } from 'node:net'
import path from 'node:path'
import { DEFAULT_DEADLINE_RULES, type DeadlineRules } from '@domain/workorder'

export type NodeEnv = 'development' | 'production' | 'test'
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
/** What fastify's `trustProxy` accepts from us: off, trust every hop, a hop count, or addresses/CIDRs. */
export type TrustProxy = boolean | number | string[]

export interface Config {
  port: number
  host: string
  /** PostgreSQL connection string; null means the embedded PGlite in `pgliteDir`. */
  databaseUrl: string | null
  /** PostgreSQL connections this node keeps at most (DATABASE_POOL_SIZE). */
  poolSize: number
  /** Absolute path of DATA_DIR. */
  dataDir: string
  /** Where PGlite keeps its files: DATA_DIR/pglite. */
  pgliteDir: string
  /** Uploaded files (photos attached to requests): DATA_DIR/uploads. */
  uploadsDir: string
  /** Keys the server generates on first start (signing, encryption): DATA_DIR/keys. */
  keysDir: string
  nodeEnv: NodeEnv
  /** DEMO=1: load sample data on start. */
  demo: boolean
  trustProxy: TrustProxy
  /** Largest accepted request body in bytes. */
  bodyLimit: number
  logLevel: LogLevel
  /** Absolute path of the built H5 app served at `/`. */
  h5Dir: string
  /** DATA_KEY: 32 bytes; null in embedded/dev mode means DATA_DIR/keys/data.key (generated on first start). */
  dataKey: Buffer | null
  /** WeChat mini-program sign-in; null when WECHAT_APPID/WECHAT_SECRET are unset (then /api/auth/wechat answers 503). */
  wechat: { appid: string; secret: string; apiBase: string } | null
  /** Alipay mini-program sign-in; null when not configured. */
  alipay: { appId: string; privateKey: KeyObject; alipayPublicKey: KeyObject; gateway: string } | null
  /** SMS gateway; null means no gateway (codes are printed to the log only in demo mode). */
  sms: { url: string; key: string } | null
  /** WeChat subscribe-message template ids by OneStop notice name (WECHAT_TEMPLATE_IDS). */
  noticeTemplates: Record<string, string>
  /** JOBS=0: this node runs no background jobs (reminders, outbox, deadlines); another node must. */
  jobs: boolean
  /** 12345 deadlines in working days per request type, and to dispatch (REQUEST_DEADLINE_DAYS). */
  requestDeadlines: DeadlineRules
  /** 预约 no-shows: `noShowLimit` within `noShowWindowDays` block new bookings for `blockDays`. */
  appointments: { noShowLimit: number; noShowWindowDays: number; blockDays: number }
  rateLimit: {
    /** Requests per minute per client address on every route. */
    perMinute: number
    /** Requests per minute per client address on /api/auth/*. */
    authPerMinute: number
    /** SMS codes per hour per client address (across all phones). */
    smsPerIpPerHour: number
  }
  /** City-code (一码通城) signing: null signingKey means DATA_DIR/keys/citycode.json (generated; not in production). */
  citycode: { signingKey: KeyObject | null; retiredKeys: { publicKey: string; retiredAt: Date }[] }
}

export interface ConfigVariable {
  name: string
  /** The default as a person would read it. */
  default: string
  description: string
}

/** Every environment variable the server reads; the README's table must list the same ones. */
export const CONFIG_VARIABLES: readonly ConfigVariable[] = [
  { name: 'PORT', default: '8080', description: 'HTTP 监听端口（0–65535，0 表示随机端口）' },
  { name: 'HOST', default: '0.0.0.0', description: 'HTTP 监听地址' },
  {
    name: 'DATABASE_URL',
    default: '（不设置）',
    description: 'PostgreSQL 连接串（postgres://…）；不设置时使用内置的 PGlite，数据保存在 DATA_DIR/pglite',
  },
  {
    name: 'DATABASE_POOL_SIZE',
    default: '10',
    description: '每个节点到 PostgreSQL 的最大连接数；数据库所在机器每个 CPU 核约 3–5 个为宜（2 核压测：6–10 最快，20 反而更慢）',
  },
  {
    name: 'DATA_DIR',
    default: '.data',
    description: '数据目录（相对于启动目录）：PGlite 数据文件、上传文件和自动生成的密钥都放在这里',
  },
  { name: 'NODE_ENV', default: 'development', description: '运行环境：development、production 或 test' },
  { name: 'DEMO', default: '0', description: '设为 1 时启动时载入演示数据' },
  {
    name: 'TRUST_PROXY',
    default: '（不信任）',
    description:
      '前面有反向代理时设置：1 或 true 表示信任全部代理；2 及以上的整数表示信任的代理层数；或以逗号分隔的代理地址/网段（如 127.0.0.1,10.0.0.0/8）',
  },
  { name: 'BODY_LIMIT', default: '1048576', description: '请求体大小上限（字节），默认 1 MiB' },
  { name: 'LOG_LEVEL', default: 'info', description: '日志级别：fatal、error、warn、info、debug、trace 或 silent' },
  { name: 'H5_DIR', default: 'dist/h5', description: '已构建的 H5 应用目录（相对于启动目录），在 / 下提供' },
  {
    name: 'DATA_KEY',
    default: '（自动生成）',
    description: '加密身份证号、手机号、姓名的主密钥：32 字节，base64 或 64 位十六进制；未设置时在 DATA_DIR/keys/data.key 生成（权限 0600），生产环境必须设置',
  },
  { name: 'WECHAT_APPID', default: '（不设置）', description: '微信小程序 AppID（生产环境必需）' },
  { name: 'WECHAT_SECRET', default: '（不设置）', description: '微信小程序 AppSecret（生产环境必需，不会写入日志）' },
  { name: 'WECHAT_API_BASE', default: 'https://api.weixin.qq.com', description: '微信接口地址（测试时指向本地模拟服务）' },
  { name: 'ALIPAY_APPID', default: '（不设置）', description: '支付宝小程序 AppID（生产环境必需）' },
  {
    name: 'ALIPAY_PRIVATE_KEY',
    default: '（不设置）',
    description: '应用私钥（RSA2）：PEM 文本（可用 \\n 表示换行）、支付宝工具生成的单行 base64（PKCS#8），或私钥文件的路径',
  },
  { name: 'ALIPAY_PUBLIC_KEY', default: '（不设置）', description: '支付宝公钥（验证支付宝应答签名）：PEM、单行 base64 或文件路径' },
  { name: 'ALIPAY_GATEWAY', default: 'https://openapi.alipay.com/gateway.do', description: '支付宝开放平台网关地址' },
  { name: 'SMS_GATEWAY_URL', default: '（不设置）', description: '短信网关地址（协议见 README）；不设置且 DEMO=1 时验证码只打印在服务日志中' },
  { name: 'SMS_GATEWAY_KEY', default: '（不设置）', description: '短信网关密钥，用于请求的 HMAC-SHA256 签名（设置 SMS_GATEWAY_URL 时必需）' },
  {
    name: 'WECHAT_TEMPLATE_IDS',
    default: '（演示用模板编号）',
    description:
      '微信订阅消息模板编号，格式 名称=模板ID，以逗号分隔；名称为 appointment_reminder、appointment_cancelled、appointment_closed、request_status',
  },
  {
    name: 'REQUEST_DEADLINE_DAYS',
    default: 'consult=2,help=10,suggestion=10,complaint=15,report=15,dispatch=1',
    description: '12345 诉求办理时限（工作日），格式 类型=天数，以逗号分隔，可只写要改的；类型为 consult、help、suggestion、complaint、report，dispatch 为派单时限',
  },
  { name: 'JOBS', default: '1', description: '设为 0 时本节点不运行后台任务（预约提醒、消息发送、诉求时限）；多节点部署时至少一个节点保持 1' },
  { name: 'RATE_LIMIT_PER_MINUTE', default: '600', description: '每个客户端地址每分钟的请求上限（全部接口）' },
  { name: 'AUTH_RATE_LIMIT_PER_MINUTE', default: '30', description: '每个客户端地址每分钟登录类接口（/api/auth/*）的请求上限' },
  { name: 'SMS_PER_IP_PER_HOUR', default: '30', description: '每个客户端地址每小时可请求的短信验证码数量' },
  { name: 'NO_SHOW_LIMIT', default: '3', description: '预约未到场达到此次数（在 NO_SHOW_WINDOW_DAYS 天内）即暂停预约' },
  { name: 'NO_SHOW_WINDOW_DAYS', default: '90', description: '统计预约未到场次数的天数' },
  { name: 'NO_SHOW_BLOCK_DAYS', default: '30', description: '未到场次数达到上限后暂停预约的天数' },
  {
    name: 'CITYCODE_SIGNING_KEY',
    default: '（自动生成）',
    description: '一码通城的 Ed25519 签名私钥：PEM、单行 base64（PKCS#8）或文件路径；未设置时在 DATA_DIR/keys/citycode.json 生成（权限 0600），生产环境必须设置',
  },
  {
    name: 'CITYCODE_RETIRED_KEYS',
    default: '（无）',
    description: '已停用但仍需验证的一码通城公钥，格式 公钥(base64url)@停用时间(ISO 8601)，以逗号分隔；它们签发的码在到期前仍有效',
  },
]

/** What a production start needs; all missing ones are named in one message. */
const PRODUCTION_SECRETS = [
  'DATA_KEY',
  'WECHAT_APPID',
  'WECHAT_SECRET',
  'ALIPAY_APPID',
  'ALIPAY_PRIVATE_KEY',
  'ALIPAY_PUBLIC_KEY',
  'SMS_GATEWAY_URL',
  'SMS_GATEWAY_KEY',
  'CITYCODE_SIGNING_KEY',
]

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

type Env = Record<string, string | undefined>

const NODE_ENVS: readonly NodeEnv[] = ['development', 'production', 'test']
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']
/** Names proxy-addr understands in place of addresses. */
const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal']

/** Demo template ids; a deployment sets its own from the WeChat console (订阅消息 → 我的模板). */
export const DEFAULT_NOTICE_TEMPLATES: Record<string, string> = {
  appointment_reminder: 'demo-tmpl-appointment-reminder',
  appointment_cancelled: 'demo-tmpl-appointment-cancelled',
  appointment_closed: 'demo-tmpl-appointment-closed',
  request_status: 'demo-tmpl-request-status',
}

function noticeTemplates(env: Env): Record<string, string> {
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

function invalid(name: string, value: string, expected: string): ConfigError {
  return new ConfigError(name, `环境变量 ${name} 的值 "${value}" 无效：${expected}`)
}

/** The variable's value, or undefined when unset or blank. */
function read(env: Env, name: string): string | undefined {
  const value = env[name]
  if (value === undefined) return undefined
  const trimmed = value.trim()
  return trimmed === '' ? undefined : trimmed
}

function integer(env: Env, name: string, fallback: number, min: number, max: number, expected: string): number {
  const raw = read(env, name)
  if (raw === undefined) return fallback
  if (!/^\d+$/.test(raw)) throw invalid(name, raw, expected)
  const value = Number(raw)
  if (!Number.isSafeInteger(value) || value < min || value > max) throw invalid(name, raw, expected)
  return value
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = read(env, name)
  if (raw === undefined) return fallback
  if (!(allowed as readonly string[]).includes(raw)) throw invalid(name, raw, `应为 ${allowed.join('、')} 之一`)
  return raw as T
}

function flag(env: Env, name: string): boolean {
  const raw = read(env, name)
  if (raw === undefined) return false
  const lower = raw.toLowerCase()
  if (lower === '1' || lower === 'true') return true
  if (lower === '0' || lower === 'false') return false
  throw invalid(name, raw, '应为 1 或 0')
}

function databaseUrl(env: Env): string | null {
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

function trustProxy(env: Env): TrustProxy {
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

function httpUrl(env: Env, name: string, fallback: string | null): string | null {
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
function dataKey(env: Env): Buffer | null {
  const raw = read(env, 'DATA_KEY')
  if (raw === undefined) return null
  const key = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64')
  if (key.length !== 32 || (!/^[0-9a-fA-F]{64}$/.test(raw) && !/^[A-Za-z0-9+/_-]{43}=?$/.test(raw))) {
    throw new ConfigError('DATA_KEY', '环境变量 DATA_KEY 无效：应为 32 字节的密钥，写成 base64（44 个字符）或十六进制（64 个字符），可用 openssl rand -base64 32 生成')
  }
  return key
}

/** A key given as PEM text (\n allowed), bare base64 DER, or a file path. Never echoed. */
function rsaKey(env: Env, name: string, kind: 'private' | 'public'): KeyObject | null {
  const raw = read(env, name)
  if (raw === undefined) return null
  let text = raw.replace(/\\n/g, '\n')
  if (!text.includes('-----BEGIN') && (text.startsWith('/') || text.startsWith('.')) && existsSync(path.resolve(text))) {
    text = readFileSync(path.resolve(text), 'utf8')
  }
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
function citycodeKey(env: Env): KeyObject | null {
  const raw = read(env, 'CITYCODE_SIGNING_KEY')
  if (raw === undefined) return null
  let text = raw.replace(/\\n/g, '\n')
  if (!text.includes('-----BEGIN') && (text.startsWith('/') || text.startsWith('.')) && existsSync(path.resolve(text))) {
    text = readFileSync(path.resolve(text), 'utf8')
  }
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
function citycodeRetired(env: Env): { publicKey: string; retiredAt: Date }[] {
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
function requestDeadlines(env: Env): DeadlineRules {
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

/** Reads and validates the configuration; throws ConfigError naming the first bad variable. */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  const port = integer(env, 'PORT', 8080, 0, 65535, '应为 0–65535 之间的整数')
  const host = read(env, 'HOST') ?? '0.0.0.0'
  const dataDir = path.resolve(cwd, read(env, 'DATA_DIR') ?? '.data')
  const nodeEnv = oneOf(env, 'NODE_ENV', NODE_ENVS, 'development')
  const bodyLimit = integer(env, 'BODY_LIMIT', 1024 * 1024, 1, 1024 * 1024 * 1024, '应为 1 到 1073741824 之间的整数（字节）')
  const logLevel = oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info')
  const demo = flag(env, 'DEMO')
  if (nodeEnv === 'production') {
    if (demo) {
      throw new ConfigError('DEMO', '生产环境（NODE_ENV=production）不能载入演示数据：演示数据含有公开的工作人员密码，请去掉 DEMO=1')
    }
    const missing = PRODUCTION_SECRETS.filter((name) => read(env, name) === undefined)
    if (missing.length) {
      throw new ConfigError(missing[0], `生产环境（NODE_ENV=production）缺少必需的环境变量：${missing.join('、')}。请设置后再启动（说明见 README 的 Environment variables 一节）`)
    }
  }
  const wechatAppid = read(env, 'WECHAT_APPID')
  const wechatSecret = read(env, 'WECHAT_SECRET')
  const wechatBase = httpUrl(env, 'WECHAT_API_BASE', 'https://api.weixin.qq.com') as string
  const alipayAppId = read(env, 'ALIPAY_APPID')
  const alipayPrivate = rsaKey(env, 'ALIPAY_PRIVATE_KEY', 'private')
  const alipayPublic = rsaKey(env, 'ALIPAY_PUBLIC_KEY', 'public')
  const alipayGateway = httpUrl(env, 'ALIPAY_GATEWAY', 'https://openapi.alipay.com/gateway.do') as string
  const smsUrl = httpUrl(env, 'SMS_GATEWAY_URL', null)
  const smsKey = read(env, 'SMS_GATEWAY_KEY')
  if (smsUrl && !smsKey) throw new ConfigError('SMS_GATEWAY_KEY', '已设置 SMS_GATEWAY_URL，但缺少 SMS_GATEWAY_KEY（短信网关密钥）')
  const positive = (name: string, fallback: number) => integer(env, name, fallback, 1, 1_000_000, '应为 1–1000000 之间的整数')
  return {
    port,
    host,
    databaseUrl: databaseUrl(env),
    poolSize: positive('DATABASE_POOL_SIZE', 10),
    dataDir,
    pgliteDir: path.join(dataDir, 'pglite'),
    uploadsDir: path.join(dataDir, 'uploads'),
    keysDir: path.join(dataDir, 'keys'),
    nodeEnv,
    demo,
    trustProxy: trustProxy(env),
    bodyLimit,
    logLevel,
    h5Dir: path.resolve(cwd, read(env, 'H5_DIR') ?? 'dist/h5'),
    dataKey: dataKey(env),
    wechat: wechatAppid && wechatSecret ? { appid: wechatAppid, secret: wechatSecret, apiBase: wechatBase } : null,
    alipay:
      alipayAppId && alipayPrivate && alipayPublic
        ? { appId: alipayAppId, privateKey: alipayPrivate, alipayPublicKey: alipayPublic, gateway: alipayGateway }
        : null,
    sms: smsUrl && smsKey ? { url: smsUrl, key: smsKey } : null,
    noticeTemplates: noticeTemplates(env),
    jobs: read(env, 'JOBS') === undefined ? true : flag(env, 'JOBS'),
    requestDeadlines: requestDeadlines(env),
    appointments: {
      noShowLimit: integer(env, 'NO_SHOW_LIMIT', 3, 1, 100, '应为 1–100 之间的整数'),
      noShowWindowDays: integer(env, 'NO_SHOW_WINDOW_DAYS', 90, 1, 3650, '应为 1–3650 之间的整数'),
      blockDays: integer(env, 'NO_SHOW_BLOCK_DAYS', 30, 1, 3650, '应为 1–3650 之间的整数'),
    },
    rateLimit: {
      perMinute: positive('RATE_LIMIT_PER_MINUTE', 600),
      authPerMinute: positive('AUTH_RATE_LIMIT_PER_MINUTE', 30),
      smsPerIpPerHour: positive('SMS_PER_IP_PER_HOUR', 30),
    },
    citycode: { signingKey: citycodeKey(env), retiredKeys: citycodeRetired(env) },
  }
}
