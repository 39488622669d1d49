// SavedStore: 我的收藏 and 最近浏览 — on the device always (so they show offline and signed out), and in the account
// when signed in: each change is sent at once, and syncSaved brings the two together.
import { makeAutoObservable, runInAction } from 'mobx'
import type { SavedMergeBody } from '@contract/saved'
import type { ApiClient } from '@/api/client'
import * as endpoints from '@/api/saved'
import { CATALOG_KEYS as KEY, RECENT_MAX, type DeviceCache } from './catalog'
import type { LoadStatus } from './loadable'

/** What 我的收藏 / 最近浏览 keep of an item: enough to show and open it without the network. */
export interface SavedService {
  code: string
  name: string
  department: string
  /** When it was saved or last opened (ms since epoch). */
  at: number
}

type SavedItemInput = { code: string; name: string; department: { name: string } }

export class SavedStore {
  favourites: SavedService[] = []
  recent: SavedService[] = []
  /** Whether the lists were last brought in line with the account ('idle' when signed out). */
  syncStatus: LoadStatus = 'idle'

  constructor(
    private readonly api: ApiClient,
    private readonly cache: DeviceCache,
    private readonly signedIn: () => boolean,
    private readonly now: () => number = Date.now,
  ) {
    this.favourites = cache.read<SavedService[]>(KEY.favourites) ?? []
    this.recent = cache.read<SavedService[]>(KEY.recent) ?? []
    makeAutoObservable<SavedStore, 'api' | 'cache' | 'signedIn' | 'now'>(this, { api: false, cache: false, signedIn: false, now: false })
  }

  isFavourite(code: string): boolean {
    return this.favourites.some((f) => f.code === code)
  }

  toggleFavourite(item: SavedItemInput): boolean {
    const on = !this.isFavourite(item.code)
    this.favourites = on
      ? [{ code: item.code, name: item.name, department: item.department.name, at: this.now() }, ...this.favourites]
      : this.favourites.filter((f) => f.code !== item.code)
    this.cache.write(KEY.favourites, this.favourites)
    const removed = new Set(this.cache.read<string[]>(KEY.removed) ?? [])
    if (on) removed.delete(item.code)
    else removed.add(item.code)
    this.cache.write(KEY.removed, [...removed])
    this.push(on ? () => endpoints.addFavourite(this.api, item.code) : () => endpoints.removeFavourite(this.api, item.code), true)
    return on
  }

  /** Records an opened guide at the top of 最近浏览 (at most RECENT_MAX, no repeats). */
  viewed(item: SavedItemInput): void {
    const entry: SavedService = { code: item.code, name: item.name, department: item.department.name, at: this.now() }
    this.recent = [entry, ...this.recent.filter((r) => r.code !== item.code)].slice(0, RECENT_MAX)
    this.cache.write(KEY.recent, this.recent)
    this.push(() => endpoints.addRecent(this.api, item.code), false)
  }

  clearRecent(): void {
    this.recent = []
    this.cache.remove(KEY.recent)
    this.push(() => endpoints.clearRecent(this.api), true)
  }

  /**
   * Brings the device's lists and the account's together (at sign-in, at start, when 我的收藏 opens): the device
   * sends what it holds and what it removed, the account answers the union, which both then keep.
   */
  async sync(): Promise<void> {
    if (!this.signedIn()) {
      this.syncStatus = 'idle'
      return
    }
    this.syncStatus = 'loading'
    const body: SavedMergeBody = {
      favourites: this.favourites.slice(0, 200).map((f) => ({ code: f.code, at: Math.round(f.at) })),
      recent: this.recent.map((r) => ({ code: r.code, at: Math.round(r.at) })),
      removedFavourites: (this.cache.read<string[]>(KEY.removed) ?? []).slice(0, 200),
    }
    try {
      const lists = await endpoints.mergeSaved(this.api, body)
      runInAction(() => {
        this.favourites = lists.favourites
        this.recent = lists.recent
        this.syncStatus = 'ready'
      })
      this.cache.write(KEY.favourites, lists.favourites)
      this.cache.write(KEY.recent, lists.recent)
      this.cache.remove(KEY.removed)
      this.cache.remove(KEY.unsynced)
    } catch {
      // The device's lists stay as they are and are offered again at the next sync.
      runInAction(() => {
        this.syncStatus = 'failed'
      })
    }
  }

  /**
   * Sends one change to the account; if that fails the change waits on the device for the next sync. A delivered
   * change to the favourites (or a cleared 最近浏览) also settles the device's list of removals.
   */
  private push(send: () => Promise<void>, settlesRemovals: boolean): void {
    if (!this.signedIn()) return
    send().then(
      () => {
        if (settlesRemovals && !this.cache.storage.get(KEY.unsynced)) this.cache.remove(KEY.removed)
      },
      () => this.cache.storage.set(KEY.unsynced, '1'),
    )
  }
}
