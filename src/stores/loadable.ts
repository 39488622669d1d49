// Load state shared by stores that fetch a list: idle → loading → ready | failed, with the person-facing error.
import type { ApiError } from '../api/errors'

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'failed'

export interface LoadState {
  status: LoadStatus
  error: ApiError | undefined
}
