// City-code CLI: `verify <code> --scene <scene> [--keys url|file]` checks a code offline with the published public keys;
// `new-key` prints an Ed25519 key for CITYCODE_SIGNING_KEY; `rotate-key` retires the DATA_DIR key and starts a new one.
import { readFileSync } from 'node:fs'
import { loadConfig } from '../server/config'
import { createKeyStore, newSigningKeyText } from '../server/modules/citycode/keys'
import { createVerifier, isCityScene, REASON_LABELS, SCENE_LABELS, type PublicCityKey } from '../server/modules/citycode/codec'
import type { CityKeyList } from '@contract/citycode'

const USAGE = `用法：
  npm run citycode -- verify <码> --scene <场景> [--keys <公钥网址或文件>]
      场景：${Object.entries(SCENE_LABELS).map(([k, v]) => `${k}（${v}）`).join('、')}
      --keys 默认 http://localhost:8080/api/citycode/keys；也可以是保存下来的 JSON 文件
  npm run citycode -- new-key      生成一把 Ed25519 私钥（用于 CITYCODE_SIGNING_KEY）
  npm run citycode -- rotate-key   停用 DATA_DIR 中的当前密钥并启用新密钥（重启服务后生效）`

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : undefined
}

async function loadKeys(source: string): Promise<PublicCityKey[]> {
  const text = /^https?:\/\//.test(source) ? await (await fetch(source)).text() : readFileSync(source, 'utf8')
  const list = JSON.parse(text) as CityKeyList
  return list.keys.map((k) => ({ kid: k.kid, publicKey: k.publicKey, retiredAt: k.retiredAt ? Math.floor(Date.parse(k.retiredAt) / 1000) : null }))
}

async function main(args: string[]): Promise<number> {
  const [command, ...rest] = args
  if (command === 'new-key') {
    console.log(newSigningKeyText())
    return 0
  }
  if (command === 'rotate-key') {
    const store = createKeyStore(loadConfig())
    const key = store.rotate(new Date())
    console.log(JSON.stringify({ active: key.kid, keys: store.published() }))
    return 0
  }
  if (command !== 'verify' || !rest[0] || rest[0].startsWith('--')) {
    console.error(USAGE)
    return 2
  }
  const scene = option(rest, '--scene') ?? ''
  if (!isCityScene(scene)) {
    console.error(`场景 "${scene}" 无效\n${USAGE}`)
    return 2
  }
  const keys = await loadKeys(option(rest, '--keys') ?? 'http://localhost:8080/api/citycode/keys')
  const result = createVerifier(keys).verify(rest[0], scene, new Date())
  if (result.ok) {
    const c = result.claims
    console.log(JSON.stringify({ ok: true, scene: c.scene, kind: c.kind, subject: c.sub, kid: c.kid, validUntil: new Date(c.exp * 1000).toISOString() }))
    return 0
  }
  console.log(JSON.stringify({ ok: false, reason: result.reason, message: REASON_LABELS[result.reason] }))
  return 1
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err)
    process.exit(2)
  },
)
