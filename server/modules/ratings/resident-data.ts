// 好差评 in the account hooks (registered in server/modules/index.ts): an account merge moves the ratings and 整改
// orders, the PIPL export lists the resident's ratings, and erasure keeps every count but drops the comment, the
// photo and the link to the person.
import type { Queryable } from '../../db'
import type { AccountHooks } from '../identity/account-hooks'
import { accountRepo } from './account.repo'

export const ratingsAccountHooks: AccountHooks = {
  module: 'ratings',
  ownedTables: ['ratings', 'rating_rectifications'],
  export: { name: 'ratings', collect: (db: Queryable, userId: string) => accountRepo.exportRows(db, userId) },
  erase: (tx: Queryable, userId: string) => accountRepo.anonymise(tx, userId),
}
