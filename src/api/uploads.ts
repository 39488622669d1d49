// Photo uploads (multipart, POST /api/uploads) over their own transport, worded like every other call, and the
// photo addresses a mini-program needs absolute.
import type { Upload } from '@contract/upload'
import { decodeBody, fits, type TransportResponse } from './client'
import { ApiError, MESSAGES, errorFromResponse, errorFromTransport } from './errors'

export interface UploadRequest {
  url: string
  filePath: string
  header: Record<string, string>
  timeout: number
}
/** Sends one file as multipart (Taro.uploadFile in the app); resolves on any HTTP status, rejects when no answer came. */
export type UploadTransport = (req: UploadRequest) => Promise<TransportResponse>

/** Photo addresses may come relative (/api/uploads/…); a mini-program needs them absolute, on the API's origin. */
export function absoluteUrl(baseUrl: string, url: string): string {
  if (!url.startsWith('/')) return url
  const m = /^(https?:\/\/[^/]+)/.exec(baseUrl)
  return m ? `${m[1]}${url}` : url
}

/** Sends one photo to POST /api/uploads; ApiError on failure, worded like every other call. */
export async function uploadPhoto(upload: UploadTransport, baseUrl: string, token: string, filePath: string): Promise<Upload> {
  let res
  try {
    res = await upload({
      url: `${baseUrl.replace(/\/+$/, '')}/uploads`,
      filePath,
      header: { Accept: 'application/json', Authorization: `Bearer ${token}` },
      timeout: 60_000,
    })
  } catch (err) {
    throw errorFromTransport(err)
  }
  const data = decodeBody(res.data)
  if (res.statusCode >= 200 && res.statusCode < 300 && fits(data, { id: 'string', url: 'string' })) return data as Upload
  if (res.statusCode >= 200 && res.statusCode < 300) throw new ApiError('server', 'BAD_RESPONSE', MESSAGES.badResponse, res.statusCode)
  throw errorFromResponse(res.statusCode, data, res.header)
}

/** Uploads several photos in order with one token and returns their ids; throws the first failure. */
export async function uploadPhotos(upload: UploadTransport, baseUrl: string, token: string, paths: string[]): Promise<string[]> {
  const ids: string[] = []
  for (const p of paths) ids.push((await uploadPhoto(upload, baseUrl, token, p)).id)
  return ids
}

/**
 * What sending a resident's photos needs: the platform's upload transport (none where there is none), the API's
 * address and the session token.
 */
export interface PhotoSender {
  upload?: UploadTransport
  baseUrl: string
  getToken: () => string | undefined
}

/**
 * Sends the resident's photos (local paths) in order and returns their ids: UNAUTHORIZED without a session,
 * UPLOAD_UNAVAILABLE without a transport, else the first failure.
 */
export async function sendPhotos(s: PhotoSender, paths: string[]): Promise<string[]> {
  const token = s.getToken()
  if (!token) throw new ApiError('auth', 'UNAUTHORIZED', MESSAGES.auth, 401)
  if (!s.upload) throw new ApiError('client', 'UPLOAD_UNAVAILABLE', '当前环境不支持上传照片')
  return uploadPhotos(s.upload, s.baseUrl, token, paths)
}
