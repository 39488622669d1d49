// City-code signing keys: the active Ed25519 key and the retired ones still published, from config (production) or
// DATA_DIR/keys/citycode.json (generated on first use, mode 0600), with rotation for the file-backed store.
import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Config } from '../../config'
import { keyId, rawPublicKey, type PublicCityKey } from './codec'

export interface CityKey {
  kid: string
  /** Raw public key, base64url. */
  publicKey: string
  /** Only for the active key and file-backed retired keys. */
  privateKey: KeyObject | null
  createdAt: Date | null
  retiredAt: Date | null
}

export interface CityKeyStore {
  /** The key that signs new codes. */
  active(): CityKey & { privateKey: KeyObject }
  /** Every key a verifier may meet: active first, then retired ones. */
  all(): CityKey[]
  /** As published to verifiers (retiredAt in Unix seconds). */
  published(): PublicCityKey[]
  /** Retires the active key at `now` and starts signing with a new one (file-backed store only). */
  rotate(now: Date): CityKey
  /** Bumped on every change, so verifiers can rebuild. */
  readonly generation: number
}

interface FileEntry {
  privateKey: string
  createdAt: string
  retiredAt: string | null
}

function fromPrivate(privateKey: KeyObject, createdAt: Date | null, retiredAt: Date | null): CityKey {
  const raw = rawPublicKey(privateKey)
  return { kid: keyId(raw), publicKey: raw.toString('base64url'), privateKey, createdAt, retiredAt }
}

function pkcs8(key: KeyObject): string {
  return (key.export({ format: 'der', type: 'pkcs8' }) as Buffer).toString('base64')
}

/** A new Ed25519 private key as one-line base64 PKCS#8 (what CITYCODE_SIGNING_KEY accepts). */
export function newSigningKeyText(): string {
  return pkcs8(generateKeyPairSync('ed25519').privateKey)
}

/** The path of the file-backed store. */
export function keyFile(config: Pick<Config, 'keysDir'>): string {
  return path.join(config.keysDir, 'citycode.json')
}

function writeEntries(file: string, entries: FileEntry[]): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 })
  const tmp = `${file}.${process.pid}.tmp`
  writeFileSync(tmp, `${JSON.stringify({ keys: entries }, null, 2)}\n`, { mode: 0o600 })
  chmodSync(tmp, 0o600)
  renameSync(tmp, file)
}

function readEntries(file: string): FileEntry[] {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { keys?: FileEntry[] }
  if (!Array.isArray(parsed.keys) || parsed.keys.length === 0) throw new Error(`${file}: no keys`)
  return parsed.keys
}

/**
 * The key store for `config`: CITYCODE_SIGNING_KEY (+ CITYCODE_RETIRED_KEYS) when set; otherwise the file,
 * created on first use. Production without CITYCODE_SIGNING_KEY never gets here (loadConfig refuses).
 */
export function createKeyStore(config: Pick<Config, 'keysDir' | 'citycode'>, now: () => Date = () => new Date()): CityKeyStore {
  const fromConfig = config.citycode.signingKey
  const file = keyFile(config)
  let keys: CityKey[] = []
  let generation = 0

  function load(): void {
    if (fromConfig) {
      keys = [fromPrivate(fromConfig, null, null)]
      for (const r of config.citycode.retiredKeys) {
        keys.push({ kid: keyId(Buffer.from(r.publicKey, 'base64url')), publicKey: r.publicKey, privateKey: null, createdAt: null, retiredAt: r.retiredAt })
      }
    } else {
      if (!existsSync(file)) {
        writeEntries(file, [{ privateKey: newSigningKeyText(), createdAt: now().toISOString(), retiredAt: null }])
      }
      const entries = readEntries(file)
      keys = entries
        .map((e) =>
          fromPrivate(
            createPrivateKey({ key: Buffer.from(e.privateKey, 'base64'), format: 'der', type: 'pkcs8' }),
            new Date(e.createdAt),
            e.retiredAt ? new Date(e.retiredAt) : null,
          ),
        )
        // active (not retired) first, newest first
        .sort((a, b) => Number(a.retiredAt !== null) - Number(b.retiredAt !== null) || (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0))
    }
    if (!keys[0] || keys[0].retiredAt || !keys[0].privateKey) throw new Error('城市码没有可用的签名密钥')
    generation++
  }

  let loaded = false
  const ensure = () => {
    if (!loaded) {
      load()
      loaded = true
    }
  }

  return {
    get generation() {
      ensure()
      return generation
    },
    active() {
      ensure()
      return keys[0] as CityKey & { privateKey: KeyObject }
    },
    all() {
      ensure()
      return keys
    },
    published() {
      ensure()
      return keys.map((k) => ({ kid: k.kid, publicKey: k.publicKey, retiredAt: k.retiredAt ? Math.floor(k.retiredAt.getTime() / 1000) : null }))
    },
    rotate(at) {
      if (fromConfig) throw new Error('密钥来自配置：请把旧公钥加入 CITYCODE_RETIRED_KEYS，并设置新的 CITYCODE_SIGNING_KEY')
      ensure()
      const entries = readEntries(file).map((e) => (e.retiredAt ? e : { ...e, retiredAt: at.toISOString() }))
      entries.push({ privateKey: newSigningKeyText(), createdAt: at.toISOString(), retiredAt: null })
      writeEntries(file, entries)
      load()
      return keys[0]
    },
  }
}
