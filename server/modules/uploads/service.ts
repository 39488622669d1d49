// Photo uploads: decode the bytes with sharp (never trust the name), re-encode as JPEG with orientation applied and
// every metadata block (EXIF incl. GPS, XMP, IPTC) dropped, store, and sign short-lived addresses for reading back.
import { randomUUID, timingSafeEqual } from 'node:crypto'
import sharp, { type Metadata } from 'sharp'
import type { Upload } from '@contract/upload'
import type { DataCrypto } from '../../crypto'
import { AppError } from '../../errors'
import { checkPdf, looksLikePdf } from './pdf'
import type { UploadRow, UploadsRepo } from './repo'
import type { PhotoStorage } from './storage'

/** Longest side of the stored copy. */
export const MAX_SIDE = 2560
const URL_TTL_MS = 3600_000

export const notAnImage = () => new AppError(415, 'NOT_AN_IMAGE', '只能上传图片（JPG、PNG、WebP 等），该文件不是有效的图片')

export interface CleanImage {
  bytes: Buffer
  width: number
  height: number
}

/** Decodes and re-encodes; throws 415 NOT_AN_IMAGE for anything sharp cannot decode as an image. */
export async function cleanImage(input: Buffer): Promise<CleanImage> {
  let meta: Metadata
  try {
    meta = await sharp(input, { failOn: 'error' }).metadata()
  } catch {
    throw notAnImage()
  }
  if (!meta.format || !meta.width || !meta.height || ['svg', 'pdf'].includes(meta.format)) throw notAnImage()
  try {
    // rotate() without arguments applies the EXIF orientation; without withMetadata() sharp writes no metadata.
    const { data, info } = await sharp(input, { failOn: 'error' })
      .rotate()
      .resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 85, mozjpeg: false })
      .toBuffer({ resolveWithObject: true })
    return { bytes: data, width: info.width, height: info.height }
  } catch {
    throw notAnImage()
  }
}

/** Expiry rounded to the hour so the same photo keeps one address for a while (caches, setData diffs). */
function expiry(now: Date): number {
  return Math.ceil((now.getTime() + URL_TTL_MS) / URL_TTL_MS) * (URL_TTL_MS / 1000)
}

function signature(crypto: DataCrypto, id: string, exp: number): string {
  return crypto.lookup('upload_url', `${id}.${exp}`).slice(0, 32)
}

/** `/api/uploads/<id>?exp=…&sig=…`: hand it out only to someone allowed to see the photo. */
export function photoUrl(crypto: DataCrypto, id: string, now: Date): string {
  const exp = expiry(now)
  return `/api/uploads/${id}?exp=${exp}&sig=${signature(crypto, id, exp)}`
}

export function verifyPhotoUrl(crypto: DataCrypto, id: string, exp: number, sig: string, now: Date): boolean {
  if (!Number.isSafeInteger(exp) || exp * 1000 < now.getTime()) return false
  const want = Buffer.from(signature(crypto, id, exp))
  const got = Buffer.from(sig)
  return want.length === got.length && timingSafeEqual(want, got)
}

export function createUploadsService(deps: { repo: UploadsRepo; storage: PhotoStorage; crypto: DataCrypto; clock: () => Date }) {
  const { repo, storage, crypto, clock } = deps

  async function storePdf(input: Buffer, owner: { userId: string } | { staffId: string }): Promise<Upload> {
    const { pages } = checkPdf(input)
    const now = clock()
    const id = randomUUID()
    const key = `${now.toISOString().slice(0, 4)}/${now.toISOString().slice(5, 7)}/${id}.pdf`
    await storage.put(key, input)
    try {
      const base = { id, storageKey: key, bytes: input.length, width: 0, height: 0, now, contentType: 'application/pdf' as const, pages }
      await repo.insert({ ...base, userId: 'userId' in owner ? owner.userId : null, staffId: 'staffId' in owner ? owner.staffId : null })
    } catch (err) {
      await storage.delete(key)
      throw err
    }
    return { id, url: photoUrl(crypto, id, now), contentType: 'application/pdf', width: 0, height: 0, bytes: input.length, pages }
  }

  return {
    /**
     * `sentAsPdf`: the name or type says PDF — then it must parse as one (415 NOT_A_PDF). A well-formed PDF sent under
     * another name is kept as a PDF too; anything else must decode as an image (415 NOT_AN_IMAGE).
     */
    async store(input: Buffer, owner: { userId: string } | { staffId: string }, sentAsPdf = false): Promise<Upload> {
      if (sentAsPdf) return storePdf(input, owner)
      if (looksLikePdf(input)) {
        try {
          checkPdf(input)
        } catch {
          throw notAnImage()
        }
        return storePdf(input, owner)
      }
      const clean = await cleanImage(input)
      const now = clock()
      const id = randomUUID()
      const key = `${now.toISOString().slice(0, 4)}/${now.toISOString().slice(5, 7)}/${id}.jpg`
      await storage.put(key, clean.bytes)
      try {
        await repo.insert({
          id,
          userId: 'userId' in owner ? owner.userId : null,
          staffId: 'staffId' in owner ? owner.staffId : null,
          storageKey: key,
          bytes: clean.bytes.length,
          width: clean.width,
          height: clean.height,
          now,
        })
      } catch (err) {
        await storage.delete(key)
        throw err
      }
      return { id, url: photoUrl(crypto, id, now), contentType: 'image/jpeg', width: clean.width, height: clean.height, bytes: clean.bytes.length }
    },

    row: (id: string): Promise<UploadRow | null> => repo.byId(id),

    /** Who may see the request a photo is attached to. */
    requestOwner: (requestId: string) => repo.requestOwner(requestId),

    async bytes(row: UploadRow): Promise<Buffer | null> {
      return storage.get(row.storage_key)
    },
  }
}
