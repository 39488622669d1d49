// The 12345 filing draft as data: its shape, a fresh one with its Idempotency-Key, reading it back from storage,
// the checks before submitting, and the request body it becomes. Pure: the store (request-draft.ts) holds the state.
import type { FileRequestBody, FiledRequest, RequestLocation, RequestType } from '@contract/request'
import { GZ_DISTRICTS } from '@domain/districts'
import { isMobilePhone, normalizePhone } from '@domain/phone'
import { CONTENT_MAX, CONTENT_MIN, MAX_PHOTOS, contentLength } from '@domain/workorder'

/** The district named in an address (as the map picker gives it), if it is one of Guangzhou's. */
export function districtOf(address: string): string | undefined {
  return GZ_DISTRICTS.find((d) => address.includes(d.name))?.name
}

export interface DraftPhoto {
  /** Stable key for lists. */
  key: string
  /** Where the picked file is on this device (temp path, or a blob: URL on H5). */
  localPath: string
  /** Set once uploaded. */
  uploadId?: string
  url?: string
  status: 'pending' | 'uploading' | 'done' | 'failed'
  error?: string
}

export interface DraftLocation {
  /** Device position or map point; absent for a typed address. */
  lat?: number
  lng?: number
  /** Place name from the map picker, shown above the address. */
  name?: string
  address: string
  district: string
  /** How the place was given: picked on the map, the device position, or typed. */
  source: 'map' | 'position' | 'typed'
}

export interface RequestDraft {
  /** Idempotency-Key for POST /api/requests: made once per draft, kept across retries and restarts. */
  key: string
  type: RequestType | undefined
  /** The category the resident chose; undefined follows the suggestion from the text. */
  category: string | undefined
  content: string
  location: DraftLocation | undefined
  photos: DraftPhoto[]
  contactPhone: string
  anonymous: boolean
  public: boolean
  /** A submit was sent and its answer never arrived: it may have been filed. */
  inDoubt: boolean
  updatedAt: number
}

export type DraftField = 'type' | 'content' | 'location' | 'photos' | 'contactPhone'
export type DraftErrors = Partial<Record<DraftField, string>>

export type SubmitOutcome =
  | { ok: true; filed: FiledRequest }
  | { ok: false; reason: 'invalid' | 'signin' | 'photos' | 'failed' | 'busy' }

export function randomChars(n: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
  let s = ''
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(Math.random() * alphabet.length)]
  return s
}

/** A fresh Idempotency-Key: time + 20 random characters (matches ^[A-Za-z0-9_-]{8,128}$). */
export function newIdempotencyKey(now = Date.now()): string {
  return `req-${now.toString(36)}-${randomChars(20)}`
}

export function emptyDraft(now: number): RequestDraft {
  return {
    key: newIdempotencyKey(now),
    type: undefined,
    category: undefined,
    content: '',
    location: undefined,
    photos: [],
    contactPhone: '',
    anonymous: false,
    public: false,
    inDoubt: false,
    updatedAt: now,
  }
}

/** A draft from its stored JSON, or undefined when there is none or it cannot be read. */
export function parseDraft(raw: string | undefined, now: number): RequestDraft | undefined {
  if (!raw) return undefined
  try {
    const d = JSON.parse(raw) as RequestDraft
    if (!d || typeof d.key !== 'string' || typeof d.content !== 'string') return undefined
    // An upload cut off by closing the app is retried, not shown as running.
    const photos = (d.photos ?? []).map((p) => (p.status === 'uploading' ? { ...p, status: 'pending' as const } : p))
    return { ...emptyDraft(now), ...d, photos }
  } catch {
    return undefined
  }
}

/** What must be fixed before the draft can be sent, per field (empty when nothing). */
export function validateDraft(d: RequestDraft): DraftErrors {
  const errors: DraftErrors = {}
  if (!d.type) errors.type = '请选择诉求类型'
  const n = contentLength(d.content)
  if (n < CONTENT_MIN) errors.content = `诉求内容至少需要 ${CONTENT_MIN} 个字，现在是 ${n} 个字`
  else if (n > CONTENT_MAX) errors.content = `诉求内容不能超过 ${CONTENT_MAX} 个字，现在是 ${n} 个字`
  if (d.location) {
    if (!d.location.district) errors.location = '请选择所在区'
    else if (!d.location.address.trim()) errors.location = '请填写详细地址'
  }
  if (d.contactPhone.trim() && !isMobilePhone(d.contactPhone)) errors.contactPhone = '请输入 11 位手机号，或留空使用登录手机号'
  if (d.photos.length > MAX_PHOTOS) errors.photos = `最多上传 ${MAX_PHOTOS} 张照片`
  return errors
}

/** The POST /api/requests body of a checked draft (a typed address is placed at its district's centre). */
export function draftBody(d: RequestDraft, category: string | undefined): FileRequestBody {
  let location: RequestLocation | undefined
  if (d.location && d.location.district && d.location.address.trim()) {
    const centre = GZ_DISTRICTS.find((x) => x.name === d.location!.district)
    const lat = d.location.lat ?? centre?.lat
    const lng = d.location.lng ?? centre?.lng
    if (lat !== undefined && lng !== undefined) {
      const address = [d.location.name, d.location.address.trim()].filter((s) => s && s.trim()).join(' ')
      location = { lat, lng, address: Array.from(address).slice(0, 200).join(''), district: d.location.district }
    }
  }
  const photos = d.photos.filter((p) => p.status === 'done' && p.uploadId).map((p) => p.uploadId!)
  return {
    type: d.type!,
    ...(category ? { category } : {}),
    content: d.content.trim(),
    ...(location ? { location } : {}),
    ...(photos.length ? { photos } : {}),
    ...(d.contactPhone.trim() ? { contactPhone: normalizePhone(d.contactPhone) } : {}),
    anonymous: d.anonymous,
    public: d.public,
  }
}
