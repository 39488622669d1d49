// SessionStore: the signed-in session token, kept in the platform's storage so it survives a restart.
import { makeAutoObservable } from 'mobx'

export interface KeyValueStorage {
  get(key: string): string | undefined
  set(key: string, value: string): void
  remove(key: string): void
}

const TOKEN_KEY = 'onestop.session'

export class SessionStore {
  token: string | undefined

  constructor(private readonly storage: KeyValueStorage) {
    this.token = storage.get(TOKEN_KEY) || undefined
    makeAutoObservable<SessionStore, 'storage'>(this, { storage: false })
  }

  get signedIn(): boolean {
    return Boolean(this.token)
  }

  setToken(token: string): void {
    this.token = token
    this.storage.set(TOKEN_KEY, token)
  }

  clear(): void {
    this.token = undefined
    this.storage.remove(TOKEN_KEY)
  }
}

/** In-memory storage, for tests and for platforms where storage is unavailable. */
export function memoryStorage(): KeyValueStorage {
  const map = new Map<string, string>()
  return {
    get: (k) => map.get(k),
    set: (k, v) => void map.set(k, v),
    remove: (k) => void map.delete(k),
  }
}
