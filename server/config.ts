// Server configuration: read and validated from environment variables only, plus the table documenting them.
import { isIP } from 'node:net'
import path from 'node:path'

export type NodeEnv = 'development' | 'production' | 'test'
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
/** What fastify's `trustProxy` accepts from us: off, trust every hop, a hop count, or addresses/CIDRs. */
export type TrustProxy = boolean | number | string[]

export interface Config {
  port: number
  host: string
  /** PostgreSQL connection string; null means the embedded PGlite in `pgliteDir`. */
  databaseUrl: string | null
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

/** Reads and validates the configuration; throws ConfigError naming the first bad variable. */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  const port = integer(env, 'PORT', 8080, 0, 65535, '应为 0–65535 之间的整数')
  const host = read(env, 'HOST') ?? '0.0.0.0'
  const dataDir = path.resolve(cwd, read(env, 'DATA_DIR') ?? '.data')
  const nodeEnv = oneOf(env, 'NODE_ENV', NODE_ENVS, 'development')
  const bodyLimit = integer(env, 'BODY_LIMIT', 1024 * 1024, 1, 1024 * 1024 * 1024, '应为 1 到 1073741824 之间的整数（字节）')
  const logLevel = oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info')
  return {
    port,
    host,
    databaseUrl: databaseUrl(env),
    dataDir,
    pgliteDir: path.join(dataDir, 'pglite'),
    uploadsDir: path.join(dataDir, 'uploads'),
    keysDir: path.join(dataDir, 'keys'),
    nodeEnv,
    demo: flag(env, 'DEMO'),
    trustProxy: trustProxy(env),
    bodyLimit,
    logLevel,
    h5Dir: path.resolve(cwd, read(env, 'H5_DIR') ?? 'dist/h5'),
  }
}
