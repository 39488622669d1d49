// Notices in the resident's account hooks: queued and sent notices follow their resident when two accounts merge.
import type { AccountHooks } from '../identity/account-hooks'

export const outboxAccountHooks: AccountHooks = { module: 'outbox', ownedTables: ['outbox'] }
