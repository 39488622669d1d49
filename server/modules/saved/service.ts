// Rules for 我的收藏 and 最近浏览: only active catalog items are kept, 最近浏览 holds the latest RECENT_MAX, and a device's
// lists merge into the account (a mark from the device's future counts as now).
import type { SavedLists, SavedMergeBody } from '@contract/saved'
import type { Db } from '../../db'
import { AppError } from '../../errors'
import type { SavedRepo } from './repo'

export function createSavedService(deps: { db: Db; repo: SavedRepo; clock: () => Date }) {
  const { db, repo, clock } = deps

  async function lists(userId: string): Promise<SavedLists> {
    return { favourites: await repo.favourites(userId), recent: await repo.recent(userId) }
  }

  async function mustExist(code: string): Promise<void> {
    if (!(await repo.knownCodes([code])).has(code)) throw new AppError(404, 'SERVICE_NOT_FOUND', '没有找到这个办事事项，可能已调整或停办')
  }

  return {
    lists,

    async addFavourite(userId: string, code: string): Promise<void> {
      await mustExist(code)
      await repo.addFavourite(userId, code, clock())
    },

    removeFavourite: (userId: string, code: string) => repo.removeFavourite(userId, code),

    async view(userId: string, code: string): Promise<void> {
      await mustExist(code)
      await db.transaction(async (tx) => {
        await repo.view(userId, code, clock(), tx)
        await repo.trimRecent(userId, tx)
      })
    },

    clearRecent: (userId: string) => repo.clearRecent(userId),

    async merge(userId: string, body: SavedMergeBody): Promise<SavedLists> {
      const { favourites, recent, removedFavourites = [] } = body
      // The device's clock is not trusted beyond "now": a mark from the future counts as now.
      const now = clock().getTime()
      const at = (ms: number) => new Date(Math.min(ms, now))
      const known = await repo.knownCodes([...favourites, ...recent].map((m) => m.code))
      await db.transaction(async (tx) => {
        if (removedFavourites.length) await repo.removeFavourites(userId, removedFavourites, tx)
        const removed = new Set(removedFavourites)
        const favs = favourites.filter((f) => known.has(f.code) && !removed.has(f.code))
        const views = recent.filter((v) => known.has(v.code))
        if (favs.length) await repo.mergeFavourites(userId, favs.map((f) => ({ code: f.code, at: at(f.at) })), tx)
        if (views.length) await repo.mergeRecent(userId, views.map((v) => ({ code: v.code, at: at(v.at) })), tx)
        await repo.trimRecent(userId, tx)
      })
      return lists(userId)
    },
  }
}

export type SavedService = ReturnType<typeof createSavedService>
