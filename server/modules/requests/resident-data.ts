// The resident's requests in the account hooks (registered in server/modules/index.ts): account merges move them
// (and the resident's uploads), the PIPL export lists them, and erasure drops the contact details (the request itself
// stays for statistics, without anyone to reach); the resident's unattached photos go in
// server/modules/uploads/resident-data.ts (rows and files).
import type { AccountHooks } from '../identity/account-hooks'
import { requestsRepo } from './repo'

export const requestAccountHooks: AccountHooks = {
  module: 'requests',
  ownedTables: ['requests', 'uploads'],
  export: { name: 'requests', collect: (db, userId) => requestsRepo.exportOfUser(db, userId) },
  erase: (tx, userId) => requestsRepo.dropContactsOfUser(tx, userId),
}
