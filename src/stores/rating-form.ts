// What the two rating forms share (hall visit: ratings.ts, 办件: application-rating.ts): the request body built from
// the draft, and the optional photo sent first. One write at a time: busy-write.ts.
import { absoluteUrl, sendPhotos, type PhotoSender } from '@/api/uploads'

export type { PhotoSender }

export interface RatingDraft<I> {
  level: number | undefined
  indicators: Partial<I>
  comment: string
  resolved: boolean | undefined
  /** The photo picked (a local path, a blob: URL on H5), sent to POST /api/uploads when the rating is. */
  photo: string | undefined
}

/** Sends the draft's photo to POST /api/uploads: its id, or undefined when none was picked. ApiError on failure. */
export async function sendPhoto(s: PhotoSender, path: string | undefined): Promise<string | undefined> {
  return path ? (await sendPhotos(s, [path]))[0] : undefined
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
