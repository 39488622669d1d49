// Server configuration: read and validated from environment variables only (server/config/env.ts parses each,
// server/config/variables.ts documents them); loadConfig assembles the Config.
import path from 'node:path'
import {
  ConfigError,
  LOG_LEVELS,
  NODE_ENVS,
  citycodeKey,
  citycodeRetired,
  dataKey,
  databaseUrl,
  flag,
  httpUrl,
  integer,
  noticeTemplates,
  oneOf,
  read,
  requestDeadlines,
  rsaKey,
  trustProxy,
  type Env,
} from './config/env'
import type { Config } from './config/types'
import { PRODUCTION_SECRETS } from './config/variables'

export { ConfigError, DEFAULT_NOTICE_TEMPLATES } from './config/env'
export type { Config, LogLevel, NodeEnv, TrustProxy } from './config/types'
export { CONFIG_VARIABLES, type ConfigVariable } from './config/variables'

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
    ratings: { rectifyDays: integer(env, 'RECTIFY_DAYS', 5, 1, 60, '应为 1–60 之间的整数（工作日）') },
    rateLimit: {
      perMinute: positive('RATE_LIMIT_PER_MINUTE', 600),
      authPerMinute: positive('AUTH_RATE_LIMIT_PER_MINUTE', 30),
      smsPerIpPerHour: positive('SMS_PER_IP_PER_HOUR', 30),
      /** Seconds between two codes to one phone. */
      smsCooldownSeconds: integer(env, 'SMS_COOLDOWN_SECONDS', 60, 1, 600, '应为 1–600 之间的整数（秒）'),
    },
    citycode: { signingKey: citycodeKey(env), retiredKeys: citycodeRetired(env) },
  }
}
