// What every part of the ratings module works with: the database, the data keys (photo addresses), the clock and the
// 整改 deadline in working days (RECTIFY_DAYS).
import type { DataCrypto } from '../../crypto'
import type { Db } from '../../db'
import { AppError } from '../../errors'

export interface RatingsContext {
  db: Db
  crypto: DataCrypto
  clock: () => Date
  rectifyDays: number
}

export const notFound = (message = '找不到该记录') => new AppError(404, 'NOT_FOUND', message)

/** A required text, trimmed; 400 RECTIFY_INCOMPLETE with `prompt` when empty. */
export function required(text: string, prompt: string): string {
  const t = text.trim()
  if (!t) throw new AppError(400, 'RECTIFY_INCOMPLETE', prompt)
  return t
}
