// The server's configuration as the rest of the server sees it (server/config.ts builds it from the environment).
import type { KeyObject } from 'node:crypto'
import type { DeadlineRules } from '@domain/workorder'

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
  /** 好差评: working days a department has for the 整改 a 差评 opens. */
  ratings: { rectifyDays: number }
  rateLimit: {
    /** Requests per minute per client address on every route. */
    perMinute: number
    /** Requests per minute per client address on /api/auth/*. */
    authPerMinute: number
    /** SMS codes per hour per client address (across all phones). */
    smsPerIpPerHour: number
    /** Seconds before a second SMS code to the same phone (SMS_COOLDOWN_SECONDS, default 60). */
    smsCooldownSeconds: number
  }
  /** City-code (一码通城) signing: null signingKey means DATA_DIR/keys/citycode.json (generated; not in production). */
  citycode: { signingKey: KeyObject | null; retiredKeys: { publicKey: string; retiredAt: Date }[] }
}
