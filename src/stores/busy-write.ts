// One write of a form at a time, the server's words kept on failure: what the rating forms (ratings.ts,
// application-rating.ts) and the staff desks (hall-desk.ts, rectify-desk.ts) share.
import { runInAction } from 'mobx'
import { toApiError } from '@/api/errors'

/** Runs one write of a form: refused (false) while another runs; on failure the server's message is kept in `problem`. */
export async function busyWrite(state: { busy: boolean; problem: string }, fn: () => Promise<void>): Promise<boolean> {
  if (state.busy) return false
  state.busy = true
  state.problem = ''
  try {
    await fn()
    runInAction(() => {
      state.busy = false
    })
    return true
  } catch (err) {
    runInAction(() => {
      state.problem = toApiError(err).message
      state.busy = false
    })
    return false
  }
}
