// What the two rating forms share (hall visit: ratings.ts, 办件: application-rating.ts): one write at a time with the
// server's words kept on failure, the request body built from the draft, and the optional photo sent first.
import { runInAction } from 'mobx'
import { ApiError, MESSAGES, toApiError } from '@/api/errors'
import { absoluteUrl, uploadPhoto, type UploadTransport } from '@/api/uploads'

export interface RatingDraft<I> {
  level: number | undefined
  indicators: Partial<I>
  comment: string
  resolved: boolean | undefined
  /** The photo picked (a local path, a blob: URL on H5), sent to POST /api/uploads when the rating is. */
  photo: string | undefined
}

/** What sending a photo needs: the upload transport, the API's address and the resident's token. */
export interface PhotoSender {
  upload?: UploadTransport
  baseUrl: string
  getToken: () => string | undefined
}

/** Sends the draft's photo to POST /api/uploads: its id, or undefined when none was picked. ApiError on failure. */
export async function sendPhoto(s: PhotoSender, path: string | undefined): Promise<string | undefined> {
  if (!path) return undefined
  const token = s.getToken()
  if (!token) throw new ApiError('auth', 'UNAUTHORIZED', MESSAGES.auth, 401)
  if (!s.upload) throw new ApiError('client', 'UPLOAD_UNAVAILABLE', '当前环境不支持上传照片')
  return (await uploadPhoto(s.upload, s.baseUrl, token, path)).id
}

/** A rating photo's address as the page shows it (absolute on the API's origin for a mini-program). */
export const photoAddress = (s: PhotoSender, url: string): string => absoluteUrl(s.baseUrl, url)

/**
 * The body of a rate request from a complete draft (`level` checked by the caller) and the id of its sent photo: empty
 * comment, unanswered 问题是否解决 and no photo left out.
 */
export function rateBody<I>(
  d: RatingDraft<I> & { level: number },
  photo?: string,
): { level: number; indicators: I; comment?: string; resolved?: boolean; photo?: string } {
  return {
    level: d.level,
    indicators: d.indicators as I,
    ...(d.comment.trim() ? { comment: d.comment.trim() } : {}),
    ...(d.resolved !== undefined ? { resolved: d.resolved } : {}),
    ...(photo ? { photo } : {}),
  }
}

/** An empty draft. */
export const emptyRatingDraft = <I>(): RatingDraft<I> => ({ level: undefined, indicators: {}, comment: '', resolved: undefined, photo: undefined })

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
