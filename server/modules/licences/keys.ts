// The e-licence signing key: Ed25519, kept in DATA_DIR/keys/licence.json (generated on first use, mode 0600) unless
// the routes are given one (tests, benches). Separate from the city code's key: one leaking does not forge the other.
import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { keyId, rawPublicKey } from './codec'

export interface LicenceKey {
  kid: string
  publicKey: string
  privateKey: KeyObject
}

export function licenceKeyFrom(privateKey: KeyObject): LicenceKey {
  const raw = rawPublicKey(privateKey)
  return { kid: keyId(raw), publicKey: raw.toString('base64url'), privateKey }
}

/** The key in `keysDir`/licence.json, created when missing. */
export function loadLicenceKey(keysDir: string): LicenceKey {
  const file = path.join(keysDir, 'licence.json')
  if (!existsSync(file)) {
    mkdirSync(keysDir, { recursive: true, mode: 0o700 })
    const pkcs8 = (generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }) as Buffer).toString('base64')
    const tmp = `${file}.${process.pid}.tmp`
    writeFileSync(tmp, `${JSON.stringify({ privateKey: pkcs8 })}\n`, { mode: 0o600 })
    chmodSync(tmp, 0o600)
    renameSync(tmp, file)
  }
  const { privateKey } = JSON.parse(readFileSync(file, 'utf8')) as { privateKey: string }
  return licenceKeyFrom(createPrivateKey({ key: Buffer.from(privateKey, 'base64'), format: 'der', type: 'pkcs8' }))
}
