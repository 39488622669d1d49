// What the two rating forms share (hall visit: ratings.ts, 办件: application-rating.ts): one write at a time with the
// server's words kept on failure, and the request body built from the draft.
import { runInAction } from 'mobx'
import { toApiError } from '@/api/errors'

export interface RatingDraft<I> {
  level: number | undefined
  indicators: Partial<I>
  comment: string
  resolved: boolean | undefined
}

/** The body of a rate request from a complete draft (`level` checked by the caller): empty comment and unanswered 问题是否解决 left out. */
export function rateBody<I>(d: RatingDraft<I> & { level: number }): { level: number; indicators: I; comment?: string; resolved?: boolean } {
  return {
    level: d.level,
    indicators: d.indicators as I,
    ...(d.comment.trim() ? { comment: d.comment.trim() } : {}),
    ...(d.resolved !== undefined ? { resolved: d.resolved } : {}),
  }
}

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
