// Protecting personal data at rest: the data key (env or generated file), AES-256-GCM sealing and HMAC lookup keys, both derived with HKDF.
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Config } from '../config'

export class KeyError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'KeyError'
  }
}

/**
 * The key from DATA_KEY, or (embedded/dev mode only) DATA_DIR/keys/data.key, created with mode 0600 on
 * first start and reused afterwards. Production refuses to run without DATA_KEY (loadConfig checks).
 */
export function loadDataKey(config: Pick<Config, 'dataKey' | 'keysDir' | 'nodeEnv'>): Buffer {
  if (config.dataKey) return config.dataKey
  if (config.nodeEnv === 'production') throw new KeyError('生产环境必须设置 DATA_KEY')
  const file = path.join(config.keysDir, 'data.key')
  if (existsSync(file)) {
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')
    if (key.length !== 32) throw new KeyError(`密钥文件 ${file} 已损坏（应为 32 字节的 base64）；如果数据可以丢弃，删除数据目录后重新启动`)
    return key
  }
  mkdirSync(config.keysDir, { recursive: true, mode: 0o700 })
  const key = randomBytes(32)
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' })
  chmodSync(file, 0o600)
  return key
}

/** What a column holds; used as AES-GCM associated data so a value cannot be moved to another column. */
export type SealPurpose = 'users.phone' | 'users.name' | 'users.id_number' | 'identities.subject' | 'requests.contact_phone' | 'requests.contact_name'
/** HMAC domains, so equal inputs in different roles give unrelated digests. */
export type LookupPurpose = 'phone' | 'id_number' | 'identity' | 'sms_code' | 'ip' | 'staff_username' | 'upload_url'

export interface DataCrypto {
  /** AES-256-GCM: 'v1.' + base64url(iv 12 ‖ tag 16 ‖ ciphertext). */
  seal(purpose: SealPurpose, plaintext: string): string
  open(purpose: SealPurpose, sealed: string): string
  /** Hex HMAC-SHA256 under the lookup key, for equality lookups and unique constraints. */
  lookup(purpose: LookupPurpose, value: string): string
}

const VERSION = 'v1.'

export function createDataCrypto(dataKey: Buffer): DataCrypto {
  const salt = Buffer.from('onestop data key v1')
  const encKey = Buffer.from(hkdfSync('sha256', dataKey, salt, 'aes-256-gcm personal data', 32))
  const macKey = Buffer.from(hkdfSync('sha256', dataKey, salt, 'hmac-sha256 lookups', 32))
  return {
    seal(purpose, plaintext) {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', encKey, iv)
      cipher.setAAD(Buffer.from(purpose))
      const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
      return VERSION + Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64url')
    },
    open(purpose, sealed) {
      if (!sealed.startsWith(VERSION)) throw new KeyError('无法识别的加密数据格式')
      const raw = Buffer.from(sealed.slice(VERSION.length), 'base64url')
      const decipher = createDecipheriv('aes-256-gcm', encKey, raw.subarray(0, 12))
      decipher.setAAD(Buffer.from(purpose))
      decipher.setAuthTag(raw.subarray(12, 28))
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')
    },
    lookup(purpose, value) {
      return createHmac('sha256', macKey).update(`${purpose}\0${value}`).digest('hex')
    },
  }
}

/** Session tokens: 32 random bytes, base64url; the database only ever sees the SHA-256. */
export function newToken(): string {
  return randomBytes(32).toString('base64url')
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}
