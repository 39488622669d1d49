// 收藏 and 最近浏览 in the resident's account hooks: a merge gives the kept account the union (the earlier save, the later
// view), the PIPL export lists both, erasure deletes both.
import type { AccountHooks } from '../identity/account-hooks'
import { createSavedRepo } from './repo'

export const savedAccountHooks: AccountHooks = {
  module: 'saved',
  merge: (tx, from, to) => createSavedRepo(tx).moveToAccount(from, to),
  export: {
    name: '收藏与最近浏览',
    async collect(db, userId) {
      const repo = createSavedRepo(db)
      return { favourites: await repo.favourites(userId), recent: await repo.recent(userId) }
    },
  },
  erase: (tx, userId) => createSavedRepo(tx).eraseAll(userId),
}
