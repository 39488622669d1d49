// API keys for partner systems (Open311 clients, city-code scanners). A key is shown once when created; the database
// keeps only its SHA-256. Scopes: 'open311', or 'citycode:<scene>' for one city-code scene.
import { randomBytes, randomUUID } from 'node:crypto'
import type { Queryable } from '../db'
import { tokenHash } from '../crypto'
import { insertApiKey, listApiKeys, revokeApiKeyRow, useApiKey, type ApiKeyRow } from './repo'

export { listApiKeys, type ApiKeyRow }

const SCOPE = /^(open311|citycode:[a-z0-9_-]{1,32})$/

export class ApiKeyError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ApiKeyError'
  }
}

export function isApiKeyScope(scope: string): boolean {
  return SCOPE.test(scope)
}

/** Creates a key and returns it in the clear: the only time anyone sees it. */
export async function createApiKey(db: Queryable, name: string, scope: string, now = new Date()): Promise<{ id: string; key: string }> {
  const trimmed = name.trim()
  if (!trimmed || trimmed.length > 100) throw new ApiKeyError('名称不能为空，且不超过 100 个字符')
  if (!isApiKeyScope(scope)) throw new ApiKeyError(`权限范围 "${scope}" 无效：应为 open311 或 citycode:<场景>（如 citycode:transit）`)
  const key = `os_${randomBytes(24).toString('base64url')}`
  const id = randomUUID()
  await insertApiKey(db, { id, name: trimmed, scope, keyHash: tokenHash(key), now })
  return { id, key }
}

/**
 * The key's row when `key` is a live key for `scope` (a scope ending in ':*' accepts any scene of that prefix);
 * null otherwise. Records when it was last used.
 */
export async function verifyApiKey(db: Queryable, key: string | undefined | null, scope: string, now = new Date()): Promise<ApiKeyRow | null> {
  if (!key || key.length > 200) return null
  const row = await useApiKey(db, tokenHash(key), now)
  if (!row) return null
  if (scope.endsWith(':*') ? !row.scope.startsWith(scope.slice(0, -1)) : row.scope !== scope) return null
  return row
}

export function revokeApiKey(db: Queryable, id: string, now = new Date()): Promise<boolean> {
  return revokeApiKeyRow(db, id, now)
}
