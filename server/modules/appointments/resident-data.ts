// Bookings in the account hooks (registered in server/modules/index.ts): an account merge moves them (a duplicate
// active booking for the same service is cancelled and its seat released), the PIPL export lists them, erasure
// cancels the open ones, releases their seats and withdraws their reminders.
import type { Queryable } from '../../db'
import type { AccountHooks } from '../identity/account-hooks'
import { cancelNotice } from '../outbox'
import { accountRepo } from './account.repo'
import { createAppointmentsRepo, reminderKey } from './repo'

export const appointmentAccountHooks: AccountHooks = {
  module: 'appointments',

  async merge(tx: Queryable, from: string, to: string) {
    const seats = createAppointmentsRepo(tx)
    for (const slotId of await accountRepo.cancelMergeDuplicates(tx, from, to)) await seats.releaseSeat(slotId)
    await accountRepo.moveBookings(tx, from, to)
    await accountRepo.dropIdempotencyKeys(tx, from)
  },

  export: { name: 'appointments', collect: (db: Queryable, userId: string) => accountRepo.exportRows(db, userId) },

  async erase(tx: Queryable, userId: string, now: Date) {
    const seats = createAppointmentsRepo(tx)
    for (const a of await accountRepo.cancelOpenBookings(tx, userId, '账号已注销', now)) {
      await seats.releaseSeat(a.slot_id)
      await cancelNotice(tx, reminderKey(a))
    }
    await accountRepo.dropIdempotencyKeys(tx, userId)
  },
}
